from datetime import date

from directory.models import Schedule
from directory.web.schedules import day_list, describe_schedules, time_words


def texts(*schedules: Schedule) -> list[str]:
    return [line.text for line in describe_schedules(schedules)]


def test_times_in_gov_uk_style():
    assert time_words("09:00") == "9am"
    assert time_words("17:30:00") == "5:30pm"
    assert time_words("12:00") == "midday"
    assert time_words("00:00") == "midnight"
    assert time_words("13:05+01:00") == "1:05pm"
    assert time_words("after school") == "after school"


def test_day_lists():
    assert day_list(["TU", "MO"]) == "Mondays and Tuesdays"
    assert day_list(["MO", "TU", "WE", "TH", "FR"]) == "Monday to Friday"
    assert day_list(["MO", "WE", "FR"]) == "Mondays, Wednesdays and Fridays"
    assert day_list(["MO", "TU", "WE", "FR"]) == "Monday to Wednesday and Fridays"
    assert day_list(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]) == "Every day"


def test_weekly_rows_with_the_same_times_merge_into_one_line():
    assert texts(
        Schedule(freq="WEEKLY", byday="TU", opens_at="09:00", closes_at="17:00"),
        Schedule(freq="WEEKLY", byday="MO", opens_at="09:00", closes_at="17:00"),
        Schedule(freq="WEEKLY", byday="SA", opens_at="10:00", closes_at="12:00"),
    ) == ["Mondays and Tuesdays, 9am to 5pm", "Saturdays, 10am to midday"]


def test_monthly_fortnightly_daily_and_dated_schedules():
    assert texts(Schedule(freq="MONTHLY", byday="2TU", opens_at="10:00", closes_at="11:30")) == [
        "Second Tuesday of the month, 10am to 11:30am"
    ]
    assert texts(Schedule(freq="MONTHLY", byday="-1FR")) == ["Last Friday of the month"]
    assert texts(Schedule(freq="WEEKLY", interval=2, byday="WE", opens_at="16:00")) == [
        "Every other week: Wednesdays, from 4pm"
    ]
    assert texts(Schedule(freq="DAILY", closes_at="20:00")) == ["Every day, until 8pm"]
    assert texts(
        Schedule(
            freq="WEEKLY",
            byday="MO,TU,WE,TH,FR",
            opens_at="08:00",
            closes_at="18:00",
            valid_from=date(2026, 9, 1),
            valid_to=date(2027, 7, 20),
        )
    ) == ["Monday to Friday, 8am to 6pm, from 1 September 2026 to 20 July 2027"]


def test_description_only_and_notes_and_links():
    [line] = describe_schedules(
        [Schedule(description="School holidays only", schedule_link="javascript:alert(1)")]
    )
    assert line.text == "School holidays only"
    assert line.link is None
    [line] = describe_schedules(
        [
            Schedule(
                freq="WEEKLY",
                byday="SA",
                opens_at="10:00",
                notes="Booking needed",
                schedule_link="https://example.org/timetable",
            )
        ]
    )
    assert line.text == "Saturdays, from 10am"
    assert line.notes == ("Booking needed",)
    assert line.link == "https://example.org/timetable"
    assert texts(Schedule()) == ["Times not given"]


def test_a_description_that_repeats_the_times_is_not_shown_twice():
    [line] = describe_schedules(
        [
            Schedule(
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at="09:00",
                closes_at="17:00",
                description="Monday to Friday, 9am to 5pm.",
                notes="Closed on bank holidays",
            )
        ]
    )
    assert line.text == "Monday to Friday, 9am to 5pm"
    assert line.notes == ("Closed on bank holidays",)
