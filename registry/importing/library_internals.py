"""Every use the registry makes of `eventsourcing`'s private methods, in one module.

Bulk writes need three things the library's public API does not offer: rows of our
own written in the transaction that inserts the events (the import ledger: a crash
must never leave events without their ledger rows, or the reverse); on PostgreSQL,
an insert cheaper than the library's one array of a composite type (psycopg dumps
composite values one by one in Python, which cost more than the INSERT itself for
large batches); and `save()`'s after-write hook for events collected without
`save()` (see `write_collected`). So the recorders here subclass the library's at
its private hooks and give them public names, `write_collected` calls the hook,
and no other module of the registry names a private of the library.

On a library upgrade, re-read these in the installed source, and run
`tests/integration/test_recorder_conformance.py` (the library's own recorder test
cases on these recorders) and `tests/integration/test_import.py` (the ledger):

- `Application.save` (application.py) still collects, then calls `_record` (which
  is `EventStore.put` plus caching the saved aggregates), `_take_snapshots` (of the
  saved aggregates), `_notify(recordings)` and the deprecated `notify(events)`.
- `SQLiteApplicationRecorder._insert_events(c, stored_events, **kwargs)`
  (sqlite.py) is still called by `insert_events` inside its transaction with the
  keywords given to `save()`, and still returns the notification ids.
- `PostgresApplicationRecorder.insert_events` (postgres.py) still calls
  `_insert_events(curs, stored_events, **kwargs)`, then
  `_insert_stored_events(curs, stored_events, **kwargs)`, in one transaction, and
  reads the notification ids from that cursor (`_fetch_ids_after_insert_events`,
  rows with a `notification_id`); the library's `_insert_stored_events` still begins
  with `_lock_table` and `_notify_channel`. With `POSTGRES_ENABLE_DB_FUNCTIONS` on,
  `insert_events` calls a database function instead of both hooks, and the ledger
  would not be written: it stays off.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Recording, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier


def write_collected(
    app: Application[UUID], events: list[DomainEventProtocol[UUID]], **kwargs: Any
) -> list[Recording[UUID]]:
    """What `app.save()` does once it has collected events, for events collected
    already (`kwargs` reach the recorder, as `save()`'s do).

    `save()` tells events from aggregates with `isinstance` against runtime protocols,
    which re-inspects the protocol's members for every object: for a batch of events
    that costs about as much as encoding them. Given only events, `save()` puts them
    in the event store (the public `EventStore.put`: the caching and snapshots that
    follow concern the aggregates saved, and there are none) and then calls its
    after-write hooks, which subclasses may override: `_notify`, which has no public
    counterpart, and `notify`.
    """
    recordings = app.events.put(events, **kwargs)
    app._notify(recordings)
    app.notify(events)
    return recordings


class SQLiteWriteHooks(SQLiteApplicationRecorder, ABC):
    """The library's SQLite application recorder, writing rows of our own in the
    transaction that inserts the events."""

    @abstractmethod
    def write_with_events(self, cursor: SQLiteCursor, **kwargs: Any) -> None:
        """Write the rows `kwargs` (the keywords given to `save()`) call for, after the
        events and in their transaction."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)
        self.write_with_events(c, **kwargs)
        return notification_ids


class PostgresWriteHooks(PostgresApplicationRecorder, ABC):
    """The library's PostgreSQL application recorder, writing rows of our own in the
    transaction that inserts the events, and inserting the events more cheaply."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_columns_statement = SQL(
            "INSERT INTO {} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::{}[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(
            Identifier(datastore.schema, events_table_name),
            Identifier(datastore.originator_id_type),
        )

    @abstractmethod
    def write_with_events(self, cursor: Cursor[DictRow], **kwargs: Any) -> None:
        """Write the rows `kwargs` (the keywords given to `save()`) call for, in the
        events' transaction, before the events (where the library's hook runs)."""

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        self.write_with_events(curs, **kwargs)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """The library's insert, with four arrays of plain values instead of one array of
        a composite type. The arrays travel in binary (`%b`): as text, every `bytea`
        state is escaped by a regular expression and every id formatted as a string.
        Same lock, notify and order."""
        self._lock_table(curs)
        self._notify_channel(curs)
        curs.execute(
            self.insert_columns_statement,
            (
                [e.originator_id for e in stored_events],
                [e.originator_version for e in stored_events],
                [e.topic for e in stored_events],
                [e.state for e in stored_events],
            ),
        )
