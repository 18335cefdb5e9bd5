"""Recorders for bulk writes: the import ledger, and a cheaper PostgreSQL insert.

The ledger (`registry_imported_rows`) lists the rows an import has applied.
Its rows travel with the events through the application's save (as a keyword
the recorder understands) and are written in the same transaction, so a crash
can never leave events without their ledger rows or the reverse: a re-run never
applies a row twice. The PostgreSQL recorder also inserts large batches with
arrays of plain values. Both reach into the library's write path only through
`registry.importing.library_internals`. The application picks these recorders
through the library's `APPLICATION_RECORDER_TOPIC` setting.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from registry.database import StoreDatabase, UnsupportedDatabaseURL
from registry.importing.library_internals import PostgresWriteHooks, SQLiteWriteHooks

LEDGER_TABLE = "registry_imported_rows"
IMPORTED_ROWS = "imported_rows"
"""The `save()` keyword carrying (row_key, child_key) pairs to write with the events."""


class SQLiteBulkRecorder(SQLiteWriteHooks):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {LEDGER_TABLE} "
            "(row_key TEXT PRIMARY KEY, child_key TEXT NOT NULL)",
        ]

    def write_with_events(self, cursor: SQLiteCursor, **kwargs: Any) -> None:
        rows = kwargs.get(IMPORTED_ROWS)
        if rows:
            cursor.executemany(
                f"INSERT INTO {LEDGER_TABLE} (row_key, child_key) VALUES (?, ?)", rows
            )


class PostgresBulkRecorder(PostgresWriteHooks):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.ledger = Identifier(datastore.schema, LEDGER_TABLE)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (row_key text PRIMARY KEY, child_key text NOT NULL)"
            ).format(self.ledger)
        )

    def write_with_events(self, cursor: Cursor[DictRow], **kwargs: Any) -> None:
        rows = kwargs.get(IMPORTED_ROWS)
        if rows:
            cursor.executemany(
                SQL("INSERT INTO {} (row_key, child_key) VALUES (%s, %s)").format(self.ledger),
                rows,
            )


RECORDER_TOPICS = {
    "eventsourcing.sqlite": "registry.importing.recorders:SQLiteBulkRecorder",
    "eventsourcing.postgres": "registry.importing.recorders:PostgresBulkRecorder",
}


def with_bulk_recorder(env: dict[str, str]) -> dict[str, str]:
    """`env` with the bulk recorder where the backend has one (memory has none), unless
    a recorder was chosen already."""
    if "APPLICATION_RECORDER_TOPIC" in env or env.get("PERSISTENCE_MODULE") not in RECORDER_TOPICS:
        return env
    return bulk_env(env)


def bulk_env(persistence_env: dict[str, str]) -> dict[str, str]:
    """The persistence settings with the bulk recorder of the backend."""
    topic = RECORDER_TOPICS.get(persistence_env.get("PERSISTENCE_MODULE", ""))
    if topic is None:
        raise UnsupportedDatabaseURL("bulk writes need a database (SQLite or PostgreSQL)")
    return {**persistence_env, "APPLICATION_RECORDER_TOPIC": topic}


def imported_row_keys(recorder: ApplicationRecorder) -> set[str]:
    """The rows an import has applied to this store, by key."""
    rows = StoreDatabase(recorder).rows(f"SELECT row_key FROM {LEDGER_TABLE}")
    return {row_key for (row_key,) in rows}
