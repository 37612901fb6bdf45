"""A small constructed Local Offer whose commissioning figures are worked out by hand.

Report date 15 January 2026, so a service last checked before 15 January 2025 is stale.

| service | needs | sectors | ages | place | last checked |
|---|---|---|---|---|---|
| outreach | ASD | education | 5-10 | N3 1AB (in) | 2025-12-01 |
| speech | SLCN, ASD | health | 0-18 | NW4 4BT (in) | 2024-06-01 stale |
| breaks | ALL | social_care | 5-18 | none, area in_borough | 2025-06-01 |
| cds | ASD, SLCN | education, health | 0-4 | EN5 1AA (in) | never: stale |
| college | ASD | education | 11-19 | WD6 1AA (out) | 2025-10-01 |
| helpline | (none) | voluntary | any age | none, national | 2025-11-01 |
| closed | ASD | education | 5-10 | N3 | inactive: never counted |

Demand (Barnet, 2024/25): 100 plans; ASD 60 (age 4: 10, age 7: 30, age 12: 20), SLCN 30
(age 3: 10, age 8: 20), HI 10 (age 8: 10). England 1,000 plans (ASD 300, SLCN 200, HI 50);
London 500 (ASD 200).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from directory.models import Service
from tests.factories import classify, create_demand, create_location, create_service

AS_OF = date(2026, 1, 15)


def small_world(session: Session) -> dict[str, Service]:
    def service(
        key: str,
        needs: tuple[str, ...],
        sectors: tuple[str, ...],
        ages: tuple[int | None, int | None],
        checked: date | None,
        postcode: str | None = None,
        **overrides: object,
    ) -> Service:
        locations = [create_location(session, postcode=postcode)] if postcode else []
        created = create_service(
            session,
            name=key.capitalize(),
            minimum_age=None if ages[0] is None else Decimal(ages[0]),
            maximum_age=None if ages[1] is None else Decimal(ages[1]),
            assured_date=checked,
            locations=locations,
            **overrides,
        )
        classify(session, created, "send-need", *needs)
        classify(session, created, "sector", *sectors)
        return created

    return {
        "outreach": service(
            "outreach", ("ASD",), ("education",), (5, 10), date(2025, 12, 1), "N3 1AB"
        ),
        "speech": service(
            "speech", ("SLCN", "ASD"), ("health",), (0, 18), date(2024, 6, 1), "NW4 4BT"
        ),
        "breaks": service(
            "breaks",
            ("ALL",),
            ("social_care",),
            (5, 18),
            date(2025, 6, 1),
            area_served="in_borough",
        ),
        "cds": service("cds", ("ASD", "SLCN"), ("education", "health"), (0, 4), None, "EN5 1AA"),
        "college": service(
            "college", ("ASD",), ("education",), (11, 19), date(2025, 10, 1), "WD6 1AA"
        ),
        "helpline": service(
            "helpline", (), ("voluntary",), (None, None), date(2025, 11, 1), area_served="national"
        ),
        "closed": service(
            "closed",
            ("ASD",),
            ("education",),
            (5, 10),
            date(2025, 12, 1),
            "N3 1AB",
            status="inactive",
        ),
    }


def small_demand(session: Session) -> None:
    figures = {
        ("ALL", "total"): 100,
        ("ASD", "total"): 60,
        ("SLCN", "total"): 30,
        ("HI", "total"): 10,
        ("ASD", "4"): 10,
        ("ASD", "7"): 30,
        ("ASD", "12"): 20,
        ("SLCN", "3"): 10,
        ("SLCN", "8"): 20,
        ("HI", "8"): 10,
        ("ALL", "3"): 10,
        ("ALL", "4"): 10,
        ("ALL", "7"): 30,
        ("ALL", "8"): 30,
        ("ALL", "12"): 20,
    }
    for (need, band), value in figures.items():
        topic = "total" if band == "total" else "age"
        create_demand(
            session, need_code=need, breakdown_topic=topic, breakdown=band, value=Decimal(value)
        )
    for area, name, level, counts in (
        ("E92000001", "England", "national", {"ALL": 1000, "ASD": 300, "SLCN": 200, "HI": 50}),
        ("E12000007", "London", "regional", {"ALL": 500, "ASD": 200}),
    ):
        for need, value in counts.items():
            create_demand(
                session,
                area_code=area,
                area_name=name,
                geographic_level=level,
                need_code=need,
                value=Decimal(value),
            )
