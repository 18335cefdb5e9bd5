"""Calendar arithmetic at the ends of the calendar, and the range of dates callers
may ask about, which keeps every entry's arithmetic away from those ends."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projections.indicators.period import Period
from registry.domain.calendar import add_months, add_years
from registry.domain.date_range import EARLIEST, DateOutOfRange, latest, require_in_range

TODAY = date(2026, 6, 30)


@given(st.dates(), st.integers(min_value=-120_000, max_value=120_000))
def test_add_months_is_the_clamped_same_day_or_an_overflow(day: date, months: int) -> None:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        with pytest.raises(OverflowError):
            add_months(day, months)
        return
    assert add_months(day, months) == date(
        year, month + 1, min(day.day, monthrange(year, month + 1)[1])
    )


@pytest.mark.parametrize(
    ("day", "months"), [(date(1, 3, 1), -6), (date(1, 1, 1), -1), (date(9999, 12, 31), 1)]
)
def test_add_months_beyond_the_calendar_overflows(day: date, months: int) -> None:
    with pytest.raises(OverflowError):
        add_months(day, months)


@pytest.mark.parametrize(("day", "years"), [(date(9999, 1, 1), 1), (date(1, 12, 31), -1)])
def test_add_years_beyond_the_calendar_overflows(day: date, years: int) -> None:
    with pytest.raises(OverflowError):
        add_years(day, years)


def test_a_29_february_a_year_later_is_1_march() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert latest(date(2028, 2, 29)) == date(2029, 3, 1)


def test_the_range_runs_from_1900_to_a_year_after_today() -> None:
    assert require_in_range("from", EARLIEST, TODAY) == EARLIEST
    assert require_in_range("to", date(2027, 6, 30), TODAY) == date(2027, 6, 30)
    for outside in (date(1899, 12, 31), date(2027, 7, 1), date.min, date.max):
        with pytest.raises(DateOutOfRange) as refused:
            require_in_range("to", outside, TODAY)
        assert str(refused.value) == "`to` must be a date from 1900-01-01 to 2027-06-30"
        assert refused.value.code == "date_out_of_range"


@given(st.dates(min_value=EARLIEST, max_value=date(9998, 12, 30)))
def test_any_date_in_range_ends_a_period_the_indicators_can_compute(day: date) -> None:
    """Whatever today is (up to the calendar's last years), every date the range
    allows ends a period whose thresholds exist: the arithmetic cannot overflow."""
    parameters = Period(day, day).parameters()
    assert parameters["p_end"] == day + timedelta(days=1)
    assert parameters["stay_24"] < day
