"""Query execution over a snapshot's arrays: filters, BM25F scoring, facets, distance, order.

Every step is a vectorised operation over all documents of the generation (numpy), so the cost
grows with the number of matching postings and documents, never with Python loops per document.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import cast

import numpy as np

from directory.errors import BadRequest
from directory.localoffer import AuthorityConfig
from directory.search.documents import MaskBuilder, age_to_column
from directory.search.facets import facets, filter_masks, need_bits
from directory.search.query import (
    Interpretation,
    Locator,
    PostcodePoint,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from directory.search.schema import AGE_OPEN_HIGH, AGE_OPEN_LOW, TEXT_FIELDS
from directory.search.snapshot import FIELD_WEIGHTS, Snapshot
from directory.search.spelling import SpellingCorrector
from directory.search.synonyms import Synonyms
from directory.search.textquery import Concept, ParsedText, parse_text

K1 = 1.2
# A service classified with the need or service type a query names scores this share of the
# classification's inverse document frequency for that concept, on top of any text match: a
# tagged service is found even when its text uses other words, and ranks above an untagged one
# that only mentions the word.
CODE_MATCH = 0.8
# A synonym of what was typed scores this share of what the typed words would score.
SYNONYM_WEIGHT = 0.8
PHRASE_LIFT = 0.3
COVERAGE_POWER = 2.0
# Services whose age range excludes an age written in the text ("my 4 year old") keep this
# share of their score: still findable, lower down.
AGE_MISMATCH = 0.5
EARTH_RADIUS_KM = 6371.0088
REMOTE_METHODS = ("online", "phone", "home_visit")
# A service delivered only online or by phone reaches families anywhere, even when it lists a
# venue far away (a national helpline's office). One also delivered in person or at home (a GP
# practice that takes calls, a team that visits around its base) is as near as its venues.
ANYWHERE_METHODS = ("online", "phone")
PLACE_METHODS = ("in_person", "home_visit")


@dataclass
class Context:
    snapshot: Snapshot
    config: AuthorityConfig
    masks: MaskBuilder
    synonyms: Synonyms
    corrector: SpellingCorrector


def term_scores(snapshot: Snapshot, term: str) -> tuple[np.ndarray, np.ndarray]:
    """BM25F scores of one index term over the four text fields: (document ids, scores)."""
    cache = snapshot.derived
    key = ("term", term)
    found = cache.get(key)
    if found is not None:
        return cast(tuple[np.ndarray, np.ndarray], found)
    combined = np.zeros(snapshot.size, dtype=np.float32)
    for fieldname in TEXT_FIELDS:
        ids, freqs = snapshot.postings(fieldname, term)
        if ids.size:
            combined[ids] += FIELD_WEIGHTS[fieldname] * freqs / snapshot.norms[fieldname][ids]
    ids = np.flatnonzero(combined)
    df = ids.size
    idf = np.log(1.0 + (snapshot.live_count - df + 0.5) / (df + 0.5))
    tf = combined[ids]
    result = (ids, (idf * tf * (K1 + 1) / (K1 + tf)).astype(np.float32))
    cache[key] = result
    return result


def is_known_term(snapshot: Snapshot, term: str) -> bool:
    return bool(term_scores(snapshot, term)[0].size)


def _idf(snapshot: Snapshot, df: int) -> float:
    return float(np.log(1.0 + (snapshot.live_count - df + 0.5) / (df + 0.5)))


def concept_scores(context: Context, concept: Concept) -> tuple[np.ndarray, float]:
    """Best alternative's score per document (0 where absent), and the concept's weight.

    The weight is how specific the concept is: the inverse document frequency of its most
    common wording in this index, so "live" counts for more than "autistic" in "where can my
    autistic daughter live" when autism is common in the directory and housing is not.
    """
    snapshot = context.snapshot
    best = np.zeros(snapshot.size, dtype=np.float32)
    weight = 0.0
    for alternative in concept.alternatives:
        ids, total = alternative_scores(snapshot, alternative)
        if not ids.size:
            continue
        specificity = _idf(snapshot, int(ids.size))
        weight = specificity if weight == 0.0 else min(weight, specificity)
        # A phrase is one idea: its words' mean score, lifted a little per extra word, so that
        # "starting secondary school" does not outweigh "deaf" just by having three words.
        factor = (1 + PHRASE_LIFT * (len(alternative) - 1)) / len(alternative)
        if alternative != concept.typed:
            factor *= SYNONYM_WEIGHT
        best[ids] = np.maximum(best[ids], total * np.float32(factor))
    coded, code_idf = classified(context, concept)
    if coded is not None:
        best += np.where(coded, np.float32(CODE_MATCH * code_idf), np.float32(0.0))
        weight = max(weight, code_idf) if weight == 0.0 else weight
    return best, weight


def alternative_scores(snapshot: Snapshot, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Documents holding every term of one wording, and the sum of their term scores.

    Sparse: the work is proportional to the terms' postings, not to the size of the index.
    """
    key = ("alternative", terms)
    found = snapshot.derived.get(key)
    if found is not None:
        return cast(tuple[np.ndarray, np.ndarray], found)
    ids, total = term_scores(snapshot, terms[0])
    total = total.copy()
    for term in terms[1:]:
        other_ids, other_scores = term_scores(snapshot, term)
        common, here, there = np.intersect1d(
            ids, other_ids, assume_unique=True, return_indices=True
        )
        ids, total = common, total[here] + other_scores[there]
    snapshot.derived[key] = (ids, total)
    return ids, total


