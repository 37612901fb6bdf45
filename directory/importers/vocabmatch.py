"""Turning what sources write ("Self referral", "Venue", "Autism") into our vocabulary codes.

A value matches a term by its code, its name or a known variant, ignoring case, spaces and
punctuation. Anything else is an unknown value, reported with the allowed ones.
"""

from __future__ import annotations

from functools import cache

from directory.importers.text import key
from directory.models import AREA_SERVED, ORGANIZATION_TYPES, SERVICE_STATUSES
from directory.vocab import vocabularies

# Variants seen in real feeds and spreadsheets, by vocabulary, as matching keys.
_VARIANTS: dict[str, dict[str, str]] = {
    "delivery-method": {
        "venue": "in_person", "facetoface": "in_person", "inperson": "in_person",
        "telephone": "phone", "phonecall": "phone", "homevisits": "home_visit",
        "video": "online", "remote": "online", "virtual": "online", "website": "online",
    },
    "referral-route": {
        "selfreferral": "self", "selfrefer": "self", "dropin": "self", "direct": "self",
        "family": "self", "parentreferral": "self", "professionalreferral": "professional",
        "referral": "professional", "gpreferral": "gp", "schoolreferral": "school",
        "senco": "school", "ehcp": "ehc_plan", "ehcplan": "ehc_plan", "panel": "ehc_plan",
    },
    "send-need": {
        "allneeds": "ALL", "all": "ALL", "autism": "ASD", "asc": "ASD", "autistic": "ASD",
        "dyslexia": "SPLD", "speechandlanguage": "SLCN", "deaf": "HI", "hearing": "HI",
        "visual": "VI", "blind": "VI", "physical": "PD", "mentalhealth": "SEMH",
        "adhd": "SEMH", "downsyndrome": "DS", "other": "OTH",
    },
    "cost-state": {
        "somefree": "some_free", "someoptionsfree": "some_free", "mixed": "some_free",
        "notknown": "unknown", "costsmoney": "paid", "charge": "paid", "chargeable": "paid",
    },
    "sector": {"socialcare": "social_care", "community": "voluntary", "vcs": "voluntary"},
}  # fmt: skip

_ENUMS: dict[str, dict[str, str]] = {
    "status": {"temporarilyclosed": "temporarily closed", "closed": "inactive"},
    "organization-type": {
        "localauthority": "council", "la": "council", "nhstrust": "nhs", "health": "nhs",
        "academy": "school", "college": "school", "voluntary": "charity", "cic": "charity",
        "communitygroup": "charity", "business": "private", "independent": "private",
    },
    "area-served": {
        "inborough": "in_borough", "local": "in_borough", "outofborough": "out_of_borough",
        "london": "regional", "region": "regional", "uk": "national", "england": "national",
    },
    "location-type": {"venue": "physical", "online": "virtual"},
}  # fmt: skip
_ENUM_VALUES = {
    "status": SERVICE_STATUSES,
    "organization-type": ORGANIZATION_TYPES,
    "area-served": AREA_SERVED,
    "location-type": ("physical", "postal", "virtual"),
}


@cache
def _lookup(vocabulary: str) -> dict[str, str]:
    table: dict[str, str] = {}
    if vocabulary in _ENUM_VALUES:
        for value in _ENUM_VALUES[vocabulary]:
            table[key(value)] = value
        table.update(_ENUMS.get(vocabulary, {}))
        return table
    for term in vocabularies()[vocabulary].terms:
        table[key(term.code)] = term.code
        table[key(term.name)] = term.code
    table.update(_VARIANTS.get(vocabulary, {}))
    return table


def allowed(vocabulary: str) -> tuple[str, ...]:
    if vocabulary in _ENUM_VALUES:
        return _ENUM_VALUES[vocabulary]
    return vocabularies()[vocabulary].codes


def match(vocabulary: str, value: str) -> str:
    """The code ``value`` stands for; ``ValueError`` listing the allowed values otherwise."""
    found = _lookup(vocabulary).get(key(value))
    if found is None:
        choices = ", ".join(allowed(vocabulary))
        raise ValueError(f"is not a known {vocabulary.replace('-', ' ')} (one of: {choices})")
    return found


def try_match(vocabulary: str, value: str) -> str | None:
    return _lookup(vocabulary).get(key(value))


def names(vocabulary: str) -> list[str]:
    """The human names to offer in a drop-down list, in the vocabulary's order."""
    if vocabulary in _ENUM_VALUES:
        return [
            v.replace("_", " ").capitalize().replace("Nhs", "NHS") for v in _ENUM_VALUES[vocabulary]
        ]
    return [term.name for term in vocabularies()[vocabulary].terms]
