"""What the results page shows around the list: the filter form with facet counts, the selected
filters as removable tags, the sort options and the pagination. Built from the ``SearchResult``
the API renders too; the template only lays these out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from directory.search import Facet, SearchResult
from directory.vocab import vocabulary
from directory.web.formatting import age_range
from directory.web.results_params import FILTER_NAMES, FieldError, PageRequest
from directory.web.results_state import SearchState

KM_PER_MILE = 1.609344
DISTANCES_MILES = (1, 2, 5, 10, 20)
# Legends of the filter groups, in the order the form shows them.
LEGENDS = {
    "need": "Needs",
    "service_type": "Type of service",
    "cost": "Cost",
    "delivery": "How it is provided",
    "referral": "How to get it",
    "day": "Open on",
    "sector": "Sector",
    "accessibility": "Venue accessibility",
    "priority": "Strategic priority",
}
# A filter with more options than this shows only its commonest (and any chosen) until asked.
MANY_OPTIONS = 10
SHOWN_OPTIONS = 8
SORT_LABELS = {"relevance": "Best match", "distance": "Nearest first", "name": "Name (A to Z)"}


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class OptionGroup:
    heading: str | None  # a broad area of need heads its needs
    options: tuple[Option, ...]


@dataclass(frozen=True)
class FilterGroup:
    name: str
    legend: str
    groups: tuple[OptionGroup, ...]
    hidden: int = 0  # options left out until "show all" is pressed

    @property
    def plural(self) -> str:
        return FILTER_NAMES[self.name]

    @property
    def selected(self) -> int:
        return sum(o.selected for g in self.groups for o in g.options)

    @property
    def first_id(self) -> str:
        """The id of its first checkbox (the template numbers them from 1)."""
        return f"{self.name}-1"


@dataclass(frozen=True)
class Tag:
    label: str
    href: str


@dataclass(frozen=True)
class TagGroup:
    heading: str
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


def _options(facet: Facet, keep: set[str] | None = None) -> tuple[Option, ...]:
    """Values worth offering: those that would find something, and those already chosen."""
    return tuple(
        Option(v.code, v.label, v.count, v.selected)
        for v in facet.values
        if (v.count > 0 or v.selected) and (keep is None or v.code in keep or v.selected)
    )


def _need_groups(facet: Facet) -> tuple[OptionGroup, ...]:
    options = {o.code: o for o in _options(facet)}
    groups = []
    for area in vocabulary("broad-area").terms:
        codes = [t.code for t in vocabulary("send-need").terms if t.data.get("area") == area.code]
        members = tuple(options[c] for c in codes if c in options)
        if members:
            groups.append(OptionGroup(area.name, members))
    # "All needs" is a selection only when someone asked for it: services for all needs
    # already match whichever need is ticked.
    if "ALL" in options and options["ALL"].selected:
        groups.append(OptionGroup(None, (options["ALL"],)))
    return tuple(groups)


def _shortened(options: tuple[Option, ...]) -> tuple[tuple[Option, ...], int]:
    """The commonest options and the chosen ones, in their own order; and how many are left."""
    if len(options) <= MANY_OPTIONS:
        return options, 0
    by_count = sorted(options, key=lambda o: -o.count)
    kept = {o.code for o in by_count[:SHOWN_OPTIONS]} | {o.code for o in options if o.selected}
    return tuple(o for o in options if o.code in kept), len(options) - len(kept)


def filter_groups(
    result: SearchResult, show_all: frozenset[str] = frozenset()
) -> tuple[FilterGroup, ...]:
    """The filter form's groups; a long one is cut to its commonest options unless its name is
    in ``show_all`` (the "Show all" button sends it)."""
    by_name = {facet.name: facet for facet in result.facets}
    groups = []
    for name, legend in LEGENDS.items():
        facet = by_name.get(name)
        if facet is None:
            continue
        if name == "need":
            groups.append(FilterGroup(name, legend, _need_groups(facet)))
            continue
        options, hidden = _options(facet), 0
        if name not in show_all:
            options, hidden = _shortened(options)
        if options:
            groups.append(FilterGroup(name, legend, (OptionGroup(None, options),), hidden))
    return tuple(g for g in groups if g.groups)


def _age_tags(request: PageRequest, state: SearchState) -> tuple[Tag, ...]:
    query = request.query
    if request.phase is not None:
        label = vocabulary("age-phase")[request.phase].name
        return (Tag(label, state.without_names("phase")),)
    if query.min_age is None and query.max_age is None:
        return ()
    if query.min_age == query.max_age:
        assert query.min_age is not None
        label = f"Age {query.min_age.normalize():f}"
    else:
        label = "Ages " + age_range(query.min_age, query.max_age)
    return (Tag(label, state.without_names("age", "min_age", "max_age")),)


def selected_tags(
    request: PageRequest, result: SearchResult, state: SearchState
) -> tuple[TagGroup, ...]:
    """Every part of the search that narrows it, each a link that takes it away."""
    query = request.query
    groups = []
    if query.text:
        groups.append(TagGroup("Search", (Tag(query.text, state.without_names("q", "spelling")),)))
    ages = _age_tags(request, state)
    if ages:
        groups.append(TagGroup("Age", ages))
    labels = {f.name: {v.code: v.label for v in f.values} for f in result.facets}
    for name, legend in LEGENDS.items():
        tags = tuple(
            Tag(labels.get(name, {}).get(code, code), state.without_value(name, code))
            for code in query.filter_codes(name)
        )
        if tags:
            groups.append(TagGroup(legend, tags))
    if query.postcode:
        label = query.postcode
        if query.radius_km is not None:
            label = f"Within {miles_text(query.radius_km)} of {query.postcode}"
        groups.append(TagGroup("Location", (Tag(label, state.without_value("postcode", "")),)))
    return tuple(groups)


def miles(km: float) -> float:
    return km / KM_PER_MILE


def miles_text(km: float) -> str:
    value = miles(km)
    if value < 0.1:
        return "less than 0.1 miles"
    if round(value, 1) == 1:
        return "1 mile"
    return f"{value:.1f}".removesuffix(".0") + " miles"


def distance_choices(radius_km: float | None) -> tuple[Choice, ...]:
    """'Any distance' and round numbers of miles (sent as kilometres, as the API takes them)."""
    choices = [Choice("", "Any distance", radius_km is None)]
    values = [round(m * KM_PER_MILE, 2) for m in DISTANCES_MILES]
    if radius_km is not None and radius_km not in values:
        values = sorted([*values, radius_km])
    for km in values:
        choices.append(Choice(f"{km:g}", f"Within {miles_text(km)}", km == radius_km))
    return tuple(choices)


def sort_choices(request: PageRequest) -> tuple[Choice, ...]:
    sorts = [s for s in SORT_LABELS if s != "distance" or request.query.postcode]
    return tuple(Choice(s, SORT_LABELS[s], s == request.query.sort) for s in sorts)


def phase_choices(phase: str | None) -> tuple[Choice, ...]:
    choices = [Choice("", "Any age", phase is None)]
    choices += [Choice(t.code, t.name, t.code == phase) for t in vocabulary("age-phase").terms]
    return tuple(choices)


def pagination(state: SearchState, page: int, pages: int) -> dict[str, Any] | None:
    """The GOV.UK pagination macro's options: no previous link on page 1, no next on the last;
    the first, the last and the pages either side of the current one, with ellipses between."""
    if pages <= 1:
        return None
    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    for number in shown:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append({"number": number, "href": state.url(page=number), "current": number == page})
    return {
        "previous": {"href": state.url(page=page - 1)} if page > 1 else None,
        "next": {"href": state.url(page=page + 1)} if page < pages else None,
        "items": items,
    }


def field_id(field: str, groups: tuple[FilterGroup, ...]) -> str:
    """The id of the form field an error is about (the error summary links to it)."""
    if field in ("min_age", "max_age"):
        return "age"
    if field in LEGENDS:
        group = next((g for g in groups if g.name == field), None)
        return group.first_id if group else "filters"
    return field


def error_messages(errors: Sequence[FieldError], groups: tuple[FilterGroup, ...]) -> dict[str, str]:
    """Field id -> the first message about it, in the order found."""
    messages: dict[str, str] = {}
    for error in errors:
        messages.setdefault(field_id(error.field, groups), error.message)
    return messages