def classified(context: Context, concept: Concept) -> tuple[np.ndarray | None, float]:
    """Documents classified with the concept's needs or service types, and its rarity."""
    bits = need_bits(context.masks, concept.needs, include_all=False)
    type_bits = context.masks.mask("service_types", concept.service_types)
    if not (bits or type_bits):
        return None, 0.0
    snapshot = context.snapshot
    key = ("classified", bits, type_bits)
    found = snapshot.derived.get(key)
    if found is None:
        coded = ((snapshot.columns["needs"] & np.uint64(bits)) != 0) | (
            (snapshot.columns["service_types"] & np.uint64(type_bits)) != 0
        )
        found = (coded, _idf(snapshot, int(np.count_nonzero(coded & snapshot.live))))
        snapshot.derived[key] = found
    return cast(tuple[np.ndarray, float], found)


def text_scores(context: Context, concepts: tuple[Concept, ...]) -> np.ndarray:
    """Sum of concept scores, scaled by the weighted share of the concepts a document matches."""
    size = context.snapshot.size
    total = np.zeros(size, dtype=np.float32)
    matched = np.zeros(size, dtype=np.float32)
    weights = 0.0
    for concept in concepts:
        scores, weight = concept_scores(context, concept)
        total += scores
        matched += np.where(scores > 0, np.float32(weight), np.float32(0.0))
        weights += weight
    coverage = matched / np.float32(weights) if weights else matched
    return total * coverage**COVERAGE_POWER


def age_mask(snapshot: Snapshot, low: Decimal | None, high: Decimal | None) -> np.ndarray:
    """Services whose age range overlaps [low, high]; open ends always overlap."""
    mask = np.ones(snapshot.size, dtype=bool)
    if low is not None:
        mask &= snapshot.columns["max_age"] >= age_to_column(low, AGE_OPEN_LOW)
    if high is not None:
        mask &= snapshot.columns["min_age"] <= age_to_column(high, AGE_OPEN_HIGH)
    return mask


def distances_km(snapshot: Snapshot, point: PostcodePoint, docs: np.ndarray) -> np.ndarray:
    """Distance from ``point`` to the nearest location of each document in ``docs`` (inf: none).

    Haversine on a sphere: within 0.3% of the ellipsoidal distance at these ranges, and fast
    enough to run on every candidate; geopy's geodesic is used where one distance is shown.
    """
    result = np.full(docs.size, np.inf)
    if not docs.size or not snapshot.loc_doc.size:
        return result
    wanted = np.zeros(snapshot.size, dtype=bool)
    wanted[docs] = True
    selected = np.flatnonzero(wanted[snapshot.loc_doc])
    if not selected.size:
        return result
    lat0, lon0 = np.radians(point.latitude), np.radians(point.longitude)
    lat, lon = snapshot.loc_lat[selected], snapshot.loc_lon[selected]
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    owners = snapshot.loc_doc[selected]
    per_doc = np.full(snapshot.size, np.inf)
    np.minimum.at(per_doc, owners, km)
    result[:] = per_doc[docs]
    return result


@dataclass
class _Match:
    parsed: ParsedText
    point: PostcodePoint | None
    masks: dict[str, np.ndarray]
    scores: np.ndarray | None
    text_mask: np.ndarray
    near: np.ndarray
    candidates: np.ndarray
    implied: tuple[Decimal, Decimal] | None


def _match(context: Context, query: SearchQuery, locate: Locator | None) -> _Match:
    snapshot = context.snapshot
    parsed = parse_text(
        query.text,
        context.synonyms,
        context.corrector,
        lambda term: is_known_term(snapshot, term),
        correct=query.spelling,
    )
    point = _locate(query, locate)
    masks = filter_masks(snapshot, context.masks, query)
    base = snapshot.live & age_mask(snapshot, query.min_age, query.max_age)
    for mask in masks.values():
        base &= mask
    scores = text_scores(context, parsed.concepts) if parsed.concepts else None
    implied = (parsed.age, parsed.age) if parsed.age is not None else parsed.audience
    if scores is not None and implied is not None:
        fits = age_mask(snapshot, *implied)
        scores = np.where(fits, scores, scores * np.float32(AGE_MISMATCH))
    text_mask = scores > 0 if scores is not None else np.ones(snapshot.size, dtype=bool)
    near = _near_mask(context, point, query, base & text_mask)
    candidates = np.flatnonzero(base & text_mask & near)
    return _Match(parsed, point, masks, scores, text_mask, near, candidates, implied)


