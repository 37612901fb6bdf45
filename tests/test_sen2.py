"""The DfE SEN2 parser on the real 2025 release files and on broken copies of them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from directory.importers.sen2 import (
    DATASETS,
    ENGLAND,
    DemandRecord,
    Sen2Error,
    age_range,
    normalise_age,
    parse_sen2,
    period_label,
)
from tests.conftest import SHARED_DATA

SEN2 = SHARED_DATA / "dfe-ehcp-2025"
BARNET, LONDON = "E09000003", "E12000007"
AREAS = {ENGLAND, LONDON, BARNET}


def read(filename: str) -> bytes:
    return (SEN2 / filename).read_bytes()


def figure(records: list[DemandRecord], **wanted: str) -> DemandRecord:
    found = [r for r in records if all(getattr(r, k) == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, found)
    return found[0]


def barnet_rows(filename: str, keep: int = 3) -> tuple[list[str], list[str]]:
    """The header and the first ``keep`` Barnet lines of a real file (text, BOM removed)."""
    lines = read(filename).decode("utf-8-sig").splitlines()
    return lines[0].split(","), [line for line in lines if f",{BARNET}," in line][:keep]


def csv_bytes(header: list[str], rows: list[str], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join([",".join(header), *rows]) + "\r\n").encode(encoding)


def test_all_plans_by_need_for_barnet_london_and_england() -> None:
    parsed = parse_sen2(
        read("sen_needs_all_plans.csv"), name="sen_needs_all_plans.csv", areas=AREAS
    )

    assert parsed.dataset.key == "sen2_all_plans"
    assert parsed.problems == []
    assert {r.area_code for r in parsed.records} == AREAS
    total = {"breakdown_topic": "total", "measure": "ehc_plans", "area_code": BARNET}
    assert figure(parsed.records, need_code="ALL", **total).value == Decimal("4320")
    expected = {"ASD": 1801, "SLCN": 883, "SEMH": 752, "MLD": 331, "PD": 183, "SPLD": 117}
    expected |= {"SLD": 72, "HI": 55, "VI": 44, "OTH": 40, "PMLD": 27, "MSI": 15}
    for need, count in expected.items():
        assert figure(parsed.records, need_code=need, **total).value == count
    unknown = figure(parsed.records, need_code="UNKNOWN", **total)
    assert unknown.value == 4320 - sum(expected.values())
    share = figure(
        parsed.records,
        need_code="ASD",
        measure="ehc_plans_share",
        area_code=BARNET,
        breakdown_topic="total",
    )
    assert (share.value, share.unit) == (Decimal("41.7"), "percent")
    england = figure(
        parsed.records,
        need_code="ALL",
        measure="ehc_plans",
        area_code=ENGLAND,
        breakdown_topic="total",
    )
    assert (england.value, england.geographic_level, england.area_name) == (
        Decimal("638745"),
        "national",
        "England",
    )
    assert england.period == "202425" and england.period_label == "2024/25"


def test_ages_and_placements_are_breakdowns() -> None:
    parsed = parse_sen2(
        read("sen_needs_all_plans.csv"), name="sen_needs_all_plans.csv", areas={BARNET}
    )

    age_10 = figure(
        parsed.records, breakdown_topic="age", breakdown="10", need_code="ALL", measure="ehc_plans"
    )
    assert age_10.value == 276
    ages = {r.breakdown for r in parsed.records if r.breakdown_topic == "age"}
    assert ages == {str(a) for a in range(3, 25)}
    by_age = sum(
        r.value or 0
        for r in parsed.records
        if r.breakdown_topic == "age" and r.need_code == "ALL" and r.measure == "ehc_plans"
    )
    assert by_age == 4320
    special = figure(
        parsed.records,
        breakdown_topic="placement",
        breakdown="Special - total",
        need_code="ALL",
        measure="ehc_plans",
    )
    assert special.value == 896


def test_england_keeps_the_x_symbol_as_no_value() -> None:
    parsed = parse_sen2(read("requests.csv"), name="requests.csv", areas={ENGLAND})

    assessed = figure(
        parsed.records, period="2019", breakdown_topic="total", measure="requests_decided_to_assess"
    )
    assert (assessed.value, assessed.symbol) == (None, "x")
    received = figure(
        parsed.records, period="2019", breakdown_topic="total", measure="requests_received_in_year"
    )
    assert (received.value, received.symbol) == (Decimal("82329"), None)


@pytest.mark.parametrize(
    ("filename", "dataset", "measure", "period", "value"),
    [
        ("sen_need_newplans.csv", "sen2_new_plans", "ehc_plans", "2024", 765),
        ("requests.csv", "sen2_requests", "requests_received_in_year", "2024", 1026),
        (
            "timeliness_20_week.csv",
            "sen2_timeliness",
            "pc_plans_issued_within_20_weeks",
            "2024",
            100,
        ),
        ("timeliness_20_week.csv", "sen2_timeliness", "plans_issued_den", "2024", 747),
        ("work_based_placements.csv", "sen2_work_placements", "open_supp_intern", "202425", 35),
        ("work_based_placements.csv", "sen2_work_placements", "open_apprentice", "202425", 3),
    ],
)
def test_the_five_files_give_barnet_figures(
    filename: str, dataset: str, measure: str, period: str, value: int
) -> None:
    parsed = parse_sen2(read(filename), name=filename, areas=AREAS)

    assert parsed.dataset.key == dataset
    assert parsed.problems == []
    found = figure(
        parsed.records,
        area_code=BARNET,
        measure=measure,
        period=period,
        breakdown_topic="total",
        need_code="ALL",
    )
    assert found.value == value
    assert found.unit == ("percent" if measure.startswith("pc_") else "count")


def test_without_an_area_filter_every_authority_is_kept() -> None:
    parsed = parse_sen2(read("work_based_placements.csv"), name="work_based_placements.csv")

    authorities = {r.area_code for r in parsed.records if r.geographic_level == "local_authority"}
    assert len(authorities) > 150
    assert parsed.rows_kept == parsed.rows_read == 9917


def test_a_renamed_file_is_recognised_by_its_columns() -> None:
    header, rows = barnet_rows("timeliness_20_week.csv")
    parsed = parse_sen2(csv_bytes(header, rows), name="download (3).csv")
    assert parsed.dataset.key == "sen2_timeliness"

    header, rows = barnet_rows("sen_needs_all_plans.csv")
    assert parse_sen2(csv_bytes(header, rows), name="x.csv").dataset.key == "sen2_all_plans"
    header, rows = barnet_rows("sen_need_newplans.csv")
    assert parse_sen2(csv_bytes(header, rows), name="x.csv").dataset.key == "sen2_new_plans"


# --- bad input ---------------------------------------------------------------------------------


def test_missing_column_is_named() -> None:
    header, rows = barnet_rows("sen_needs_all_plans.csv")
    drop = header.index("number_semh")
    header = header[:drop] + header[drop + 1 :]
    rows = [",".join(r.split(",")[:drop] + r.split(",")[drop + 1 :]) for r in rows]

    with pytest.raises(Sen2Error) as caught:
        parse_sen2(csv_bytes(header, rows), name="sen_needs_all_plans.csv")

    assert caught.value.message == (
        "sen_needs_all_plans.csv: missing column 'number_semh', needed in the DfE file "
        "sen_needs_all_plans.csv (EHC plans at January by primary need)"
    )
    assert caught.value.details == {"file": "sen_needs_all_plans.csv", "field": "number_semh"}


def test_a_semicolon_separated_file_is_read() -> None:
    header, rows = barnet_rows("work_based_placements.csv")
    data = csv_bytes(header, rows).replace(b",", b";")

    parsed = parse_sen2(data, name="work_based_placements.csv")

    assert parsed.rows_kept == 3


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(Sen2Error, match=r"^requests.csv: the file is empty$"):
        parse_sen2(data, name="requests.csv")


def test_header_only() -> None:
    header, _ = barnet_rows("requests.csv")
    with pytest.raises(Sen2Error, match="has a header but no data rows"):
        parse_sen2(csv_bytes(header, []), name="requests.csv")


def test_not_a_sen2_file() -> None:
    with pytest.raises(Sen2Error, match="not a SEN2 file we know: expected one of"):
        parse_sen2(b"name,postcode\r\nA school,N3 1AB\r\n", name="schools.csv")


def test_a_spreadsheet_is_refused() -> None:
    with pytest.raises(Sen2Error, match=r"binary file .* export the sheet as CSV"):
        parse_sen2(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", name="requests.xlsx")


def test_windows_1252_copy_is_read_and_said() -> None:
    header, rows = barnet_rows("sen_needs_all_plans.csv", keep=200)
    rows = [r for r in rows if "Educated elsewhere - NEET" in r]
    rows = [rows[0].replace("Educated elsewhere - NEET", "Educated elsewhere – NEET")]

    parsed = parse_sen2(csv_bytes(header, rows, "cp1252"), name="sen_needs_all_plans.csv")

    assert parsed.notes == [
        "sen_needs_all_plans.csv is not UTF-8 (byte 0x96 on line 2): read as Windows-1252"
    ]
    assert {r.breakdown for r in parsed.records} == {"Educated elsewhere – NEET"}


def test_bytes_that_are_no_known_encoding_are_refused_with_the_line() -> None:
    header, rows = barnet_rows("requests.csv")
    data = csv_bytes(header, rows[:1]) + b"2024,Calendar year,\x81\x8d\r\n"

    with pytest.raises(Sen2Error, match=r"line 3: byte 0x81 is neither UTF-8 nor Windows-1252"):
        parse_sen2(data, name="requests.csv")


def test_utf16_excel_export_is_read() -> None:
    header, rows = barnet_rows("work_based_placements.csv")
    data = ("\r\n".join([",".join(header), *rows])).encode("utf-16")

    parsed = parse_sen2(data, name="work_based_placements.csv")

    assert parsed.rows_kept == 3
    assert parsed.notes == [
        "work_based_placements.csv was UTF-16 text (an Excel export): read as such"
    ]


@pytest.mark.parametrize("symbol", ["x", "z", "c", "low", "u", ":", "~", "X"])
def test_symbols_are_kept_and_never_zero(symbol: str) -> None:
    header, rows = barnet_rows("work_based_placements.csv", keep=1)
    cells = rows[0].split(",")
    cells[header.index("open_apprentice")] = symbol

    parsed = parse_sen2(csv_bytes(header, [",".join(cells)]), name="work_based_placements.csv")

    apprentices = figure(parsed.records, measure="open_apprentice")
    assert (apprentices.value, apprentices.symbol) == (None, symbol.lower())
    assert figure(parsed.records, measure="open_supp_intern").value == 35


def test_a_bad_cell_rejects_its_row_only_and_names_line_and_column() -> None:
    header, rows = barnet_rows("work_based_placements.csv", keep=3)
    cells = rows[1].split(",")
    cells[header.index("open_wbp")] = "lots"
    short = ",".join(rows[2].split(",")[:10])

    parsed = parse_sen2(
        csv_bytes(header, [rows[0], ",".join(cells), short]), name="work_based_placements.csv"
    )

    assert parsed.rows_read == 3 and parsed.rows_kept == 1
    assert [p.to_dict() for p in parsed.problems] == [
        {
            "location": "work_based_placements.csv, line 3",
            "field": "open_wbp",
            "value": "lots",
            "reason": "not a number or a DfE symbol (x, z, c, low, u, :, ~)",
            "severity": "rejected",
        },
        {
            "location": "work_based_placements.csv, line 4",
            "field": None,
            "value": None,
            "reason": "the row has 10 fields, the header 16",
            "severity": "rejected",
        },
    ]
    first = rows[0].split(",")
    kept = figure(parsed.records, measure="open_wbp")
    assert kept.value == int(first[header.index("open_wbp")])


def test_a_duplicated_row_is_reported_once() -> None:
    header, rows = barnet_rows("work_based_placements.csv", keep=1)

    parsed = parse_sen2(csv_bytes(header, rows * 2), name="work_based_placements.csv")

    assert parsed.rows_kept == 1
    assert parsed.problems[0].reason == "the same period, area and breakdown as line 2"


def test_forcing_the_dataset() -> None:
    header, rows = barnet_rows("requests.csv")
    with pytest.raises(Sen2Error, match="missing column 'plans_issued_den'"):
        parse_sen2(csv_bytes(header, rows), name="x.csv", dataset="sen2_timeliness")
    assert set(DATASETS) == {
        "sen2_all_plans",
        "sen2_new_plans",
        "sen2_requests",
        "sen2_timeliness",
        "sen2_work_placements",
    }


@pytest.mark.parametrize(
    ("text", "normal", "ages"),
    [
        ("age 10", "10", (10, 10)),
        ("Aged 3", "3", (3, 3)),
        ("age 2 and under", "0-2", (0, 2)),
        ("Aged 2 and under", "0-2", (0, 2)),
        ("under 3", "0-2", (0, 2)),
        ("age 15 and under", "0-15", (0, 15)),
        ("age 20 and over", "20+", (20, None)),
        ("age 25 or over", "25+", (25, None)),
        ("Age unknown", "unknown", None),
        ("Unknown", "unknown", None),
    ],
)
def test_age_breakdowns(text: str, normal: str, ages: tuple[int, int | None] | None) -> None:
    assert normalise_age(text) == normal
    assert age_range(normal) == ages


def test_period_labels() -> None:
    assert period_label("202425") == "2024/25"
    assert period_label("2024") == "2024"
