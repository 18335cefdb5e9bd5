"""The backend differences of the indicator SQL stay in a handful of fragments."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from registry.database import Dialect
from registry.domain.calendar import add_years, age_on

SQLITE, POSTGRES = Dialect("sqlite"), Dialect("postgres")


def test_named_parameters_become_pyformat_on_postgres_only() -> None:
    statement = "SELECT 1 WHERE a <= :d AND b > :p_end AND c = 'x:y'"
    assert SQLITE.render(statement) == statement
    assert POSTGRES.render(statement) == (
        "SELECT 1 WHERE a <= %(d)s AND b > %(p_end)s AND c = 'x:y'"
    )


def test_dates_are_iso_text_on_sqlite_and_dates_on_postgres() -> None:
    assert SQLITE.params({"d": date(2025, 12, 31)}) == {"d": "2025-12-31"}
    assert POSTGRES.params({"d": date(2025, 12, 31)}) == {"d": date(2025, 12, 31)}


def yyyymmdd(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2032, 12, 31)),
)
def test_the_integer_date_arithmetic_agrees_with_the_registry_calendar(
    earlier: date, later: date
) -> None:
    """What the SQL computes with YYYYMMDD integers is the calendar's own answer:
    "within 12 months" is before the same date a year later (29 February -> 1 March),
    and a completed age changes on the birthday."""
    within_a_year = yyyymmdd(later) - yyyymmdd(earlier) < 10_000
    assert within_a_year == (later < add_years(earlier, 1))
    if later >= earlier:
        assert (yyyymmdd(later) - yyyymmdd(earlier)) // 10_000 == age_on(earlier, later)