def ranked_ids(
    context: Context, query: SearchQuery, locate: Locator | None = None
) -> list[uuid.UUID]:
    """Every matching service in the query's order, without facets or reasons: for feeds (the
    ORUK API) that combine the search with filters of their own and page the result."""
    found = _match(context, query, locate)
    total = max(1, int(found.candidates.size))
    ordered = _order(
        context,
        replace(query, page=1, per_page=total),
        found.candidates,
        found.scores,
        found.point,
        found.parsed.concepts,
    )
    uids = context.snapshot.uids
    return [uuid.UUID(bytes=bytes(uids[doc])) for doc in ordered]


def run(context: Context, query: SearchQuery, locate: Locator | None = None) -> SearchResult:
    started = time.perf_counter()
    snapshot = context.snapshot
    found = _match(context, query, locate)
    parsed, point, masks, scores = found.parsed, found.point, found.masks, found.scores
    text_mask, near, candidates = found.text_mask, found.near, found.candidates
    implied = found.implied
    facet_list = facets(
        snapshot,
        context,
        query,
        masks,
        text_mask & near & snapshot.live & age_mask(snapshot, query.min_age, query.max_age),
    )
    page = _order(context, query, candidates, scores, point, parsed.concepts)
    reasons = _why(context, page, parsed.concepts)
    hits = tuple(_hit(context, doc, scores, point, reasons[i]) for i, doc in enumerate(page))
    return SearchResult(
        query=query,
        hits=hits,
        total=int(candidates.size),
        facets=facet_list,
        interpretation=Interpretation(
            text=query.text,
            corrected_text=parsed.corrected_text,
            words=parsed.words,
            synonyms=parsed.synonyms,
            age_from_text=parsed.age,
            ages_from_text=implied,
            postcode=point,
            radius_km=query.radius_km,
            needs=tuple(context.masks.codes("needs", need_bits(context.masks, query.need))),
        ),
        suggestion=parsed.suggestion,
        generation=snapshot.generation,
        timings_ms={"search": (time.perf_counter() - started) * 1000},
    )


def _locate(query: SearchQuery, locate: Locator | None) -> PostcodePoint | None:
    if query.postcode is None:
        if query.sort == "distance":
            raise BadRequest("sort=distance needs a postcode", parameter="sort")
        if query.radius_km is not None:
            raise BadRequest("radius_km needs a postcode", parameter="radius_km")
        return None
    if locate is None:
        raise BadRequest("searching by postcode is not available here", parameter="postcode")
    return locate(query.postcode)


def _delivered(context: Context, methods: tuple[str, ...]) -> np.ndarray:
    bits = context.masks.mask("delivery", methods)
    delivered: np.ndarray = (context.snapshot.columns["delivery"] & np.uint8(bits)) != 0
    return delivered


def _anywhere(context: Context) -> np.ndarray:
    anywhere: np.ndarray = _delivered(context, ANYWHERE_METHODS) & ~_delivered(
        context, PLACE_METHODS
    )
    return anywhere


def _near_mask(
    context: Context, point: PostcodePoint | None, query: SearchQuery, candidates: np.ndarray
) -> np.ndarray:
    """Within the radius, only online or by phone, or with no venue and working remotely."""
    snapshot = context.snapshot
    if point is None or query.radius_km is None:
        return np.ones(snapshot.size, dtype=bool)
    docs = np.flatnonzero(candidates)
    within = np.zeros(snapshot.size, dtype=bool)
    within[docs] = distances_km(snapshot, point, docs) <= query.radius_km
    near: np.ndarray = (
        within | _anywhere(context) | (_delivered(context, REMOTE_METHODS) & ~snapshot.has_location)
    )
    return near


