"""Counting tables whose every cell knows the services behind it.

A ``ServiceFilter`` is both the predicate that counts a cell and the query string of the link to
the list of those services, so a cell's number and the list it links to cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from directory.commissioning.facts import ALL_NEEDS, ServiceFacts

NO_NEED = "none"  # the need filter value for services with no need recorded
NO_LOCATION = "none"  # the district filter value for services without a located postcode
OUTSIDE = "outside"  # the district filter value for districts outside the authority's list


@dataclass(frozen=True)
class ServiceFilter:
    """Which services a cell counts. Empty fields do not filter.

    ``need``: services for any of these needs, including services for all needs; ``ALL`` alone
    means only the services for all needs; ``none`` only services with no need recorded.
    ``specific``: with ``need``, leave out the services for all needs.
    """

    need: tuple[str, ...] = ()
    specific: bool = False
    phase: str = ""
    sector: str = ""
    district: str = ""
    ward: str = ""
    priority: str = ""
    integrated: bool = False
    borough: str = ""
    stale: bool = False

    def matches(self, service: ServiceFacts, districts: Sequence[str] = ()) -> bool:
        return (
            self._need_matches(service)
            and (not self.phase or self.phase in service.phases)
            and (not self.sector or self.sector in service.sectors)
            and self._district_matches(service, districts)
            and (not self.ward or self.ward in service.wards)
            and (not self.priority or self.priority in service.priorities)
            and (not self.integrated or service.integrated)
            and (not self.borough or service.borough == self.borough)
            and (not self.stale or service.stale)
        )

    def _need_matches(self, service: ServiceFacts) -> bool:
        if not self.need:
            return True
        if self.need == (NO_NEED,):
            return not service.needs
        if self.need == (ALL_NEEDS,):
            return ALL_NEEDS in service.needs
        if not self.specific and ALL_NEEDS in service.needs:
            return True
        return bool(service.needs & set(self.need))

    def _district_matches(self, service: ServiceFacts, districts: Sequence[str]) -> bool:
        if not self.district:
            return True
        if self.district == NO_LOCATION:
            return not service.districts
        if self.district == OUTSIDE:
            return bool(service.districts - set(districts))
        return self.district in service.districts

    def query(self) -> dict[str, str]:
        """The filter as query parameters, in a stable order."""
        params: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple) and value:
                params[field.name] = ",".join(value)
            elif isinstance(value, bool) and value:
                params[field.name] = "true"
            elif isinstance(value, str) and value:
                params[field.name] = value
        return params

    def query_string(self) -> str:
        return urlencode(self.query())

    def select(
        self, services: Iterable[ServiceFacts], districts: Sequence[str] = ()
    ) -> list[ServiceFacts]:
        return [s for s in services if self.matches(s, districts)]


@dataclass(frozen=True)
class Axis:
    code: str
    label: str


@dataclass(frozen=True)
class Cell:
    count: int
    filter: ServiceFilter


@dataclass(frozen=True)
class Matrix:
    key: str
    title: str
    row_title: str
    column_title: str
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    cells: tuple[tuple[Cell, ...], ...]  # one tuple of cells per row, in column order
    row_totals: tuple[Cell, ...]
    note: str = ""

    @property
    def largest(self) -> int:
        return max((c.count for row in self.cells for c in row), default=0)

    def cell(self, row: str, column: str) -> Cell:
        r = [a.code for a in self.rows].index(row)
        c = [a.code for a in self.columns].index(column)
        return self.cells[r][c]


def count_matrix(
    key: str,
    title: str,
    services: Sequence[ServiceFacts],
    districts: Sequence[str],
    rows: tuple[tuple[Axis, ServiceFilter], ...],
    columns: tuple[tuple[Axis, Callable[[ServiceFilter], ServiceFilter]], ...],
    *,
    row_title: str,
    column_title: str,
    note: str = "",
) -> Matrix:
    """Count ``services`` for each row filter narrowed by each column; a row total counts each
    service once, however many columns it falls in."""
    cells = []
    totals = []
    for _axis, row_filter in rows:
        chosen = row_filter.select(services, districts)
        cells.append(
            tuple(
                Cell(len(narrow(row_filter).select(chosen, districts)), narrow(row_filter))
                for _column, narrow in columns
            )
        )
        totals.append(Cell(len(chosen), row_filter))
    return Matrix(
        key=key,
        title=title,
        row_title=row_title,
        column_title=column_title,
        rows=tuple(axis for axis, _ in rows),
        columns=tuple(axis for axis, _ in columns),
        cells=tuple(cells),
        row_totals=tuple(totals),
        note=note,
    )


def by_phase(phase: str) -> Callable[[ServiceFilter], ServiceFilter]:
    return lambda f: replace(f, phase=phase)


def by_sector(sector: str) -> Callable[[ServiceFilter], ServiceFilter]:
    return lambda f: replace(f, sector=sector)
