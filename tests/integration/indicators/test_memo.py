"""Counts kept between reports: a report asked again is the same report, and one
asked after the registry changed counts the change."""

from __future__ import annotations

from datetime import date

from projections.indicators import Period
from projections.indicators.memo import MEMO, snapshot_key
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.database import dialect_of
from tests.integration.indicators.support import computer, figures
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


def kept(read_side: ReadSide) -> bool:
    """Whether the memo holds the ungrouped counts of PERIOD at the current positions."""
    with read_side.queries.connection() as connection:
        dialect = dialect_of(connection)
        for statement in dialect.begin_snapshot():
            connection.execute(statement)
        try:
            key = snapshot_key(connection, dialect, PERIOD, ())
        finally:
            connection.execute("ROLLBACK")
    return key is not None and MEMO.get(key) is not None


class KeptCounts:
    def test_a_report_follows_the_registry_as_it_changes(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        foster = open_provider(app, capacity=10)
        compute = computer(read_side, PERIOD)
        for day in (date(2025, 3, 1), date(2025, 5, 1)):
            child = register_child(app, day=day, birth_date=date(2015, 1, 1)).id
            admit(app, child, foster, day)
            first, again = compute(), compute()
            assert again == first
        assert figures(again, "in_care") == (2.0, 2, None)
        assert figures(again, "entries") == (2.0, 2, None)


class TestKeptCountsOnSQLite(OnSQLite, KeptCounts):
    def test_sqlite_reports_are_counted_every_time(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        computer(read_side, PERIOD)()
        assert not kept(read_side)


class TestKeptCountsOnPostgres(OnPostgres, KeptCounts):
    def test_a_report_is_kept_until_a_projection_moves(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        foster = open_provider(app, capacity=10)
        computer(read_side, PERIOD)()
        assert kept(read_side)
        child = register_child(app, day=date(2025, 3, 1), birth_date=date(2015, 1, 1)).id
        admit(app, child, foster, date(2025, 3, 1))
        read_side.catch_up()
        assert not kept(read_side)
