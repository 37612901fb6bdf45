"""Which part of a national register an import keeps: the authority's codes, from its config.

Registers (GIAS, CQC, ODS, the Charity Commission, DfE statistics) publish the whole country; a
Local Offer wants its own authority (and, for statistics, its region and England to compare
with). Parsers of those formats take a ``Scope``; the other formats ignore it.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.localoffer import AuthorityConfig

ENGLAND = "E92000001"


@dataclass(frozen=True)
class Scope:
    """The authority an import is for; ``everywhere`` keeps every area of a national file."""

    la_code: str  # DfE three-digit code: GIAS "LA (code)", statistics "old_la_code"
    gss_code: str  # ONS code: E09000003
    region_code: str  # E12000007
    name: str = ""
    commissioner_codes: tuple[str, ...] = ()  # NHS ODS commissioners (CCG / sub-ICB location)
    register_names: tuple[str, ...] = ()  # how registers name the authority ("Barnet")
    postcode_districts: tuple[str, ...] = ()  # wholly or partly in the authority
    everywhere: bool = False

    @classmethod
    def of(cls, config: AuthorityConfig, *, everywhere: bool = False) -> Scope:
        authority = config.authority
        return cls(
            la_code=authority.la_code,
            gss_code=authority.gss_code,
            region_code=authority.region_code,
            name=authority.short_name,
            commissioner_codes=authority.ods_commissioner_codes,
            register_names=authority.register_names,
            postcode_districts=authority.postcode_districts,
            everywhere=everywhere,
        )

    @property
    def statistics_areas(self) -> frozenset[str] | None:
        """Area codes a statistics file keeps: England, the region, the authority (or all)."""
        if self.everywhere:
            return None
        return frozenset({ENGLAND, self.region_code, self.gss_code})
