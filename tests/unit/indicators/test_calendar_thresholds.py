"""Period thresholds: stays in whole calendar months, the 92-day review window."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from projections.indicators.period import Period, latest_start_completing
from registry.domain.calendar import add_months


def test_six_months_on_the_last_day_of_a_year() -> None:
    assert latest_start_completing(6, date(2025, 12, 31)) == date(2025, 6, 30)


def test_month_ends_clamp_as_the_registry_calendar_does() -> None:
    # add_months(2025-08-31, 6) = 2026-02-28: a stay from 31 August completes six months
    # on 28 February, so the latest such start on 28 February is 31 August.
    assert latest_start_completing(6, date(2026, 2, 28)) == date(2025, 8, 31)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from([3, 6, 12, 24]),
)
def test_the_threshold_separates_completed_from_uncompleted_stays(day: date, months: int) -> None:
    latest = latest_start_completing(months, day)
    assert add_months(latest, months) <= day
    assert add_months(latest + timedelta(days=1), months) > day


def test_the_period_covers_its_last_day_and_reviews_look_back_92_days() -> None:
    parameters = Period(date(2025, 1, 1), date(2025, 12, 31)).parameters()
    assert parameters["p_end"] == date(2026, 1, 1)
    assert parameters["review_since"] == date(2025, 9, 30)


def test_a_period_cannot_end_before_it_starts() -> None:
    try:
        Period(date(2025, 2, 1), date(2025, 1, 31))
    except ValueError:
        return
    raise AssertionError("an inverted period was accepted")
