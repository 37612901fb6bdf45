"""The GIAS establishment export: the columns we read and what their values mean.

Names are the 2025 headings (``reference/data-formats.md`` §1); the export gains and loses
columns between years, so they are matched by name, and only the ones marked required fail a
file when absent.
"""

from __future__ import annotations

REQUIRED = {
    "urn": ("URN",),
    "la_code": ("LA (code)",),
    "name": ("EstablishmentName",),
    "type_code": ("TypeOfEstablishment (code)",),
    "type_name": ("TypeOfEstablishment (name)",),
    "status": ("EstablishmentStatus (name)",),
    "phase": ("PhaseOfEducation (name)",),
    "low_age": ("StatutoryLowAge",),
    "high_age": ("StatutoryHighAge",),
    "postcode": ("Postcode",),
}
SEN_COLUMNS = tuple(f"sen{n}" for n in range(1, 14))
OPTIONAL = {
    "la_name": ("LA (name)",),
    "group_code": ("EstablishmentTypeGroup (code)",),
    "group_name": ("EstablishmentTypeGroup (name)",),
    "gender": ("Gender (name)",),
    "sixth_form": ("OfficialSixthForm (name)",),
    "nursery": ("NurseryProvision (name)",),
    "capacity": ("SchoolCapacity",),
    "pupils": ("NumberOfPupils",),
    "census_date": ("CensusDate",),
    "last_changed": ("LastChangedDate",),
    "street": ("Street",),
    "locality": ("Locality",),
    "address3": ("Address3",),
    "town": ("Town",),
    "county": ("County (name)",),
    "website": ("SchoolWebsite",),
    "phone": ("TelephoneNum",),
    "easting": ("Easting",),
    "northing": ("Northing",),
    "gss_la": ("GSSLACode (name)", "DistrictAdministrative (code)"),
    "ward": ("AdministrativeWard (name)",),
    "rp_type": ("TypeOfResourcedProvision (name)",),
    "rp_on_roll": ("ResourcedProvisionOnRoll",),
    "rp_capacity": ("ResourcedProvisionCapacity",),
    "unit_on_roll": ("SenUnitOnRoll",),
    "unit_capacity": ("SenUnitCapacity",),
    "sen_stat": ("SENStat",),
    "sen_no_stat": ("SENNoStat",),
    "special_classes": ("SpecialClasses (name)",),
    "section41": ("Section41Approved (name)",),
    "trust": ("Trusts (name)",),
    "ukprn": ("UKPRN",),
    **{column: (f"SEN{n} (name)",) for n, column in enumerate(SEN_COLUMNS, start=1)},
}

# TypeOfEstablishment (code), as integers (the file writes "07" and "7" in different years).
SPECIAL_TYPES = frozenset({7, 8, 10, 12, 33, 36, 44})
AP_TYPES = frozenset({14, 38, 42, 43})
POST_16_TYPES = frozenset({18, 31, 32, 39, 45, 46, 57})
NURSERY_TYPES = frozenset({15})
INDEPENDENT_TYPES = frozenset({6, 10, 11})
# Universities, Welsh schools, offshore and overseas schools, online providers: not part of an
# English authority's Local Offer of schools.
SKIPPED_TYPES = frozenset({25, 29, 30, 37, 49})

# SEN1..SEN13 abbreviations (before " - ") as send-need codes.
SEN_CODES = {
    "SPLD": "SPLD", "MLD": "MLD", "SLD": "SLD", "PMLD": "PMLD", "SEMH": "SEMH",
    "SLCN": "SLCN", "HI": "HI", "VI": "VI", "MSI": "MSI", "PD": "PD", "ASD": "ASD",
    "OTH": "OTH",
    # Older exports still use the pre-2014 name for SEMH.
    "BESD": "SEMH",
}  # fmt: skip

NOT_APPLICABLE = frozenset({"", "not applicable", "not applicable.", "n/a"})
