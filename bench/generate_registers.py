# ruff: noqa: E501 - the tables of types and values read best one entry a line
"""Realistic national-size register files for the import benchmarks.

- ``gias``: a full-England ``edubasealldata`` export (the real 135-column 2025 header, quoted as
  GIAS quotes it, Windows-1252, CRLF): about 50,000 establishments over 152 authorities, a
  quarter of them closed, with the national mix of phases and types, special schools and
  resourced provision with SEN1..SEN13, and grid references spread over England;
- ``epraccur``: a national ODS GP file (headerless, 27 columns), about 9,000 practices;
- ``cqc``: a weekly care directory with its title lines, about 30,000 locations.

    python bench/generate_registers.py OUT_DIR
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.register_files import (
    CQC_DIRECTORY_HEADER,
    EPRACCUR,
    cqc_directory_text,
    gias_header,
    gias_text,
)

SEN = [
    "SpLD - Specific Learning Difficulty", "MLD - Moderate Learning Difficulty",
    "SLD - Severe Learning Difficulty", "PMLD - Profound and Multiple Learning Difficulty",
    "SEMH - Social, Emotional and Mental Health", "SLCN - Speech, language and Communication",
    "HI - Hearing Impairment", "VI - Visual Impairment", "PD - Physical Disability",
    "ASD - Autistic Spectrum Disorder", "OTH - Other Difficulty/Disability",
]  # fmt: skip
# (type code, type name, group, phase, low, high, weight)
TYPES = [
    ("01", "Community school", "4", "Primary", 4, 11, 30), ("34", "Academy converter", "10", "Secondary", 11, 18, 20),
    ("03", "Voluntary controlled school", "4", "Primary", 4, 11, 8), ("28", "Academy sponsor led", "10", "Primary", 3, 11, 12),
    ("07", "Community special school", "5", "Not applicable", 2, 19, 3), ("44", "Academy special converter", "10", "Not applicable", 5, 19, 2),
    ("10", "Other independent special school", "3", "Not applicable", 7, 19, 2), ("11", "Other independent school", "3", "All-through", 3, 18, 7),
    ("14", "Pupil referral unit", "4", "Not applicable", 11, 16, 1), ("15", "LA nursery school", "4", "Nursery", 2, 5, 1),
    ("18", "Further education", "1", "16 plus", 16, 99, 1), ("45", "Academy 16-19 converter", "10", "16 plus", 16, 19, 1),
    ("29", "Higher education institutions", "2", "Not applicable", 18, 99, 1),
]  # fmt: skip
WORDS = [
    "Oak",
    "St Mary's",
    "Hill",
    "Park",
    "Church",
    "Meadow",
    "Green",
    "Valley",
    "Brook",
    "Castle",
]


def gias(path: Path, size: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    header = gias_header()
    weights = [t[-1] for t in TYPES]
    rows = []
    for i in range(size):
        code, name, group, phase, low, high, _w = rng.choices(TYPES, weights)[0]
        la = 201 + i % 152
        row = dict.fromkeys(header, "")
        rp = rng.random() < 0.05 and group in ("4", "10")
        needs = (
            rng.sample(SEN, rng.randint(1, 4)) if group == "5" or code in ("44", "10") or rp else []
        )
        row.update({
            "URN": str(100000 + i), "LA (code)": str(la), "LA (name)": f"Authority {la}",
            "EstablishmentNumber": str(2000 + i % 7000),
            "EstablishmentName": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {name.split()[0]} School {i}",
            "TypeOfEstablishment (code)": code, "TypeOfEstablishment (name)": name,
            "EstablishmentTypeGroup (code)": group, "EstablishmentStatus (code)": "1",
            "EstablishmentStatus (name)": "Open" if rng.random() < 0.75 else "Closed",
            "PhaseOfEducation (name)": phase, "StatutoryLowAge": str(low),
            "StatutoryHighAge": str(high), "Gender (name)": "Mixed",
            "NumberOfPupils": str(rng.randint(20, 1800)), "SchoolCapacity": str(rng.randint(30, 2000)),
            "Street": f"{rng.randint(1, 200)} {rng.choice(WORDS)} Road", "Town": f"Town {la}",
            "Postcode": f"{rng.choice('BLMNS')}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRST')}",
            "SchoolWebsite": f"www.school{i}.example.org", "TelephoneNum": f"01{rng.randint(100000000, 999999999)}",
            "Easting": str(rng.randint(150000, 650000)), "Northing": str(rng.randint(50000, 650000)),
            "TypeOfResourcedProvision (name)": "Resourced provision" if rp else "Not applicable",
            "ResourcedProvisionCapacity": str(rng.randint(6, 30)) if rp else "",
            "ResourcedProvisionOnRoll": str(rng.randint(4, 30)) if rp else "",
            "CensusDate": "16-01-2025", "LastChangedDate": "04-03-2025",
        })  # fmt: skip
        for n, need in enumerate(needs, start=1):
            row[f"SEN{n} (name)"] = need
        rows.append(row)
    path.write_bytes(gias_text(rows).encode("cp1252"))
    return path


def epraccur(path: Path, size: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    real = list(csv.reader(EPRACCUR.read_text().splitlines()))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for i in range(size):
        row = list(rng.choice(real))
        row[0] = f"{chr(65 + i % 20)}{81000 + i}"
        row[14] = f"{rng.randint(1, 99):02d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXY')}"
        writer.writerow(row)
    path.write_text(out.getvalue())
    return path


def cqc(path: Path, size: int, seed: int = 7) -> Path:
    from tests.register_files import cqc_directory_row

    rng = random.Random(seed)
    kinds = ["Homecare agencies", "Residential homes", "Nursing homes", "Dentist",
             "Supported living", "Doctors/GPs", "Community services - Nursing"]  # fmt: skip
    bands = ["Caring for children (0 - 18yrs)", "Learning disabilities", "Physical disabilities",
             "Caring for adults over 65 yrs", "Dementia", "Caring for adults under 65 yrs",
             "Sensory impairments", "Mental health conditions"]  # fmt: skip
    rows = [
        cqc_directory_row(
            **{
                "Name": f"{rng.choice(WORDS)} Care {i}",
                "Postcode": "NW9 4EW",
                "Service types": "|".join(rng.sample(kinds, rng.randint(1, 2))),
                "Specialisms/services": "|".join(rng.sample(bands, rng.randint(1, 4))),
                "Local authority": f"Authority {i % 152}",
                "CQC Location ID (for office use only)": f"1-{1000000000 + i}",
                "CQC Provider ID (for office use only)": f"1-{200000000 + i // 3}",
            }
        )
        for i in range(size)
    ]
    assert len(rows[0]) == len(CQC_DIRECTORY_HEADER)
    path.write_bytes(cqc_directory_text(rows).encode("utf-8-sig"))
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    print(gias(out / "edubasealldata_england.csv", 50_000))
    print(epraccur(out / "epraccur_england.csv", 9_000))
    print(cqc(out / "cqc_directory_england.csv", 30_000))
