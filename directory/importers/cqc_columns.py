"""The two CQC files: their columns, and what their service types and user bands mean for SEND.

Layouts are in ``reference/data-formats.md`` §2.1 (weekly care directory) and §2.2 (care
directory with filters, ``HSCA_Active_Locations``). Older directory files spell
``Local Authority`` and the broken ``CQC Location (for office use only``: aliases cover both.
"""

from __future__ import annotations

DIRECTORY = {
    "name": ("Name",),
    "address": ("Address",),
    "postcode": ("Postcode",),
    "service_types": ("Service types",),
    "specialisms": ("Specialisms/services",),
    "provider": ("Provider name",),
    "local_authority": ("Local authority", "Local Authority"),
    "location_id": ("CQC Location ID (for office use only)", "CQC Location (for office use only"),
}
DIRECTORY_OPTIONAL = {
    "also_known_as": ("Also known as",),
    "phone": ("Phone number",),
    "website": ("Service's website (if available)", "Services website (if available)"),
    "checked": ("Date of latest check",),
    "region": ("Region",),
    "url": ("Location URL",),
    "provider_id": ("CQC Provider ID (for office use only)",),
}

FILTERS = {
    "location_id": ("Location ID",),
    "name": ("Location Name",),
    "dormant": ("Dormant (Y/N)",),
    "local_authority": ("Location Local Authority",),
    "postcode": ("Location Postal Code",),
    "provider": ("Provider Name",),
    "provider_id": ("Provider ID",),
}
FILTERS_OPTIONAL = {
    "phone": ("Location Telephone Number",),
    "website": ("Location Web Address",),
    "care_home": ("Care home?",),
    "beds": ("Care homes beds",),
    "directorate": ("Location Inspection Directorate",),
    "category": ("Location Primary Inspection Category",),
    "rating": ("Location Latest Overall Rating",),
    "street": ("Location Street Address",),
    "line2": ("Location Address Line 2",),
    "city": ("Location City",),
    "county": ("Location County",),
    "latitude": ("Location Latitude",),
    "longitude": ("Location Longitude",),
    "ods_code": ("Location ODS Code",),
    "provider_sector": ("Provider Type/Sector",),
    "charity_number": ("Provider Charity Number",),
    "company_number": ("Provider Companies House Number",),
}
BAND_PREFIX = "service user band - "
TYPE_PREFIX = "service type - "
ACTIVITY_PREFIX = "regulated activity - "

# Specialisms (directory) and service user bands (filters file), as need codes and ages.
NEEDS = {
    "learning disabilities": ("MLD", "SLD", "PMLD"),
    "learning disabilities or autistic spectrum disorder": ("MLD", "SLD", "PMLD", "ASD"),
    "physical disabilities": ("PD",),
    "physical disability": ("PD",),
    "sensory impairments": ("HI", "VI", "MSI"),
    "sensory impairment": ("HI", "VI", "MSI"),
    "mental health conditions": ("SEMH",),
    "mental health": ("SEMH",),
    "eating disorders": ("SEMH",),
    "people with an eating disorder": ("SEMH",),
    "services for everyone": ("ALL",),
    "whole population": ("ALL",),
}
AGES: dict[str, tuple[int, int | None]] = {
    "caring for children (0 - 18yrs)": (0, 18),
    "children 0-18 years": (0, 18),
    "caring for adults under 65 yrs": (18, 64),
    "younger adults": (18, 64),
    "caring for adults over 65 yrs": (65, None),
    "older people": (65, None),
    "services for everyone": (0, None),
    "whole population": (0, None),
}
# Bands that make a location part of a 0-25 Local Offer (older people's care is not).
SEND_BANDS = frozenset(NEEDS) | {
    "caring for children (0 - 18yrs)",
    "children 0-18 years",
}

# Service types (both files; the filters file prefixes them) as our service types.
SERVICE_TYPES = {
    "homecare agencies": "home_care",
    "domiciliary care service": "home_care",
    "nursing homes": "residential_care",
    "residential homes": "residential_care",
    "care home service with nursing": "residential_care",
    "care home service without nursing": "residential_care",
    "supported living": "independent_living",
    "supported living service": "independent_living",
    "supported housing": "independent_living",
    "extra care housing services": "independent_living",
    "shared lives": "respite",
    "hospice": "respite",
    "hospice services": "respite",
    "home hospice care": "respite",
    "community services - learning disabilities": "social_care_assessment",
    "community based services for people with a learning disability": "social_care_assessment",
    "community services - mental health": "camhs",
    "community based services for people with mental health needs": "camhs",
    "hospitals - mental health/capacity": "camhs",
    "community services - nursing": "community_nursing",
    "community services - healthcare": "community_nursing",
    "community healthcare service": "community_nursing",
    "dentist": "gp",
    "dental service": "gp",
    "specialist college service": "post_16_education",
    "rehabilitation (illness/injury)": "physiotherapy",
    "rehabilitation services": "physiotherapy",
}
SOCIAL_CARE = frozenset(
    {"home_care", "residential_care", "independent_living", "respite", "social_care_assessment"}
)
# GP practices come from the NHS ODS register (epraccur), which knows their commissioner.
GP_TYPES = frozenset({"doctors/gps", "doctors/gp", "gp practices"})
