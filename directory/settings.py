"""The one place that reads the environment.

Everything else receives a ``Settings`` object: ``create_app(settings)``, the CLI commands and the
tests build one and pass it down, so nothing is configured at import time.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


def default_config_path() -> Path:
    """The bundled Barnet configuration."""
    return Path(str(resources.files("directory.localoffer").joinpath("barnet.toml")))


class Settings(BaseSettings):
    """Runtime settings, from environment variables and an optional ``.env`` file."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    data_dir: Path = Field(default=Path("var"), alias="LOCAL_OFFER_DATA_DIR")
    database_url_setting: str | None = Field(default=None, alias="DATABASE_URL")
    index_dir_setting: Path | None = Field(default=None, alias="LOCAL_OFFER_INDEX_DIR")
    config_path_setting: Path | None = Field(default=None, alias="LOCAL_OFFER_CONFIG")
    # A random key per process is safe for a single development process; production sets one so
    # that cookies (CSRF, shortlist) survive restarts and are shared by all processes.
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32), alias="LOCAL_OFFER_SECRET_KEY"
    )
    log_level: LogLevel = Field(default="INFO", alias="LOCAL_OFFER_LOG_LEVEL")
    geocoder: str | None = Field(default=None, alias="LOCAL_OFFER_GEOCODER")

    @field_validator(
        "database_url_setting",
        "index_dir_setting",
        "config_path_setting",
        "geocoder",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # An exported but empty variable (DATABASE_URL=) means "use the default", not "here".
        return None if isinstance(value, str) and not value.strip() else value

    @cached_property
    def database_url(self) -> str:
        if self.database_url_setting:
            return normalise_database_url(self.database_url_setting)
        return f"sqlite:///{(self.data_dir / 'local-offer.sqlite3').resolve()}"

    @cached_property
    def index_dir(self) -> Path:
        return self.index_dir_setting or self.data_dir / "index"

    @cached_property
    def config_path(self) -> Path:
        return self.config_path_setting or default_config_path()


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the common way (``postgresql://``)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
