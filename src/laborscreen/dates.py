"""Reading dates as lists and rosters write them, into :class:`PartialDate`.

Accepted: ISO (``1954-06-04``, ``1954-06``), ``dd.mm.yyyy``, ``dd/mm/yyyy``,
``dd-mm-yyyy``, a bare year, English month names (``04 Jun 1954``,
``Jun 1954``, ``June 4, 1954``), ``circa``/``c.``/``approximately``/``ок.``
prefixes, and ranges (``1960 to 1962``, ``1960-1962``). Unreadable text
gives ``None``: callers decide whether that is a problem to report.
"""

from __future__ import annotations

import re
from datetime import date

from laborscreen.model import PartialDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_CIRCA = re.compile(
    r"^(circa|ca\.?|c\.|approximately|approx\.?|about|около|ок\.|примерно)\s*", re.IGNORECASE
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*(?:to|-|–|—|\.\.|до)\s*(\d{4})$", re.IGNORECASE)
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-zА-Яа-яё]{3,})\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")

MIN_YEAR = 1800


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not MIN_YEAR <= year <= 2200:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_date(text: str | None) -> PartialDate | None:
    """Parse one date; ``None`` when the text holds no readable date."""
    if text is None:
        return None
    raw = " ".join(str(text).split()).strip().rstrip(".")
    if not raw:
        return None
    circa = False
    match = _CIRCA.match(raw)
    if match:
        circa = True
        raw = raw[match.end() :].strip()
    result = _parse_plain(raw)
    if result is None:
        return None
    if circa:
        return PartialDate(result.year, result.month, result.day, True, result.year_to)
    return result


def _parse_plain(raw: str) -> PartialDate | None:
    if m := _YEAR.match(raw):
        year = int(m.group(1))
        return PartialDate(year) if _valid(year, None, None) else None
    if m := _RANGE.match(raw):
        start, end = int(m.group(1)), int(m.group(2))
        if _valid(start, None, None) and _valid(end, None, None) and start <= end:
            return PartialDate(start, year_to=end if end != start else None)
        return None
    if m := _ISO.match(raw):
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        return PartialDate(year, month, day) if _valid(year, month, day) else None
    if m := _DMY.match(raw):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return PartialDate(year, month, day) if _valid(year, month, day) else None
    if m := _WORDS.match(raw):
        named = _MONTHS.get(m.group(2)[:3].lower())
        if named is None:
            return None
        month = named
        day_text = m.group(1) or m.group(3)
        day = int(day_text) if day_text else None
        year = int(m.group(4))
        return PartialDate(year, month, day) if _valid(year, month, day) else None
    return None
