"""Per-authority configuration: who the authority is, its codes, contact, and its priorities."""

from directory.localoffer.config import (
    Authority,
    AuthorityConfig,
    Branding,
    Contact,
    Priority,
    load_config,
)
from directory.localoffer.rules import Rule

__all__ = ["Authority", "AuthorityConfig", "Branding", "Contact", "Priority", "Rule", "load_config"]
