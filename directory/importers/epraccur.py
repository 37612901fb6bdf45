"""Parser for the NHS ODS GP practice file (``epraccur.csv``).

Headerless, 27 quoted columns (``reference/data-formats.md`` §2.3). Active GP practices
(status ``A``, prescribing setting 4) of the authority's commissioners (the config's
``ods_commissioner_codes``: the CCG, now the sub-ICB location) become universal health
services: a GP practice is for every child and young person, whatever their need (``ALL``).
Closed, dormant and other prescribing settings (walk-in centres, out-of-hours, community
services) are left out, so a practice that closes is withdrawn on the next import.
"""

from __future__ import annotations

from collections.abc import Sequence

from directory.importers import table as tables
from directory.importers import text
from directory.importers.checks import FieldReader, Rejected
from directory.importers.phones import uk_phone
from directory.importers.records import (
    AddressRecord,
    IdentifierRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ServiceRecord,
    TermRef,
)
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.scope import Scope
from directory.importers.sources import Document

FORMAT = "epraccur"
SCHEME = "GB-NHS"
WIDTH = 27
# Column positions (0-based) in the published layout.
CODE, NAME, ADDRESS, POSTCODE, OPENED, CLOSED, STATUS = 0, 1, slice(4, 9), 9, 10, 11, 12
COMMISSIONER, PHONE, SETTING = 14, 17, 25
GP_PRACTICE = "4"
_TERMS = (
    TermRef("sector", "health"),
    TermRef("service-type", "gp"),
    TermRef("send-need", "ALL"),
    TermRef("referral-route", "self"),
    TermRef("delivery-method", "in_person"),
)
DESCRIPTION = (
    "NHS GP practice. Registered patients can book appointments for health worries, "
    "medicines, vaccinations and referrals to specialist services, including children's "
    "therapies and community paediatrics. Young people with a learning disability can have an "
    "annual health check from age 14."
)


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    parsed = Parsed()
    for document in documents:
        _parse_document(document, scope, parsed)
    if not parsed.total:
        where = "any commissioner" if scope.everywhere else ", ".join(scope.commissioner_codes)
        raise ImportFailed(
            f"{documents[0].name}: no active GP practices of {where} in the file, so nothing "
            "was loaded (are the ods_commissioner_codes right in the configuration?)"
        )
    return parsed


def _parse_document(document: Document, scope: Scope, parsed: Parsed) -> None:
    table = tables.read_table(document.name, tables.decode(document), header_at=None)
    first = table.rows[0][1]
    if len(first) != WIDTH or first[0].strip().lower() in {"organisation code", "code"}:
        raise ImportFailed(
            f"{document.name}: line {table.rows[0][0]} has {len(first)} columns; an epraccur "
            f"file has no header and {WIDTH} columns (is this the right file?)"
        )
    commissioners = {c.upper() for c in scope.commissioner_codes}
    first_seen: dict[str, int] = {}
    for line, row in table.rows:
        where = f"{document.name} line {line}"
        if len(row) != WIDTH:
            parsed.total += 1
            parsed.problems.append(Problem(where, f"the row has {len(row)} fields, not {WIDTH}"))
            continue
        row = [cell.strip() for cell in row]
        if row[SETTING] != GP_PRACTICE or row[STATUS] != "A":
            continue
        if not scope.everywhere and row[COMMISSIONER].upper() not in commissioners:
            continue
        parsed.total += 1
        code = row[CODE]
        if code in first_seen:
            reason = f"practice {code} appears again (first on line {first_seen[code]}); left out"
            parsed.problems.append(Problem(where, reason, "Organisation Code", code))
            continue
        first_seen[code] = line
        reader = FieldReader(where)
        try:
            parsed.records.append(practice(row, reader))
            parsed.seen_ids.add(code)
        except Rejected as rejected:
            parsed.problems.append(rejected.problem)
        parsed.problems.extend(reader.warnings)


def practice(row: list[str], reader: FieldReader) -> ServiceRecord:
    code = reader.required("Organisation Code", row[CODE])
    if not code.isalnum() or len(code) > 10:
        raise reader.reject("Organisation Code", code, "is not an ODS code")
    name = _title(reader.plain("Name", row[NAME], required=True) or "")
    postcode = reader.postcode("Postcode", row[POSTCODE])
    lines = [_title(v) for v in (reader.plain("Address", c) for c in row[ADDRESS]) if v]
    phone = reader.convert("Contact Telephone Number", row[PHONE], uk_phone)
    phones = (PhoneRecord(phone),) if phone else ()
    organisation = OrganizationRecord(
        source_id=f"{SCHEME}-{code}",
        name=name,
        organization_type="nhs",
        identifiers=(IdentifierRecord(code, "NHS ODS code", SCHEME),),
        phones=phones,
    )
    town = lines[-1] if len(lines) > 1 else ""
    return ServiceRecord(
        source_id=code,
        name=f"{name} (GP practice)",
        organization=organisation,
        description=f"<p>{DESCRIPTION}</p>",
        description_text=DESCRIPTION,
        cost_state="free",
        terms=_TERMS,
        locations=(
            LocationRecord(
                source_id=f"{code}#site",
                name=name,
                postcode=postcode,
                external_identifier=code,
                external_identifier_type="ODS code",
                addresses=(
                    AddressRecord(
                        address_1=lines[0] if lines else name,
                        address_2=", ".join(lines[1:-1]) or None,
                        city=town,
                        postal_code=postcode or "",
                    ),
                ),
            ),
        ),
        phones=phones,
        extra={"ods": {"code": code, "commissioner": row[COMMISSIONER], "opened": row[OPENED]}},
        fingerprint=text.fingerprint(FORMAT, row),
    )


_SMALL = {"and", "of", "the", "at", "on", "in", "for"}
_EXPAND = {"ctr": "Centre", "ctre": "Centre", "hc": "Health Centre", "med": "Medical"}


def _title(value: str) -> str:
    """ODS writes names and addresses in capitals ("OAKLEIGH ROAD HEALTH CTR")."""
    if not value.isupper():
        return value
    words = []
    for i, word in enumerate(value.lower().split()):
        word = _EXPAND.get(word, word)
        words.append(word if i and word in _SMALL else word[:1].upper() + word[1:])
    return " ".join(words)
