"""The dates a caller may ask about: from 1900-01-01 up to a year after today.

Every entry that takes a date to ask a question with (an indicator period, the
date or moment of time travel; over REST, GraphQL or the command line) holds it
to this one range. Nothing the registry records lies outside it, so a date
beyond it is a mistake (a year mistyped by centuries) to be told as such, and the
calendar arithmetic behind the answers (months back from a period's end, the day
after it) never meets the ends of the calendar. "Today" is the registry's, in its
time zone (`Settings.today`).
"""

from __future__ import annotations

from datetime import date

from registry.domain.calendar import add_years

EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 1


class DateOutOfRange(ValueError):
    """A date outside the range; the message names the argument and the range only."""

    code = "date_out_of_range"


def latest(today: date) -> date:
    """The last date a caller may ask about."""
    return add_years(today, YEARS_AHEAD)


def require_in_range(argument: str, day: date, today: date) -> date:
    """`day` itself when it lies in the range, else DateOutOfRange naming `argument`
    as the caller wrote it (`from`, `--to`, ...). The date given is left out of the
    message: the caller knows it, and an error text is no place for request values."""
    last = latest(today)
    if not EARLIEST <= day <= last:
        raise DateOutOfRange(f"`{argument}` must be a date from {EARLIEST} to {last}")
    return day


def require_year_in_range(argument: str, year: int, today: date) -> int:
    """`year` when its every day lies in the range (a year of birth, say), else
    DateOutOfRange naming `argument`."""
    last = latest(today).year
    if not EARLIEST.year <= year <= last:
        raise DateOutOfRange(f"`{argument}` must be a year from {EARLIEST.year} to {last}")
    return year
