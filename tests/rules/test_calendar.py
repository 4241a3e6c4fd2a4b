"""Russian working days (Labour Code art. 111-112), for the 3-working-day notice of 115-FZ."""

from __future__ import annotations

from datetime import date

from laborscreen.rules.calendar import days_off, is_working_day, working_days_between


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2025, 4, 7))  # a Monday
    assert not is_working_day(date(2025, 4, 12))  # Saturday
    assert not is_working_day(date(2025, 6, 12))  # Russia Day
    assert not is_working_day(date(2025, 1, 3))  # New Year holidays


def test_a_holiday_on_a_weekend_moves_the_day_off_to_the_next_working_day() -> None:
    # 4 November 2023 was a Saturday: Monday the 6th became the day off (art. 112 part 2)
    assert date(2023, 11, 6) in days_off(2023)
    # ... but the New Year holidays move only by decree
    assert date(2022, 1, 10) not in days_off(2022)  # 8 January 2022 was a Saturday


def test_counting_starts_the_day_after() -> None:
    assert working_days_between(date(2025, 4, 7), date(2025, 4, 10)) == 3  # Mon -> Thu
    assert working_days_between(date(2025, 4, 10), date(2025, 4, 15)) == 3  # over a weekend
    assert working_days_between(date(2025, 6, 10), date(2025, 6, 16)) == 3  # over Russia Day
    assert working_days_between(date(2025, 4, 7), date(2025, 4, 7)) == 0
    assert working_days_between(date(2025, 4, 10), date(2025, 4, 7)) == -3
