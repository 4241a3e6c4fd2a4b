"""Counting Russian working days, for deadlines such as the 3-working-day notice of 115-FZ.

The days off come from ``resources/ru_calendar.yml`` (Labour Code art. 111-112): weekends,
the public holidays, a holiday on a weekend moving the day off to the next working day,
and whatever dates the yearly Government decree moves, when the file lists them.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from laborscreen.resources import load_yaml


@cache
def _calendar() -> tuple[frozenset[str], frozenset[str], frozenset[date], frozenset[date]]:
    data = load_yaml("ru_calendar.yml")
    holidays = frozenset(str(d) for d in data["holidays"])
    fixed = frozenset(str(d) for d in data["not_moved"])
    off = frozenset(date.fromisoformat(str(d)) for d in data.get("moved_days_off") or [])
    on = frozenset(date.fromisoformat(str(d)) for d in data.get("moved_working_days") or [])
    return holidays, fixed, off, on


def _md(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


@cache
def days_off(year: int) -> frozenset[date]:
    """The non-working weekdays of a year: holidays and the days off they move."""
    holidays, fixed, moved_off, moved_on = _calendar()
    start = date(year, 1, 1)
    every = [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]
    off = {d for d in every if _md(d) in holidays}
    for day in sorted(off):
        if day.weekday() >= 5 and _md(day) not in fixed:
            # art. 112 part 2: the day off moves to the next working day after the holiday
            nxt = day + timedelta(days=1)
            while nxt.weekday() >= 5 or nxt in off:
                nxt += timedelta(days=1)
            off.add(nxt)
    off |= {d for d in moved_off if d.year == year}
    off -= {d for d in moved_on if d.year == year}
    return frozenset(off)


def is_working_day(day: date) -> bool:
    _, _, _, moved_on = _calendar()
    if day in moved_on:
        return True
    return day.weekday() < 5 and day not in days_off(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier).

    A period "within three working days of" a date starts the day after it, so a
    contract signed on Monday and notified on Thursday took three working days.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count
