# ruff: noqa: E501 - each guidance text is one sentence a provider reads; split, it is harder to edit
"""The provider spreadsheet's columns: one definition used by the parser, the template and docs.

One row is one service at (at most) one venue. The columns cover every field of "What a
service record says" (``shared/design/domain.md``) that a provider can state; priority tags are
added by the tagging engine with their reasons, and where the record came from is kept
automatically (the source name, file and row).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    guidance: str
    example: str = ""
    required: bool = False
    vocabulary: str | None = None  # a controlled list (vocabulary key or enum name)
    multiple: bool = False  # several values separated by ";"
    width: int = 18


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
YES_NO = ("Yes", "No")

COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Reference",
        "Your own short code for the service. Keep it the same every time you send the sheet: it is how we recognise the service. Leave blank to use the organisation and service names.",
        "BPCF-01",
        width=12,
    ),
    Column(
        "service_name",
        "Service name",
        "The name families will see.",
        "Saturday sensory club",
        required=True,
        width=30,
    ),
    Column(
        "organisation",
        "Organisation",
        "Who runs the service.",
        "Barnet Parent Carer Forum",
        required=True,
        width=30,
    ),
    Column(
        "organisation_type",
        "Organisation type",
        "Council, NHS, school, charity, private or other.",
        "charity",
        vocabulary="organization-type",
    ),
    Column(
        "organisation_website",
        "Organisation website",
        "The organisation's own website.",
        "https://www.example.org.uk",
        width=28,
    ),
    Column(
        "charity_number",
        "Charity number",
        "Registered charity number, if any.",
        "1123456",
        width=12,
    ),
    Column(
        "description",
        "Description",
        "What the service does, in plain English, for a parent reading on a phone. Blank lines start new paragraphs.",
        "A relaxed club for children who find busy places hard.",
        required=True,
        width=60,
    ),
    Column(
        "sectors",
        "Sectors",
        "Education, health, social care, community and voluntary sector. Several allowed, separated by ;",
        "Community and voluntary sector",
        vocabulary="sector",
        multiple=True,
        width=24,
    ),
    Column(
        "service_types",
        "Service types",
        "What kind of service it is. Several allowed, separated by ;",
        "Leisure and holiday activities",
        vocabulary="service-type",
        multiple=True,
        width=30,
    ),
    Column(
        "needs",
        "Needs",
        "Needs the service is for, as codes (ASD, SLCN, SEMH ...) or names, or All needs. Several allowed, separated by ;",
        "ASD; SLCN",
        vocabulary="send-need",
        multiple=True,
        width=24,
    ),
    Column(
        "minimum_age",
        "Minimum age",
        "Youngest age in years (0 to 25). Blank means no lower limit.",
        "5",
        width=10,
    ),
    Column(
        "maximum_age",
        "Maximum age",
        "Oldest age in years. Blank means no upper limit.",
        "11",
        width=10,
    ),
    Column(
        "eligibility",
        "Who can use it",
        "Anything else about who the service is for.",
        "Children living in Barnet",
        width=30,
    ),
    Column(
        "ehcp_required",
        "EHC plan needed",
        "Yes if only children with an EHC plan can use it.",
        "No",
        vocabulary="yes-no",
        width=10,
    ),
    Column(
        "referral_routes",
        "How to get it",
        "Who can ask for the service. Several allowed, separated by ;",
        "Families can contact the service directly",
        vocabulary="referral-route",
        multiple=True,
        width=30,
    ),
    Column(
        "how_to_access",
        "How to apply",
        "What a family has to do to start.",
        "Ring or e-mail to book a first visit.",
        width=30,
    ),
    Column(
        "cost",
        "Cost",
        "Free, Some options free, Costs money, or Cost not known. Never leave a paid service as free.",
        "Free",
        vocabulary="cost-state",
        width=16,
    ),
    Column(
        "cost_details",
        "Cost details",
        "Prices and what they cover.",
        "£3 a session, free for carers",
        width=24,
    ),
    Column(
        "delivery",
        "How it is delivered",
        "In person, online, by phone, home visits. Several allowed, separated by ;",
        "In person",
        vocabulary="delivery-method",
        multiple=True,
        width=20,
    ),
    Column(
        "venue_name",
        "Venue name",
        "Where it happens, if in person.",
        "Finchley Youth Theatre",
        width=24,
    ),
    Column(
        "address_line_1",
        "Address line 1",
        "Street address of the venue.",
        "1 Regents Park Road",
        width=24,
    ),
    Column("address_line_2", "Address line 2", "", "", width=18),
    Column("town", "Town", "", "London", width=14),
    Column(
        "postcode",
        "Postcode",
        "The venue's postcode. Used to show distance from a family's home.",
        "N3 1AA",
        width=10,
    ),
    Column(
        "days",
        "Days",
        "Days it runs. Several allowed, separated by ;",
        "Saturday",
        vocabulary="weekday",
        multiple=True,
        width=20,
    ),
    Column("opens_at", "Opens at", "Start time, 24-hour clock (HH:MM).", "10:00", width=9),
    Column("closes_at", "Closes at", "End time, 24-hour clock (HH:MM).", "12:00", width=9),
    Column(
        "opening_notes",
        "Opening times notes",
        "Term time only, holidays, first Saturday of the month ...",
        "Term time only",
        width=24,
    ),
    Column(
        "area_served",
        "Area served",
        "In borough, out of borough, regional or national. Blank: worked out from the postcode.",
        "in_borough",
        vocabulary="area-served",
        width=14,
    ),
    Column(
        "contact_name",
        "Contact name",
        "A name or role families can ask for.",
        "Club coordinator",
        width=18,
    ),
    Column("phone", "Phone", "", "020 8000 0000", width=16),
    Column("email", "Email", "", "hello@example.org.uk", width=24),
    Column(
        "website", "Website", "The service's own page.", "https://www.example.org.uk/club", width=28
    ),
    Column(
        "accessibility",
        "Venue accessibility",
        "Wheelchair access, hearing loop, Changing Places, BSL, Makaton, quiet space ... Several allowed, separated by ;",
        "Wheelchair accessible; Quiet or sensory space",
        vocabulary="accessibility-feature",
        multiple=True,
        width=28,
    ),
    Column(
        "accessibility_notes",
        "Accessibility notes",
        "Anything else about getting in and around.",
        "Step-free entrance at the side",
        width=24,
    ),
    Column(
        "languages",
        "Languages",
        "Languages staff speak, separated by ;",
        "English; Polish",
        multiple=True,
        width=16,
    ),
    Column(
        "pfa_outcomes",
        "Preparing for adulthood",
        "For young people 14 and over: employment, independent living, community inclusion, health.",
        "",
        vocabulary="pfa-outcome",
        multiple=True,
        width=20,
    ),
    Column(
        "status",
        "Status",
        "Active, inactive (stopped), or temporarily closed. Blank means active.",
        "active",
        vocabulary="status",
        width=12,
    ),
    Column(
        "last_reviewed",
        "Last reviewed",
        "When someone last checked this row (YYYY-MM-DD).",
        "2025-09-01",
        width=12,
    ),
    Column(
        "reviewed_by",
        "Reviewed by",
        "E-mail address of who checked it.",
        "hello@example.org.uk",
        width=24,
    ),
)

BY_KEY = {column.key: column for column in COLUMNS}