def _order(
    context: Context,
    query: SearchQuery,
    candidates: np.ndarray,
    scores: np.ndarray | None,
    point: PostcodePoint | None,
    concepts: tuple[Concept, ...],
) -> np.ndarray:
    """The documents of the requested page, in a stable total order."""
    snapshot = context.snapshot
    start = (query.page - 1) * query.per_page
    end = start + query.per_page
    if start >= candidates.size:
        return candidates[:0]
    names = snapshot.name_rank()[candidates]
    score = scores[candidates] if scores is not None else np.zeros(candidates.size, np.float32)
    sort = query.sort
    if sort == "relevance" and scores is None:
        sort = "distance" if point is not None else "name"
    if sort == "name":
        keys: tuple[np.ndarray, ...] = (names,)
    elif sort == "distance":
        assert point is not None
        keys = (names, -score, distances_km(snapshot, point, candidates))
    else:
        keys = (names, -score)
    primary = keys[-1]
    if candidates.size > 4 * end:
        # Only the documents that can reach the page need a full sort; ties at the boundary
        # are all kept so the order stays exact.
        threshold = np.partition(primary, end - 1)[end - 1]
        keep = primary <= threshold
        candidates, keys = candidates[keep], tuple(k[keep] for k in keys)
    order = np.lexsort(keys)
    return candidates[order][start:end]


def _hit(
    context: Context,
    doc: int,
    scores: np.ndarray | None,
    point: PostcodePoint | None,
    matched: tuple[str, ...],
) -> SearchHit:
    snapshot = context.snapshot
    distance, nearest = None, None
    if point is not None:
        distance, nearest = _nearest(snapshot, point, doc)
    remote: tuple[str, ...] = ()
    if point is not None:
        methods = context.masks.codes("delivery", int(snapshot.columns["delivery"][doc]))
        if not snapshot.has_location[doc]:
            remote = tuple(m for m in methods if m in REMOTE_METHODS)
        elif not set(methods) & set(PLACE_METHODS):
            remote = tuple(m for m in methods if m in ANYWHERE_METHODS)
    return SearchHit(
        service_id=uuid.UUID(bytes=bytes(snapshot.uids[doc])),
        score=round(float(scores[doc]), 4) if scores is not None else 0.0,
        distance_km=distance,
        nearest_location_id=nearest,
        remote=remote,
        matched=matched,
    )


def _nearest(
    snapshot: Snapshot, point: PostcodePoint, doc: int
) -> tuple[float | None, uuid.UUID | None]:
    """The nearest venue of one shown result, and its distance on the WGS84 ellipsoid."""
    rows = np.flatnonzero(snapshot.loc_doc == doc)
    if not rows.size:
        return None, None
    from geopy.distance import geodesic

    # The haversine picks the venue (venues of one service are never near-ties that matter);
    # geopy measures the one distance that is shown.
    lat0, lon0 = np.radians(point.latitude), np.radians(point.longitude)
    lat, lon = snapshot.loc_lat[rows], snapshot.loc_lon[rows]
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    best = rows[int(np.argmin(a))]
    venue = (float(np.degrees(snapshot.loc_lat[best])), float(np.degrees(snapshot.loc_lon[best])))
    km = geodesic((point.latitude, point.longitude), venue).km
    return round(km, 2), uuid.UUID(bytes=bytes(snapshot.loc_uid[best]))


def _holds(sorted_ids: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Which of ``docs`` are in ``sorted_ids`` (ascending, as postings and term scores are):
    a binary search per shown document, where ``np.isin`` would sort the whole posting list."""
    if not sorted_ids.size:
        return np.zeros(docs.size, dtype=bool)
    found: np.ndarray = (
        sorted_ids[np.minimum(np.searchsorted(sorted_ids, docs), sorted_ids.size - 1)] == docs
    )
    return found


def _why(
    context: Context, docs: np.ndarray, concepts: tuple[Concept, ...]
) -> list[tuple[str, ...]]:
    """For each shown document, readable reasons: which words matched where, and which
    classifications. Computed for the page at once: one membership test per field and term."""
    snapshot = context.snapshot
    reasons: list[list[str]] = [[] for _ in docs]
    needs = snapshot.columns["needs"][docs]
    types = snapshot.columns["service_types"][docs]
    for concept in concepts:
        fields: list[list[str]] = [[] for _ in docs]
        for alternative in concept.alternatives:
            if not _holds(alternative_scores(snapshot, alternative)[0], docs).any():
                continue
            for fieldname in TEXT_FIELDS:
                present = np.ones(docs.size, dtype=bool)
                for term in alternative:
                    present &= _holds(snapshot.postings(fieldname, term)[0], docs)
                for position in np.flatnonzero(present).tolist():
                    fields[position].append(fieldname)
        for i in range(docs.size):
            if fields[i]:
                reasons[i].append(f"{concept.said}: {', '.join(dict.fromkeys(fields[i]))}")
            reasons[i] += [
                f"{concept.said}: need {code}"
                for code in concept.needs
                if int(needs[i]) & context.masks.bits["needs"].get(code, 0)
            ]
            reasons[i] += [
                f"{concept.said}: service type {code}"
                for code in concept.service_types
                if int(types[i]) & context.masks.bits["service_types"].get(code, 0)
            ]
    return [tuple(r) for r in reasons]
