"""The few statements integrity checks need, for the SQLite and PostgreSQL stores.

They run on the application's own datastore (its connections and schema), so
they see exactly the tables the application writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
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
        elif isinstance(recorder, SQLiteApplicationRecorder):
            self.postgres, self.datastore = False, recorder.datastore
            self.schema = ""
            self.prefix = ""
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

    def _render(self, statement: str) -> Any:
        text = statement.replace("{schema}", self.prefix)
        if self.postgres:
            return sql.SQL(text.replace("?", "%s"))
        return text

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> None:
        cursor.execute(self._render(statement), tuple(params))

    def executemany(self, cursor: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        cursor.executemany(self._render(statement), [tuple(row) for row in rows])

    def fetch(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.cursor(commit=False) as cursor:
            self.execute(cursor, statement, params)
            return [
                tuple(row.values()) if self.postgres else tuple(row) for row in cursor.fetchall()
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
