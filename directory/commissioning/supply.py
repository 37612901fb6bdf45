"""Supply: active services counted by need, age phase, sector and area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from directory.commissioning.facts import ALL_NEEDS, IN_BOROUGH, OUT_OF_BOROUGH, Supply
from directory.commissioning.matrix import (
    NO_LOCATION,
    NO_NEED,
    OUTSIDE,
    Axis,
    Matrix,
    ServiceFilter,
    by_phase,
    by_sector,
    count_matrix,
)
from directory.vocab import vocabulary


@dataclass(frozen=True)
class SupplySummary:
    active_services: int
    for_all_needs: int
    no_need_recorded: int
    integrated: int
    stale: int
    in_borough: int
    out_of_borough: int
    wide_area: int
    area_unknown: int


@dataclass(frozen=True)
class SupplyReport:
    summary: SupplySummary
    matrices: tuple[Matrix, ...]


def need_rows() -> tuple[tuple[Axis, ServiceFilter], ...]:
    """The 14 need codes (each counting the services for all needs too), then the services for
    all needs on their own, then those with no need recorded."""
    needs = [t for t in vocabulary("send-need").terms if t.code != ALL_NEEDS]
    rows = [(Axis(t.code, t.name), ServiceFilter(need=(t.code,))) for t in needs]
    rows.append(
        (
            Axis(ALL_NEEDS, "For all needs (also counted in each need)"),
            ServiceFilter(need=(ALL_NEEDS,)),
        )
    )
    rows.append((Axis(NO_NEED, "No need recorded"), ServiceFilter(need=(NO_NEED,))))
    return tuple(rows)


def supply_report(supply: Supply) -> SupplyReport:
    return SupplyReport(summarise(supply), supply_matrices(supply))


def summarise(supply: Supply) -> SupplySummary:
    services = supply.services
    borough = Counter(s.borough for s in services)
    return SupplySummary(
        active_services=len(services),
        for_all_needs=sum(ALL_NEEDS in s.needs for s in services),
        no_need_recorded=sum(not s.needs for s in services),
        integrated=sum(s.integrated for s in services),
        stale=sum(s.stale for s in services),
        in_borough=borough[IN_BOROUGH],
        out_of_borough=borough[OUT_OF_BOROUGH],
        wide_area=borough["wide_area"],
        area_unknown=borough["unknown"],
    )


def supply_matrices(supply: Supply) -> tuple[Matrix, ...]:
    services, districts = supply.services, supply.districts
    phases = tuple((Axis(p.code, p.name), by_phase(p.code)) for p in supply.phases)
    sectors = tuple((Axis(t.code, t.name), by_sector(t.code)) for t in vocabulary("sector").terms)
    phase_rows = tuple((Axis(p.code, p.name), ServiceFilter(phase=p.code)) for p in supply.phases)
    matrices = [
        count_matrix(
            "need_phase",
            "Services by need and age phase",
            services,
            districts,
            need_rows(),
            phases,
            row_title="Need",
            column_title="Age phase",
            note="A service for all needs is counted in every need row and shown on its own "
            "in the 'For all needs' row.",
        ),
        count_matrix(
            "need_sector",
            "Services by need and sector",
            services,
            districts,
            need_rows(),
            sectors,
            row_title="Need",
            column_title="Sector",
            note="A service in two sectors is counted in both.",
        ),
        count_matrix(
            "phase_sector",
            "Services by age phase and sector",
            services,
            districts,
            phase_rows,
            sectors,
            row_title="Age phase",
            column_title="Sector",
        ),
        count_matrix(
            "area_phase",
            "Services by postcode district and age phase",
            services,
            districts,
            area_rows(supply),
            phases,
            row_title="Postcode district",
            column_title="Age phase",
            note="Where services have a physical location. A service with places in two "
            "districts is counted in both.",
        ),
    ]
    wards = sorted({w for s in services for w in s.wards})
    if wards:
        rows = tuple((Axis(w, w), ServiceFilter(ward=w)) for w in wards)
        matrices.append(
            count_matrix(
                "ward_phase",
                "Services by ward and age phase",
                services,
                districts,
                rows,
                phases,
                row_title="Ward (ONS code)",
                column_title="Age phase",
                note="Only services whose postcodes carry a ward code.",
            )
        )
    return tuple(matrices)


def area_rows(supply: Supply) -> tuple[tuple[Axis, ServiceFilter], ...]:
    """The authority's districts, then 'outside', then 'no location'."""
    rows = [(Axis(d, d), ServiceFilter(district=d)) for d in supply.districts]
    rows.append((Axis(OUTSIDE, "Outside the borough's districts"), ServiceFilter(district=OUTSIDE)))
    rows.append(
        (
            Axis(NO_LOCATION, "No physical location (online, phone, outreach)"),
            ServiceFilter(district=NO_LOCATION),
        )
    )
    return tuple(rows)
