"""Hand-made register files in the exact published layouts (``reference/data-formats.md``).

GIAS rows use the real 135-column 2025 header from the shared fixture; CQC and Charity
Commission files, for which no real sample is stored, reproduce the published headers, title
lines, separators and encodings.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.conftest import SHARED_DATA

GIAS_FIXTURE = SHARED_DATA / "gias" / "gias_edubasealldata_fixture_2025.csv"
EPRACCUR = SHARED_DATA / "nhs-ods" / "epraccur_barnet_07M_2019-12.csv"


def gias_header() -> list[str]:
    with GIAS_FIXTURE.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def gias_real_row() -> dict[str, str]:
    with GIAS_FIXTURE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return dict(zip(rows[0], rows[1], strict=True))


# A Barnet special school in the 2025 layout (values as GIAS writes them).
NORTHWAY = {
    "URN": "101395", "LA (code)": "302", "LA (name)": "Barnet", "EstablishmentNumber": "7005",
    "EstablishmentName": "Northway School", "TypeOfEstablishment (code)": "07",
    "TypeOfEstablishment (name)": "Community special school",
    "EstablishmentTypeGroup (code)": "5", "EstablishmentTypeGroup (name)": "Special schools",
    "EstablishmentStatus (code)": "1", "EstablishmentStatus (name)": "Open",
    "PhaseOfEducation (code)": "0", "PhaseOfEducation (name)": "Not applicable",
    "StatutoryLowAge": "5", "StatutoryHighAge": "11", "Gender (name)": "Mixed",
    "NurseryProvision (name)": "No Nursery Classes",
    "OfficialSixthForm (name)": "Does not have a sixth form", "SchoolCapacity": "96",
    "NumberOfPupils": "104", "Street": "The Fairway", "Locality": "Mill Hill", "Town": "London",
    "Postcode": "NW7 3HS", "SchoolWebsite": "www.northwayschool.co.uk",
    "TelephoneNum": "02083595440", "SEN1 (name)": "MLD - Moderate Learning Difficulty",
    "SEN2 (name)": "ASD - Autistic Spectrum Disorder",
    "SEN3 (name)": "SLCN - Speech, language and Communication",
    "TypeOfResourcedProvision (name)": "Not applicable", "GOR (name)": "London",
    "GSSLACode (name)": "E09000003", "Easting": "522216", "Northing": "193011",
    "SENStat": "104", "SENNoStat": "0", "CensusDate": "16-01-2025",
    "LastChangedDate": "04-03-2025",
}  # fmt: skip


def gias_row(base: dict[str, str] | None = None, **changes: str) -> dict[str, str]:
    row = dict.fromkeys(gias_header(), "")
    row.update(base if base is not None else NORTHWAY)
    row.update({k.replace("__", " "): v for k, v in changes.items()})
    return row


def gias_text(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    """The export's dialect: every heading quoted, numbers bare, text quoted, CRLF."""
    header = header or gias_header()
    bare = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "Easting", "Northing"}
    lines = [",".join(f'"{h}"' for h in header)]
    for row in rows:
        cells = []
        for h in header:
            value = row.get(h, "")
            quoted = '"' + value.replace('"', '""') + '"'
            cells.append(value if h in bare and value.isdigit() else quoted)
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def write_gias(path: Path, rows: list[dict[str, str]], encoding: str = "cp1252") -> Path:
    path.write_bytes(gias_text(rows).encode(encoding))
    return path


# ------------------------------------------------------------------------------------- CQC

CQC_DIRECTORY_HEADER = [
    "Name", "Also known as", "Address", "Postcode", "Phone number",
    "Service's website (if available)", "Service types", "Date of latest check",
    "Specialisms/services", "Provider name", "Local authority", "Region", "Location URL",
    "CQC Location ID (for office use only)", "CQC Provider ID (for office use only)",
]  # fmt: skip


def cqc_directory_row(**values: str) -> list[str]:
    row = {
        "Name": "Barnet Children's Homecare",
        "Also known as": "",
        "Address": "Unit 4,Bristol Avenue,Colindale,London",
        "Postcode": "NW9 4EW",
        "Phone number": "2089590000",
        "Service's website (if available)": "www.example.org.uk",
        "Service types": "Homecare agencies",
        "Date of latest check": "19/May/2022 - 00:00",
        "Specialisms/services": "Caring for children (0 - 18yrs)|Learning disabilities|"
        "Physical disabilities|Caring for adults under 65 yrs",
        "Provider name": "Example Care Limited",
        "Local authority": "Barnet",
        "Region": "London",
        "Location URL": "https://www.cqc.org.uk/location/1-10553191017",
        "CQC Location ID (for office use only)": "1-10553191017",
        "CQC Provider ID (for office use only)": "1-101671690",
    }
    row.update({k.replace("_", " "): v for k, v in values.items()})
    return [row[h] for h in CQC_DIRECTORY_HEADER]


