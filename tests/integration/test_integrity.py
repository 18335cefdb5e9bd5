"""The hash chain and `verify()` on real stores: healthy logs pass and are sealed
incrementally; rows altered, removed or slipped in behind the application are named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from projections.read_side import open_read_side
from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.integrity.chain import Chain
from registry.integrity.verify import PROJECTION_TRACKING_TABLE, verify
from tests.support import superuser
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child


class IntegrityCase:
    def run_sql(self, database_url: str, statement: str) -> None:
        """Run `statement` ({events} is the events table) with the triggers dropped."""
        raise NotImplementedError

    @pytest.fixture
    def store(self, database_url: str, today: date) -> Iterator[RegistryApplication]:
        app = RegistryApplication(persistence_env(database_url), today=lambda: today)
        admit(app, register_child(app).id, open_provider(app))
        register_child(app)
        yield app
        app.close()

    def test_a_healthy_log_passes_and_is_sealed_once(self, store: RegistryApplication) -> None:
        first = verify(store)
        register_child(store)
        second = verify(store)

        assert first.healthy and second.healthy
        assert first.events == 7 and first.newly_sealed == 7
        assert second.sealed == 7 and second.newly_sealed == 1
        assert second.head_seal == Chain(store.recorder, store.signing_key).head().seal.hex()  # type: ignore[union-attr]

    def test_decisions_applied_while_it_runs_are_no_problem(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        """A decision recorded and applied by the projections while `verify` reads the
        log: their positions then pass the head it started from."""
        side = open_read_side(store, database_url)
        side.catch_up()
        written: list[object] = []

        def write_meanwhile(_: int) -> None:
            if not written:
                written.append(register_child(store))
                side.catch_up()

        try:
            report = verify(store, seal=False, progress=write_meanwhile)
        finally:
            side.stop()
        assert written
        assert report.healthy, report.problems

    def test_checking_only_seals_nothing(self, store: RegistryApplication) -> None:
        report = verify(store, seal=False)

        assert report.healthy
        assert Chain(store.recorder, store.signing_key).head() is None

    def test_an_altered_row_is_named(self, store: RegistryApplication, database_url: str) -> None:
        verify(store)
        self.run_sql(database_url, "UPDATE {events} SET topic = topic WHERE originator_version = 3")
        assert verify(store).healthy  # the same bytes: nothing changed
        self.run_sql(
            database_url,
            "UPDATE {events} SET originator_version = 9 WHERE originator_version = 3",
        )

        report = verify(store)

        assert not report.healthy
        assert any("does not match its seal: altered" in p for p in report.problems)
        assert any("version 9" in p and "expected 3" in p for p in report.problems)

    def test_a_removed_row_is_named(self, store: RegistryApplication, database_url: str) -> None:
        verify(store)
        self.run_sql(database_url, "DELETE FROM {events} WHERE originator_version = 3")

        report = verify(store)

        assert not report.healthy
        assert any("was sealed but is gone" in p for p in report.problems)
        assert not any("does not match its seal" in p for p in report.problems)

    def test_a_projection_ahead_of_the_log_is_named(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        self.run_sql(
            database_url,
            f"CREATE TABLE IF NOT EXISTS {{schema}}{PROJECTION_TRACKING_TABLE} "
            "(name TEXT PRIMARY KEY, position BIGINT)",
        )
        self.run_sql(
            database_url,
            f"INSERT INTO {{schema}}{PROJECTION_TRACKING_TABLE} VALUES ('child_status', 99)",
        )

        report = verify(store)

        assert report.tracking == {"child_status": 99}
        assert any("child_status is at position 99, ahead" in p for p in report.problems)
        assert report.newly_sealed == 0


class TestIntegrityOnSQLite(IntegrityCase, OnSQLite):
    def run_sql(self, database_url: str, statement: str) -> None:
        superuser.on_sqlite(database_url, statement)


class TestIntegrityOnPostgres(IntegrityCase, OnPostgres):
    def run_sql(self, database_url: str, statement: str) -> None:
        superuser.on_postgres(database_url, statement)
