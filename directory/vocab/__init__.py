"""The controlled vocabularies (needs, phases, sectors, service types, ...) and their lookups.

The data is ``vocabularies.toml``; ``sync_vocabularies`` stores it as ORUK taxonomies and terms.
Taxonomy and term ids are UUID v5 of ``urn:local-offer:<vocabulary>[:<code>]``, identical on every
installation, so an Open Referral UK feed (ours, the demo data, another council running this
product) can attach a term by id; importers also accept the vocabulary key in
``taxonomy_term.taxonomy`` with the ``code``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Taxonomy, TaxonomyTerm
from directory.tomlfile import TomlReader, parse_toml


def taxonomy_id(vocabulary_key: str) -> uuid.UUID:
    """Taxonomy ids are the same on every installation, so feeds and demo data can cite them."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:local-offer:{vocabulary_key}")


def term_id(vocabulary_key: str, code: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:local-offer:{vocabulary_key}:{code}")


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    name: str
    position: int
    data: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    key: str
    name: str
    description: str
    terms: tuple[Term, ...]
    # Lookups by code are on hot paths (tagging every service): a dict, not a scan.
    _by_code: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {term.code: term for term in self.terms})

    def __getitem__(self, code: str) -> Term:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a term of {self.key}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)


VOCABULARY_FILE = "vocabularies.toml"

# Fields whose values are codes of another vocabulary: checked when the file is loaded.
_REFERENCES = {
    ("send-need", "area"): "broad-area",
    ("service-type", "sector"): "sector",
    ("service-type", "needs"): "send-need",
    ("service-type", "checklist"): "lo-checklist",
}


@cache
def vocabularies() -> dict[str, Vocabulary]:
    resource = resources.files(__package__).joinpath(VOCABULARY_FILE)
    return load_vocabularies(Path(str(resource)), resource.read_text("utf-8"))


def load_vocabularies(path: Path, text: str) -> dict[str, Vocabulary]:
    """Parse and check the vocabularies; mistakes raise ``ConfigurationError`` with the line."""
    reader = TomlReader(path, text)
    result = {}
    for key, body in parse_toml(path, text).items():
        header = reader.line_of(f"[{key}]") or 0
        if not isinstance(body, dict) or not isinstance(body.get("terms"), list):
            raise reader.fail_at(f"[{key}] needs a `terms` list", header or None)
        terms = _terms(reader, key, body["terms"], header)
        for field_name, values in body.items():
            if isinstance(values, dict):
                terms = _add_field(reader, key, field_name, values, terms)
        result[key] = Vocabulary(
            key, str(body.get("name", key)), str(body.get("description", "")), tuple(terms)
        )
    _check_references(reader, result)
    return result


def _terms(reader: TomlReader, key: str, items: list[Any], header: int) -> list[Term]:
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(items):
        code, name = (item.get(k) if isinstance(item, dict) else None for k in ("code", "name"))
        if not isinstance(code, str) or not code or not isinstance(name, str) or not name:
            raise reader.fail_at(f"[{key}] term {position + 1} needs a code and a name", header)
        seen[code] = seen.get(code, 0) + 1
        if seen[code] > 1:
            line = reader.line_of(f'code = "{code}"', occurrence=seen[code], after=header)
            raise reader.fail_at(f"[{key}] code {code!r} is used twice", line)
        data = {k: v for k, v in item.items() if k not in ("code", "name")}
        terms.append(Term(vocabulary=key, code=code, name=name, position=position, data=data))
    return terms


def _add_field(
    reader: TomlReader, key: str, field_name: str, values: dict[str, Any], terms: list[Term]
) -> list[Term]:
    """Merge a ``[<vocabulary>.<field>]`` table (code = value) into the terms' data."""
    header = reader.line_of(f"[{key}.{field_name}]") or 0
    codes = {term.code for term in terms}
    for code in values:
        if code not in codes:
            line = reader.line_of(f"{code} =", after=header)
            raise reader.fail_at(f"[{key}.{field_name}] {code!r} is not a {key} code", line)
    return [
        replace(term, data={**term.data, field_name: values[term.code]})
        if term.code in values
        else term
        for term in terms
    ]


def _check_references(reader: TomlReader, result: dict[str, Vocabulary]) -> None:
    for (key, field_name), target in _REFERENCES.items():
        if key not in result or target not in result:
            continue
        for term in result[key].terms:
            value = term.data.get(field_name, [])
            for code in value if isinstance(value, list) else [value]:
                if code and code not in result[target]:
                    line = reader.line_of(f'"{code}"', after=reader.line_of(f"[{key}") or 0)
                    raise reader.fail_at(
                        f"{key} {term.code!r}: {field_name} {code!r} is not a {target} code", line
                    )


def vocabulary(key: str) -> Vocabulary:
    return vocabularies()[key]


def term_description(term: Term) -> str:
    """What a term's ORUK ``description`` says: its own, or its name and the words people use."""
    if "description" in term.data:
        return str(term.data["description"])
    synonyms = [s for s in term.data.get("synonyms", []) if s.lower() != term.name.lower()]
    if not synonyms:
        return term.name
    return f"{term.name}. Also called: {', '.join(synonyms)}."


def sync_vocabularies(session: Session) -> int:
    """Create or update every taxonomy and term; returns how many rows changed. Idempotent."""
    changed = 0
    existing = {t.vocabulary: t for t in session.scalars(select(Taxonomy))}
    for key, vocab in vocabularies().items():
        taxonomy = existing.get(key)
        if taxonomy is None:
            taxonomy = Taxonomy(id=taxonomy_id(key), vocabulary=key, name=vocab.name)
            session.add(taxonomy)
            changed += 1
        for attr, value in (("name", vocab.name), ("description", vocab.description)):
            if getattr(taxonomy, attr) != value:
                setattr(taxonomy, attr, value)
                changed += 1
        session.flush()
        terms = {
            t.code: t
            for t in session.scalars(
                select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == taxonomy.id)
            )
        }
        for term in vocab.terms:
            row = terms.get(term.code)
            if row is None:
                row = TaxonomyTerm(
                    id=term_id(key, term.code), taxonomy_id=taxonomy.id, code=term.code
                )
                session.add(row)
                changed += 1
            wanted: dict[str, object] = {
                "name": term.name,
                "description": term_description(term),
                "position": term.position,
            }
            for attr, wanted_value in wanted.items():
                if getattr(row, attr) != wanted_value:
                    setattr(row, attr, wanted_value)
                    changed += 1
    session.flush()
    return changed