def cqc_directory_text(rows: list[list[str]], produced: str = "16 September 2026") -> str:
    width = len(CQC_DIRECTORY_HEADER)
    pad = "," * (width - 1)
    out = io.StringIO()
    out.write(f"CQC Locations data{pad}\r\n{pad}\r\nThis data was produced on {produced}{pad}\r\n")
    out.write(f"{pad}\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CQC_DIRECTORY_HEADER)
    writer.writerows(rows)
    return out.getvalue()


_ACTIVITIES = [
    "Accommodation for persons who require nursing or personal care",
    "Accommodation for persons who require treatment for substance misuse",
    "Assessment or medical treatment for persons detained under the Mental Health Act 1983",
    "Diagnostic and screening procedures", "Family planning",
    "Management of supply of blood and blood derived products",
    "Maternity and midwifery services", "Nursing care", "Personal care",
    "Services in slimming clinics", "Surgical procedures", "Termination of pregnancies",
    "Transport services, triage and medical advice provided remotely",
    "Treatment of disease, disorder or injury",
]  # fmt: skip
# The service types named in the research note (the published file has 33).
_TYPES = [
    "Care home service with nursing", "Care home service without nursing",
    "Community based services for people with a learning disability",
    "Domiciliary care service", "Shared Lives", "Specialist college service",
    "Supported living service", "Hospice services",
]  # fmt: skip
_BANDS = [
    "Children 0-18 years", "Dementia", "Learning disabilities or autistic spectrum disorder",
    "Mental Health", "Older People", "People detained under the Mental Health Act",
    "People who misuse drugs and alcohol", "People with an eating disorder",
    "Physical Disability", "Sensory Impairment", "Whole Population", "Younger Adults",
]  # fmt: skip
CQC_FILTERS_HEADER = [
    "Location ID", "Location HSCA start date", "Dormant (Y/N)", "Care home?", "Location Name",
    "Location ODS Code", "Location Telephone Number", "Registered manager",
    "Location Web Address", "Care homes beds", "Location Type/Sector",
    "Location Inspection Directorate", "Location Primary Inspection Category",
    "Location Latest Overall Rating", "Publication Date", "Inherited Rating (Y/N)",
    "Location Region", "Location NHS Region", "Location Local Authority",
    "Location ONSPD CCG Code", "Location ONSPD CCG", "Location Commissioning CCG Code",
    "Location Commissioning CCG", "Location Street Address", "Location Address Line 2",
    "Location City", "Location County", "Location Postal Code", "Location PAF ID",
    "Location UPRN ID", "Location Latitude", "Location Longitude",
    "Location Parliamentary Constituency", "Brand ID", "Brand Name",
    "Provider Companies House Number", "Provider Charity Number", "Provider ID",
    "Provider Name", "Provider HSCA start date", "Provider Type/Sector",
    "Provider Inspection Directorate", "Provider Primary Inspection Category",
    "Provider Ownership Type", "Provider Telephone Number", "Provider Web Address",
    "Provider Street Address", "Provider Address Line 2", "Provider City", "Provider County",
    "Provider Postal Code", "Provider PAF ID", "Provider UPRN ID", "Provider Local Authority",
    "Provider Region", "Provider NHS Region", "Provider Latitude", "Provider Longitude",
    "Provider Parliamentary Constituency", "Provider Nominated Individual Name",
    "Provider Main Partner Name",
    *(f"Regulated activity - {a}" for a in _ACTIVITIES),
    *(f"Service type - {t}" for t in _TYPES),
    *(f"Service user band - {b}" for b in _BANDS),
    "Location Dual Registered", "Primary ID (Dual registration locations)",
]  # fmt: skip


def cqc_filters_row(flags: tuple[str, ...] = (), **values: str) -> list[str]:
    row = dict.fromkeys(CQC_FILTERS_HEADER, "")
    row.update({
        "Location ID": "1-2345678901", "Location HSCA start date": "2015-04-01",
        "Dormant (Y/N)": "N", "Care home?": "Y", "Location Name": "Elmwood Respite House",
        "Location Telephone Number": "02089590001", "Care homes beds": "6",
        "Location Type/Sector": "Social Care Org",
        "Location Inspection Directorate": "Adult social care",
        "Location Primary Inspection Category": "Residential social care",
        "Location Latest Overall Rating": "Good", "Location Region": "London",
        "Location Local Authority": "Barnet", "Location Street Address": "12 Elm Park",
        "Location City": "London", "Location Postal Code": "N3 1TR",
        "Location Latitude": "51.6010", "Location Longitude": "-0.1930", "Brand Name": "-",
        "Provider Charity Number": "1123456", "Provider ID": "1-3456789012",
        "Provider Name": "Example Respite Trust", "Provider Type/Sector": "Social Care Org",
    })  # fmt: skip
    for flag in flags or (
        "Service type - Care home service without nursing",
        "Service user band - Children 0-18 years",
        "Service user band - Learning disabilities or autistic spectrum disorder",
    ):
        row[flag] = "Y"
    row.update({k.replace("__", " "): v for k, v in values.items()})
    return [row[h] for h in CQC_FILTERS_HEADER]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


# ----------------------------------------------------------------------- Charity Commission

CHARITY_FIELDS = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "charity_name", "charity_type", "charity_registration_status",
    "date_of_registration", "date_of_removal", "charity_reporting_status",
    "latest_acc_fin_period_start_date", "latest_acc_fin_period_end_date", "latest_income",
    "latest_expenditure", "charity_contact_address1", "charity_contact_address2",
    "charity_contact_address3", "charity_contact_address4", "charity_contact_address5",
    "charity_contact_postcode", "charity_contact_phone", "charity_contact_email",
    "charity_contact_web", "charity_company_registration_number", "charity_insolvent",
    "charity_in_administration", "charity_previously_excepted", "charity_is_cdf_or_cif",
    "charity_is_cio", "cio_is_dissolved", "date_cio_dissolution_notice", "charity_activities",
    "charity_gift_aid", "charity_has_land",
]  # fmt: skip
CLASSIFICATION_FIELDS = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "classification_code", "classification_type",
    "classification_description",
]  # fmt: skip
AREA_FIELDS = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "geographic_area_type", "geographic_area_description",
    "parent_geographic_area_type", "parent_geographic_area_description", "welsh_ind",
]  # fmt: skip
EXTRACT_DATE = "2026-07-09T00:00:00"


