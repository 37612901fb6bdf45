"""Unmet search demand: what families looked for and did not find, from the privacy-safe search
log (words with postcodes, e-mails, phone numbers and digits removed; postcode district only).

A search is unmet when it found at most ``few_results`` services. The words of a search are shown
only when at least ``min_count`` unmet searches used the same words and needs, so a rare search
that might identify a family is never published; the rest are counted as "not shown".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.commissioning.config import Thresholds
from directory.commissioning.facts import Phase, phases_for_ages
from directory.models import SearchLog
from directory.vocab import vocabulary

ANY_AGE = "any_age"
NOT_GIVEN = "not_given"


@dataclass(frozen=True)
class Count:
    code: str
    count: int


@dataclass(frozen=True)
class SearchGroup:
    text: str  # the words searched, "" when only filters were used
    needs: tuple[str, ...]
    unmet: int
    no_results: int
    phases: tuple[Count, ...]  # the most frequent, with counts
    districts: tuple[Count, ...]


@dataclass(frozen=True)
class UnmetRow:
    code: str
    label: str
    searches: int
    unmet: int
    no_results: int
    unmet_share: float


@dataclass(frozen=True)
class SearchReport:
    since: date
    until: date
    few_results: int
    min_count: int
    searches: int
    unmet: int
    no_results: int
    top: tuple[SearchGroup, ...]
    not_shown: int  # unmet searches in groups below min_count
    by_need: tuple[UnmetRow, ...]
    by_phase: tuple[UnmetRow, ...]
    by_district: tuple[UnmetRow, ...]


@dataclass(frozen=True)
class _Search:
    text: str
    needs: tuple[str, ...]
    phases: tuple[str, ...]
    district: str
    results: int


def search_report(
    session: Session,
    phases: tuple[Phase, ...],
    thresholds: Thresholds,
    *,
    as_of: date,
    limit: int = 20,
) -> SearchReport:
    since = as_of - timedelta(days=thresholds.search_window_days)
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(as_of + timedelta(days=1), time(), UTC)
    logged = session.execute(
        select(
            SearchLog.query_text,
            SearchLog.need_codes,
            SearchLog.min_age,
            SearchLog.max_age,
            SearchLog.postcode_district,
            SearchLog.result_count,
        ).where(SearchLog.created_at >= start, SearchLog.created_at < end)
    )
    searches = [
        _Search(
            text=" ".join((text or "").lower().split()),
            needs=tuple(sorted(str(n) for n in needs or [])),
            phases=_phases(low, high, phases),
            district=(district or NOT_GIVEN).upper() if district else NOT_GIVEN,
            results=results,
        )
        for text, needs, low, high, district, results in logged
    ]
    unmet = [s for s in searches if s.results <= thresholds.few_results]
    top, hidden = _groups(unmet, thresholds.min_search_count, limit)
    return SearchReport(
        since=since,
        until=as_of,
        few_results=thresholds.few_results,
        min_count=thresholds.min_search_count,
        searches=len(searches),
        unmet=len(unmet),
        no_results=sum(s.results == 0 for s in searches),
        top=top,
        not_shown=hidden,
        by_need=_rows(searches, thresholds, _need_labels(), lambda s: s.needs or (NOT_GIVEN,)),
        by_phase=_rows(searches, thresholds, _phase_labels(phases), lambda s: s.phases),
        by_district=_rows(searches, thresholds, {}, lambda s: (s.district,)),
    )


def _phases(
    low: Decimal | None, high: Decimal | None, phases: tuple[Phase, ...]
) -> tuple[str, ...]:
    if low is None and high is None:
        return (ANY_AGE,)
    found = phases_for_ages(low, high, phases)
    return tuple(p.code for p in phases if p.code in found) or (ANY_AGE,)


def _groups(
    unmet: list[_Search], min_count: int, limit: int
) -> tuple[tuple[SearchGroup, ...], int]:
    grouped: dict[tuple[str, tuple[str, ...]], list[_Search]] = defaultdict(list)
    for search in unmet:
        grouped[(search.text, search.needs)].append(search)
    shown = [(key, found) for key, found in grouped.items() if len(found) >= min_count]
    hidden = sum(len(found) for found in grouped.values() if len(found) < min_count)
    shown.sort(key=lambda kv: (-len(kv[1]), kv[0]))
    groups = tuple(
        SearchGroup(
            text=text,
            needs=needs,
            unmet=len(found),
            no_results=sum(s.results == 0 for s in found),
            phases=_top(p for s in found for p in s.phases),
            districts=_top(s.district for s in found),
        )
        for (text, needs), found in shown[:limit]
    )
    return groups, hidden


def _top(codes: Iterable[str]) -> tuple[Count, ...]:
    return tuple(Count(code, n) for code, n in Counter(codes).most_common(3))


def _rows(
    searches: list[_Search],
    thresholds: Thresholds,
    labels: dict[str, str],
    keys: Callable[[_Search], tuple[str, ...]],
) -> tuple[UnmetRow, ...]:
    totals: Counter[str] = Counter()
    unmet: Counter[str] = Counter()
    empty: Counter[str] = Counter()
    for search in searches:
        for key in keys(search):
            totals[key] += 1
            unmet[key] += search.results <= thresholds.few_results
            empty[key] += search.results == 0
    order = list(labels) + sorted(k for k in totals if k not in labels)
    return tuple(
        UnmetRow(
            key,
            labels.get(key, _label(key)),
            totals[key],
            unmet[key],
            empty[key],
            unmet[key] / totals[key],
        )
        for key in order
        if totals[key]
    )


def _label(key: str) -> str:
    return {NOT_GIVEN: "Not given", ANY_AGE: "Any age"}.get(key, key)


def _need_labels() -> dict[str, str]:
    labels = {t.code: t.name for t in vocabulary("send-need").terms}
    labels[NOT_GIVEN] = "No need chosen"
    return labels


def _phase_labels(phases: tuple[Phase, ...]) -> dict[str, str]:
    labels = {p.code: p.name for p in phases}
    labels[ANY_AGE] = "No age given"
    return labels
