"""Statements on the event store's own connections, for what the library does not
offer: the integrity tables (chain, alarms), the log read inside a snapshot, the
position of one stored event, which streams exist (imports), and the triggers that
make the events table append-only.

These share the library's pool, which is sound here: they read and write beside the
events in the library's own transactions (on SQLite through its writer lock), so they
see exactly the tables the application writes. Every other table of the registry has
connections of its own (`registry.database.connection`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from registry.database.append_only import make_append_only
from registry.database.dialect import POSTGRES, SQLITE, Statement
from registry.database.transaction import Row, Transaction
from registry.database.url import UnsupportedDatabaseURL
from registry.outages import STORE_ATTEMPTS, STORE_RETRY_PAUSE_SECONDS, bound_store_waits

EVENTS_REFUSAL = "stored events are append-only"


class StoreDatabase:
    """The library's connections of one application's recorder; its statements are
    written in the layer's notation and name the registry's tables unqualified."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.datastore: Any
        # The connection of a cursor the library's transaction yields.
        self._connection_of: Callable[[Any], Any]
        if isinstance(recorder, PostgresApplicationRecorder):
            self.dialect, self.datastore = POSTGRES, recorder.datastore
            self._schema = recorder.datastore.schema
            self._connection_of = lambda cursor: cursor.connection
        elif isinstance(recorder, SQLiteApplicationRecorder):
            self.dialect, self.datastore = SQLITE, recorder.datastore
            self._schema = ""
            self._connection_of = lambda cursor: cursor.sqlite_cursor.connection
        else:
            raise UnsupportedDatabaseURL(
                "the registry's tables beside the events need a database (SQLite or PostgreSQL)"
            )
        self.events_table: str = recorder.events_table_name

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Transaction]:
        """A transaction on one of the library's connections, committed at the end of
        the block when `commit`, else rolled back."""
        with self._transaction(commit, []) as tx:
            yield tx

    @contextmanager
    def snapshot(self) -> Iterator[Transaction]:
        """One read-only transaction that sees the database as it was when it began,
        however long it lasts and whatever is written meanwhile (`Dialect.snapshot`)."""
        with self._transaction(False, [(s, ()) for s in self.dialect.snapshot()]) as tx:
            yield tx

    @contextmanager
    def _transaction(self, commit: bool, first: list[Statement]) -> Iterator[Transaction]:
        with self._connected(commit) as cursor:
            tx = Transaction(self._connection_of(cursor), self.dialect)
            for statement, params in [*first, *self.dialect.use_schema(self._schema)]:
                tx.execute(statement, params)
            yield tx

    @contextmanager
    def _connected(self, commit: bool) -> Iterator[Any]:
        """The library's transaction, begun as the library begins its own statements:
        its pool waits only a slice of the bounded wait for a connection, and the
        attempt is made again, STORE_ATTEMPTS times in all (`registry.outages`). Only
        the beginning is tried again, never a statement of the block."""
        for attempt in range(1, STORE_ATTEMPTS + 1):
            begun = ExitStack()
            try:
                cursor = begun.enter_context(self.datastore.transaction(commit=commit))
            except OperationalError:
                begun.close()
                if attempt == STORE_ATTEMPTS:
                    raise
                time.sleep(STORE_RETRY_PAUSE_SECONDS)
                continue
            with begun:
                yield cursor
            return

    def rows(
        self, statement: str, params: Sequence[Any] = (), *, within: Transaction | None = None
    ) -> list[Row]:
        """The rows of one query, in a transaction of its own or `within` an open one."""
        if within is not None:
            return within.execute(statement, params)
        with self.transaction(commit=False) as tx:
            return tx.execute(statement, params)

    def last_position(self, *, within: Transaction | None = None) -> int:
        """The notification id of the last stored event (0 when there is none)."""
        rows = self.rows(
            f"SELECT MAX({self.dialect.notification_id}) FROM {self.events_table}", within=within
        )
        return int(rows[0][0] or 0)

    def notifications(
        self, after: int, limit: int, *, within: Transaction | None = None
    ) -> list[Notification]:
        """Stored rows in notification order, as the library's recorder gives them, but
        readable inside an open transaction (a snapshot) too."""
        position = self.dialect.notification_id
        rows = self.rows(
            f"SELECT {position}, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE {position} > %s ORDER BY {position} LIMIT %s",
            (after, limit),
            within=within,
        )
        return [
            Notification(
                id=int(notification_id),
                originator_id=originator_id
                if isinstance(originator_id, UUID)
                else UUID(str(originator_id)),
                originator_version=int(version),
                topic=str(topic),
                state=state,
            )
            for notification_id, originator_id, version, topic, state in rows
        ]

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The notification id of one stored event, found by its primary key."""
        rows = self.rows(
            f"SELECT {self.dialect.notification_id} FROM {self.events_table} "
            "WHERE originator_id = %s AND originator_version = %s",
            (self.dialect.stream_id(originator_id), version),
        )
        return int(rows[0][0]) if rows else None

    def stored_streams(self, ids: Sequence[UUID]) -> set[UUID]:
        """Those of `ids` with at least one stored event."""
        condition, params = self.dialect.stream_ids(ids)
        rows = self.rows(
            f"SELECT DISTINCT originator_id FROM {self.events_table} WHERE {condition}", params
        )
        return {UUID(str(stream_id)) for (stream_id,) in rows}


def prepare_event_store(recorder: ApplicationRecorder) -> None:
    """Bound the waits of the library's pool (`registry.outages`) and install the
    triggers that refuse changes to stored events; nothing for a store in memory.
    Idempotent: every application of a process prepares its store."""
    if isinstance(recorder, PostgresApplicationRecorder):
        bound_store_waits(recorder.datastore.pool)
    try:
        store = StoreDatabase(recorder)
    except UnsupportedDatabaseURL:
        return
    with store.transaction(commit=True) as tx:
        make_append_only(tx, store.events_table, EVENTS_REFUSAL)


def position_of(recorder: ApplicationRecorder, originator_id: UUID, version: int) -> int | None:
    """The notification id of one stored event: the position a replayed answer reports.

    The library reads streams without their positions, so this asks the events table
    directly, by its primary key; the in-memory store of tests is scanned instead.
    """
    try:
        store = StoreDatabase(recorder)
    except UnsupportedDatabaseURL:
        return _scanned_position(recorder, originator_id, version)
    return store.position_of(originator_id, version)


def _scanned_position(
    recorder: ApplicationRecorder, originator_id: UUID, version: int
) -> int | None:
    last = recorder.max_notification_id() or 0
    return next(
        (
            notification.id
            for notification in recorder.select_notifications(start=1, limit=last)
            if notification.originator_id == originator_id
            and notification.originator_version == version
        ),
        None,
    )


def notification_channel(recorder: ApplicationRecorder) -> str:
    """Where the store announces new events (PostgreSQL's NOTIFY); '' where it
    announces none, and followers poll."""
    return str(getattr(recorder, "channel_name", ""))
