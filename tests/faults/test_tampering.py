"""Rows forged or removed behind the application, as a database superuser would: the
integrity watch finds them within one round and never seals them, a decision on a
damaged stream is refused, and archived chain heads expose a rebuilt chain."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from psycopg import sql

from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.domain import commands, errors
from registry.domain.values import AssessmentOutcome
from registry.integrity.alarms import IntegrityAlarms
from registry.integrity.chain import CHAIN_TABLE, Chain
from registry.integrity.head import check_heads, sign_head
from registry.integrity.verify import verify
from registry.integrity.watch import IntegrityWatch
from tests.support import superuser
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import on, register_child


def assess(app: RegistryApplication, child_id: UUID) -> None:
    app.handle(
        commands.AssessNeeds(
            header=on(date(2024, 1, 20)),
            child_id=child_id,
            outcome=AssessmentOutcome.DIVERTED,
            recommended_setting=None,
            options_considered=[],
        )
    )


class TamperingCase:
    def run_sql(self, database_url: str, statement: str) -> None:
        """Run `statement` ({events} is the events table, {chain} the chain's) with the
        append-only triggers dropped, as a superuser could."""
        raise NotImplementedError

    @pytest.fixture
    def store(self, database_url: str, today: date) -> Iterator[RegistryApplication]:
        app = RegistryApplication(persistence_env(database_url), today=lambda: today)
        for _ in range(3):
            register_child(app)
        yield app
        app.close()

    def _forge_next_version(self, database_url: str, store: RegistryApplication) -> None:
        """A new row for the first child: another row's signed state under a new header,
        the most convincing forgery one can make without the key."""
        self.run_sql(
            database_url,
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "SELECT originator_id, 2, topic, state FROM {events} WHERE originator_version = 1 "
            "ORDER BY {position} LIMIT 1",
        )

    def test_a_row_inserted_at_the_tail_is_caught_and_never_sealed(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        watch = IntegrityWatch(store, verify_interval=3600)
        watch.round()
        sealed_before = Chain(store.recorder, store.signing_key).head()

        self._forge_next_version(database_url, store)
        watch.round()

        alarms = IntegrityAlarms(store.recorder).current()
        assert alarms.count == 1
        assert alarms.first is not None and "does not match its signature" in alarms.first
        assert Chain(store.recorder, store.signing_key).head() == sealed_before
        assert not verify(store, seal=False).healthy

    def test_a_new_row_altered_before_its_first_seal_is_caught(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        watch = IntegrityWatch(store, verify_interval=3600)
        watch.round()
        child = register_child(store)
        assess(store, child.id)
        self.run_sql(
            database_url, "UPDATE {events} SET state = {altered} WHERE originator_version = 2"
        )

        watch.round()

        alarms = IntegrityAlarms(store.recorder).current()
        assert alarms.count == 1 and alarms.first is not None
        assert f"stream {child.id} version 2 does not match its signature" in alarms.first

    def test_the_watch_finds_a_forgery_within_its_interval(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        interval = 0.2
        stopping = threading.Event()
        watch = IntegrityWatch(store, seal_interval=interval, verify_interval=3600)
        thread = threading.Thread(target=watch.run_until_stopped, args=(stopping,), daemon=True)
        thread.start()
        try:
            time.sleep(interval)
            self._forge_next_version(database_url, store)
            forged_at = time.monotonic()
            alarms = IntegrityAlarms(store.recorder)
            while alarms.current().count == 0:
                assert time.monotonic() - forged_at < 10 * interval + 5
                time.sleep(0.02)
            detected_after = time.monotonic() - forged_at
        finally:
            stopping.set()
            thread.join(timeout=10)
        print(f"forgery detected after {detected_after:.2f} s (watch interval {interval} s)")
        assert detected_after < 10 * interval + 5

    def test_a_removed_row_refuses_decisions_and_raises_the_alarm(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        child = register_child(store)
        assess(store, child.id)
        assess(store, child.id)
        self.run_sql(database_url, "DELETE FROM {events} WHERE originator_version = 2")

        with pytest.raises(errors.IntegrityFailure):
            assess(store, child.id)

        alarms = IntegrityAlarms(store.recorder).current()
        assert alarms.first == f"stream {child.id} has a gap in its versions (a row is missing)"
        assert not verify(store, seal=False).healthy

    def test_an_archived_head_exposes_a_chain_rebuilt_after_a_removal(
        self, store: RegistryApplication, database_url: str
    ) -> None:
        chain = Chain(store.recorder, store.signing_key)
        chain.seal()
        head = chain.head()
        assert head is not None
        archived = sign_head(chain, head)
        assert check_heads(chain, [archived]) == []
        forged_line = type(archived)(archived.position, archived.seal, "2026-01-01", "00")
        assert "not signed by this registry" in check_heads(chain, [forged_line])[0]

        # Even someone holding the key, removing a row and sealing the rest again:
        self.run_sql(database_url, "DELETE FROM {events} WHERE {position} = 1")
        self.run_sql(database_url, "DELETE FROM {chain}")
        chain.seal()

        assert "no longer on the chain" in check_heads(chain, [archived])[0]


class TestTamperingOnSQLite(TamperingCase, OnSQLite):
    def run_sql(self, database_url: str, statement: str) -> None:
        superuser.on_sqlite(
            database_url,
            statement,
            chain=CHAIN_TABLE,
            position="rowid",
            altered="CAST(state || x'00' AS BLOB)",
        )


class TestTamperingOnPostgres(TamperingCase, OnPostgres):
    def run_sql(self, database_url: str, statement: str) -> None:
        schema = database_url.split("?schema=")[1]
        superuser.on_postgres(
            database_url,
            statement,
            chain=sql.Identifier(schema, CHAIN_TABLE),
            position=sql.SQL("notification_id"),
            altered=sql.SQL("state || '\\x00'::bytea"),
        )
