"""A small connection to the store's own database for the API's tables (users,
idempotency keys), beside the event store and not through it.

The tables live where the events live — the same SQLite file, or the same
PostgreSQL database and schema — so one backup holds everything. SQL is written
once with `%s` placeholders and adapted for SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from psycopg import sql
from psycopg_pool import ConnectionPool

from registry.outages import CONNECT_TIMEOUT_SECONDS, bounded_pool
from registry.storage import SQLITE_LOCK_TIMEOUT_SECONDS, persistence_env

Row = tuple[Any, ...]


class Session(Protocol):
    def execute(self, query: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement; the rows it returns (none for most writes)."""


class Database(Protocol):
    def transaction(self) -> AbstractContextManager[Session]:
        """A session committed when the block ends, rolled back when it raises."""

    def close(self) -> None: ...


class _SQLiteSession:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, query: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._connection.execute(query.replace("%s", "?"), tuple(params))
        return cursor.fetchall() if cursor.description else []


class SQLiteDatabase:
    """One connection guarded by a lock: enough for the embedded, single-process mode,
    and the only way an in-memory database is shared between threads."""

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(
            path,
            check_same_thread=False,
            isolation_level=None,
            timeout=SQLITE_LOCK_TIMEOUT_SECONDS,
        )
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteSession(self._connection)
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


class _PostgresSession:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, query: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cursor.execute(query, tuple(params))
        return list(self._cursor.fetchall()) if self._cursor.description else []


class PostgresDatabase:
    def __init__(self, env: dict[str, str]) -> None:
        schema = env.get("POSTGRES_SCHEMA", "public")
        search_path = sql.Identifier(schema).as_string(None)
        self._pool: ConnectionPool[Any] = bounded_pool(
            "",
            max_size=4,
            kwargs={
                "dbname": env["POSTGRES_DBNAME"],
                "host": env["POSTGRES_HOST"],
                "port": env["POSTGRES_PORT"],
                "user": env["POSTGRES_USER"],
                "password": env["POSTGRES_PASSWORD"] or None,
                "options": f"-c search_path={search_path}",
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            },
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with (
            self._pool.connection() as connection,
            connection.transaction(),
            connection.cursor() as cursor,
        ):
            yield _PostgresSession(cursor)

    def close(self) -> None:
        self._pool.close()


def open_database(database_url: str) -> Database:
    """The API's connection for a `REGISTRY_DATABASE_URL` (memory:// gets a private one)."""
    env = persistence_env(database_url)
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.postgres":
        return PostgresDatabase(env)
    if module == "eventsourcing.sqlite":
        return SQLiteDatabase(env["SQLITE_DBNAME"])
    return SQLiteDatabase(":memory:")
