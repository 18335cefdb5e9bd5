"""The backend-specific SQL fragments of the indicator queries give, on each backend,
the answer the report's definitions ask for."""

from __future__ import annotations

from datetime import date
from itertools import product

from projections.read_side import ReadSide
from registry.database import dialect_of
from tests.support.backends import OnPostgres, OnSQLite

YEARS = range(2019, 2026)


def edges(years: range) -> list[date]:
    """Days around 29 February and the turn of the year, in leap and other years."""
    return [
        date(year, month, day)
        for year in years
        for month, day in ((1, 1), (2, 28), (2, 29), (3, 1), (12, 31))
        if not (month == 2 and day == 29 and year % 4)
    ]


def yyyymmdd(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


class DialectFragments:
    def test_under_years_is_a_yyyymmdd_difference_under_years_times_ten_thousand(
        self, read_side: ReadSide
    ) -> None:
        """Ages and "within 12 months" across 29 February, in leap and other years."""
        with read_side.queries.connection() as connection:
            dialect = dialect_of(connection)
            for years in (1, 3, 18):
                fragment = dialect.under_years(dialect.day("later"), dialect.day("earlier"), years)
                statement = dialect.render(f"SELECT CASE WHEN {fragment} THEN 1 ELSE 0 END")
                earlier_years = range(YEARS.start - years - 1, YEARS.stop - years + 1)
                for later, earlier in product(edges(YEARS), edges(earlier_years)):
                    values = dialect.params({"later": later, "earlier": earlier})
                    (answer,) = connection.execute(statement, values).fetchone()
                    expected = yyyymmdd(later) - yyyymmdd(earlier) < years * 10_000
                    assert bool(answer) == expected, (later, earlier, years)

    def test_first_of_each_keeps_the_first_row_per_key_and_sees_every_row(
        self, read_side: ReadSide
    ) -> None:
        rows = "SELECT 'a' AS k, 2 AS n UNION ALL SELECT 'a', 1 UNION ALL SELECT 'b', 5"
        with read_side.queries.connection() as connection:
            dialect = dialect_of(connection)
            statement = dialect.first_of_each(
                "t.k",
                "t.n",
                "t.k AS k, t.n AS n, SUM(t.n) OVER (PARTITION BY t.k) AS total",
                f"({rows}) t",
            )
            found = connection.execute(f"SELECT k, n, total FROM ({statement}) f").fetchall()
        assert sorted(tuple(row) for row in found) == [("a", 1, 3), ("b", 5, 5)]

    def test_key_tells_apart_exactly_the_identifiers_that_differ(self, read_side: ReadSide) -> None:
        """Keys differing only in case or accents stay apart; equal ones come together."""
        keys = ("a", "A", "á", "a", "b-1", "b1")
        rows = " UNION ALL ".join(f"SELECT '{key}' AS k" for key in keys)
        with read_side.queries.connection() as connection:
            key = dialect_of(connection).key("t.k")
            found = connection.execute(
                f"SELECT DISTINCT t.k, COUNT(*) OVER (PARTITION BY {key}) FROM ({rows}) t"
            ).fetchall()
        assert sorted(tuple(row) for row in found) == sorted(
            (key, keys.count(key)) for key in set(keys)
        )


class TestDialectFragmentsOnSQLite(OnSQLite, DialectFragments):
    pass


class TestDialectFragmentsOnPostgres(OnPostgres, DialectFragments):
    pass
