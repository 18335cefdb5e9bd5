"""The few statements integrity checks need, for the SQLite and PostgreSQL stores.

They run on the application's own datastore (its connections and schema), so
they see exactly the tables the application writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg import sql

from registry.storage import UnsupportedDatabaseURL


class Store:
    """Runs dialect-neutral statements written with `?` placeholders and `{schema}` prefixes."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.datastore: Any
        if isinstance(recorder, PostgresApplicationRecorder):
            self.postgres, self.datastore = True, recorder.datastore
            self.schema = recorder.datastore.schema
            self.prefix = f'"{self.schema}".'
            self.events_table = recorder.events_table_name
        elif isinstance(recorder, SQLiteApplicationRecorder):
            self.postgres, self.datastore = False, recorder.datastore
            self.schema = ""
            self.prefix = ""
            self.events_table = recorder.events_table_name
        else:
            raise UnsupportedDatabaseURL("integrity checks need a database (SQLite or PostgreSQL)")
        self.recorder = recorder

    @property
    def blob_type(self) -> str:
        return "bytea" if self.postgres else "BLOB"

    @contextmanager
    def cursor(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            yield cursor

    def create_table(self, statement: str) -> None:
        """Run a CREATE TABLE IF NOT EXISTS; on PostgreSQL concurrent creators take turns
        (two at once would both pass IF NOT EXISTS, and one fail on the catalogue)."""
        with self.cursor(commit=True) as cursor:
            if self.postgres:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('registry_integrity_ddl'))")
            self.execute(cursor, statement)

    @contextmanager
    def snapshot(self) -> Iterator[Any]:
        """One read-only transaction that sees the database as it was when it began,
        however long it lasts and whatever is written meanwhile: repeatable read on
        PostgreSQL; on SQLite (in WAL mode) any read transaction is such a snapshot."""
        with self.cursor(commit=False) as cursor:
            if self.postgres:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cursor

    def _render(self, statement: str) -> Any:
        text = statement.replace("{schema}", self.prefix)
        if self.postgres:
            return sql.SQL(text.replace("?", "%s"))
        return text

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> None:
        cursor.execute(self._render(statement), tuple(params))

    def executemany(self, cursor: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        cursor.executemany(self._render(statement), [tuple(row) for row in rows])

    def fetch(
        self, statement: str, params: Sequence[Any] = (), *, within: Any = None
    ) -> list[tuple[Any, ...]]:
        """The rows of one query, in a transaction of its own or `within` an open one."""
        if within is not None:
            return self._fetch(within, statement, params)
        with self.cursor(commit=False) as cursor:
            return self._fetch(cursor, statement, params)

    def _fetch(self, cursor: Any, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        self.execute(cursor, statement, params)
        return [tuple(row.values()) if self.postgres else tuple(row) for row in cursor.fetchall()]

    def notifications(self, after: int, limit: int, *, within: Any = None) -> list[Notification]:
        """Stored rows in notification order, as the library's recorder gives them, but
        readable inside an open transaction (a snapshot) too."""
        table = self.events_table
        position = "notification_id" if self.postgres else "rowid"
        rows = self.fetch(
            f"SELECT {position}, originator_id, originator_version, topic, state "
            f"FROM {{schema}}{table} WHERE {position} > ? ORDER BY {position} LIMIT ?",
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

    def table_exists(self, name: str) -> bool:
        if self.postgres:
            rows = self.fetch(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                (self.schema, name),
            )
        else:
            rows = self.fetch(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            )
        return bool(rows)
