"""Opening times in plain English, from HSDS schedules (iCalendar RRULE parts).

"Mondays and Tuesdays, 9am to 5pm", "Monday to Friday, 9:30am to 3pm", "Second Tuesday of the
month, 10am to midday". Weekly rows that share their times are merged into one line, because a
feed usually sends one row per day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from directory.models import Schedule
from directory.web.formatting import long_date, safe_url

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(
    zip(
        DAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", -1: "Last"}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$")
_MONTHLY_DAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class ScheduleLine:
    """One line of opening times, with any notes the provider gave and a link to a timetable."""

    text: str
    notes: tuple[str, ...] = ()
    link: str | None = None


def time_words(value: str | None) -> str | None:
    """'09:00' -> '9am', '17:30' -> '5:30pm', '12:00' -> 'midday', '00:00' -> 'midnight'."""
    if not value:
        return None
    match = _TIME.match(value.strip())
    if not match:
        return value.strip()
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return value.strip()
    if minute == 0 and hour == 12:
        return "midday"
    if minute == 0 and hour == 0:
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{suffix}" if minute == 0 else f"{hour12}:{minute:02d}{suffix}"


def time_range(opens: str | None, closes: str | None) -> str | None:
    start, end = time_words(opens), time_words(closes)
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return None


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def day_list(days: Iterable[str]) -> str:
    """'Mondays and Tuesdays', 'Monday to Friday', 'Every day', 'Monday to Wednesday and
    Fridays'."""
    wanted = sorted({d for d in days if d in DAY_NAMES}, key=DAYS.index)
    if len(wanted) == len(DAYS):
        return "Every day"
    runs: list[list[str]] = []
    for day in wanted:
        if runs and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            words.extend(DAY_NAMES[d] + "s" for d in run)
    return join_words(words)


def _byday(schedule: Schedule) -> list[str]:
    return [d.strip().upper() for d in (schedule.byday or "").split(",") if d.strip()]


def _monthly_days(schedule: Schedule) -> str | None:
    phrases = []
    for item in _byday(schedule):
        match = _MONTHLY_DAY.match(item)
        if not match:
            continue
        ordinal = int(match.group(1)) if match.group(1) else None
        day = DAY_NAMES[match.group(2)]
        if ordinal in ORDINALS:
            phrases.append(f"{ORDINALS[ordinal]} {day}")
        else:
            phrases.append(f"Every {day}")
    if phrases:
        return join_words(phrases) + " of the month"
    month_days = [d.strip() for d in (schedule.bymonthday or "").split(",") if d.strip()]
    if month_days:
        return "On day " + join_words(month_days) + " of the month"
    return "Monthly"


def _days_phrase(schedule: Schedule, days: list[str]) -> str | None:
    freq = (schedule.freq or "").upper()
    interval = schedule.interval or 1
    if freq == "DAILY":
        return "Every day" if interval == 1 else f"Every {interval} days"
    if freq == "MONTHLY":
        return _monthly_days(schedule)
    if not days:
        return "Weekly" if freq == "WEEKLY" else None
    listed = day_list(days)
    if interval == 2:
        return f"Every other week: {listed}"
    if interval > 2:
        return f"Every {interval} weeks: {listed}"
    return listed


def _validity(schedule: Schedule) -> str | None:
    start = schedule.valid_from or schedule.dtstart
    end = schedule.valid_to or schedule.until
    if start and end:
        return f"from {long_date(start)} to {long_date(end)}"
    if end:
        return f"until {long_date(end)}"
    if start and start > date.today():  # noqa: DTZ011 - a calendar date, not an instant
        return f"from {long_date(start)}"
    return None


def _line(schedule: Schedule, days: list[str]) -> ScheduleLine:
    parts = [
        p
        for p in (
            _days_phrase(schedule, days),
            time_range(schedule.opens_at, schedule.closes_at),
            _validity(schedule),
        )
        if p
    ]
    notes = tuple(n.strip() for n in (schedule.description, schedule.notes) if n and n.strip())
    if parts:
        text = ", ".join(parts)
        text = text[0].upper() + text[1:]
        # Feeds often repeat the times in words: say them once.
        notes = tuple(n for n in notes if _plain(n) != _plain(text))
    elif notes:
        text, notes = notes[0], notes[1:]
    else:
        text = "Times not given"
    return ScheduleLine(text=text, notes=notes, link=safe_url(schedule.schedule_link))


def _plain(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def _merge_key(schedule: Schedule) -> tuple[object, ...] | None:
    """Weekly single-interval rows with the same times and dates merge into one line."""
    freq = (schedule.freq or "WEEKLY").upper()
    if freq != "WEEKLY" or (schedule.interval or 1) != 1 or not _byday(schedule):
        return None
    if schedule.description or schedule.notes or schedule.schedule_link:
        return None
    return (
        schedule.opens_at,
        schedule.closes_at,
        schedule.valid_from,
        schedule.valid_to,
        schedule.until,
    )


def describe_schedules(schedules: Iterable[Schedule]) -> list[ScheduleLine]:
    """Plain-English lines for a set of schedules, earliest weekday first."""
    merged: dict[tuple[object, ...], tuple[Schedule, list[str]]] = {}
    lines: list[tuple[int, ScheduleLine]] = []
    for schedule in schedules:
        key = _merge_key(schedule)
        if key is None:
            days = _byday(schedule)
            lines.append((_first_day(days), _line(schedule, days)))
        elif key in merged:
            merged[key][1].extend(_byday(schedule))
        else:
            merged[key] = (schedule, _byday(schedule))
    for schedule, days in merged.values():
        lines.append((_first_day(days), _line(schedule, days)))
    lines.sort(key=lambda item: item[0])
    return [line for _, line in lines]


def _first_day(days: list[str]) -> int:
    indexes = [DAYS.index(d[-2:]) for d in days if d[-2:] in DAYS]
    return min(indexes) if indexes else len(DAYS)