def charity(number: int, name: str, **values: Any) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(CHARITY_FIELDS)
    record.update({
        "date_of_extract": EXTRACT_DATE, "organisation_number": 5000000 + number,
        "registered_charity_number": number, "linked_charity_number": 0,
        "charity_name": name, "charity_type": "Charitable company",
        "charity_registration_status": "Registered",
        "date_of_registration": "2004-03-01T00:00:00",
        "charity_reporting_status": "Submission Received",
        "latest_income": 250000.0, "latest_expenditure": 240000.0,
        "charity_contact_address1": "Hendon Town Hall", "charity_contact_address2": "The Burroughs",
        "charity_contact_address3": "London", "charity_contact_postcode": "NW4 4BQ",
        "charity_contact_phone": "020 8359 0000", "charity_contact_email": "info@example.org.uk",
        "charity_contact_web": "www.example.org.uk", "charity_insolvent": False,
        "charity_in_administration": False, "charity_is_cio": False,
        "charity_activities": "Support, advice and activities for disabled children and "
        "their families in Barnet.",
        "charity_gift_aid": True, "charity_has_land": False,
    })  # fmt: skip
    record.update(values)
    return record


WHO = {
    201: "Children/young People",
    202: "Elderly/old People",
    203: "People With Disabilities",
    207: "The General Public/mankind",
}
WHAT = {102: "Education/training", 104: "Disability", 106: "Accommodation/housing"}
HOW = {302: "Provides Services", 303: "Provides Advocacy/advice/information"}


def classification(number: int, code: int, linked: int = 0) -> dict[str, Any]:
    kind, label = (
        ("Who", WHO[code])
        if code in WHO
        else ("What", WHAT[code])
        if code in WHAT
        else ("How", HOW[code])
    )
    return {
        "date_of_extract": EXTRACT_DATE, "organisation_number": 5000000 + number,
        "registered_charity_number": number, "linked_charity_number": linked,
        "classification_code": code, "classification_type": kind,
        "classification_description": label,
    }  # fmt: skip


def area(number: int, kind: str = "Local Authority", name: str = "Barnet") -> dict[str, Any]:
    parent = ("Region", "Throughout London") if kind == "Local Authority" else (None, None)
    return {
        "date_of_extract": EXTRACT_DATE, "organisation_number": 5000000 + number,
        "registered_charity_number": number, "linked_charity_number": 0,
        "geographic_area_type": kind, "geographic_area_description": name,
        "parent_geographic_area_type": parent[0],
        "parent_geographic_area_description": parent[1], "welsh_ind": False,
    }  # fmt: skip


def write_extract_json(folder: Path, table: str, records: list[dict[str, Any]]) -> Path:
    """``publicextract.<table>.json``: one array, UTF-8 with a byte-order mark."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"publicextract.{table}.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(records, ensure_ascii=False).encode("utf-8"))
    return path


def write_extract_txt(
    folder: Path, table: str, fields: list[str], records: list[dict[str, Any]]
) -> Path:
    """``publicextract.<table>.txt``: tab-separated with a header, booleans as True/False."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"publicextract.{table}.txt"
    lines = ["\t".join(fields)]
    for record in records:
        cells = ["" if record.get(f) is None else str(record[f]) for f in fields]
        lines.append("\t".join(cells))
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path
