"""Connections to the read models' database, one implementation per backend.

The read models live beside the event store (same SQLite file, same PostgreSQL
database and schema) but never share the store's connections: projections write
on a dedicated session, queries read from a small pool. SQL is written once with
`%s` placeholders and `{table}` names; `render` adapts it to the backend and to
the generation of tables being written (live, or `__rebuild` during a rebuild).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

import psycopg
from psycopg.conninfo import make_conninfo

from projections.schema import READ_MODEL_TABLES, TRACKING_TABLE, Backend, Table
from registry.outages import CONNECT_TIMEOUT_SECONDS, bounded_pool
from registry.storage import persistence_env

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_POOL_SIZE = 8
_TABLE_NAMES = (*(table.name for table in READ_MODEL_TABLES), TRACKING_TABLE)


class UnsupportedReadSideDatabase(ValueError):
    """The URL names a store whose read models cannot live beside it (in-memory stores)."""


@lru_cache(maxsize=1024)
def render(statement: str, backend: Backend, suffix: str = "") -> str:
    """`statement` with `{table}` names resolved (plus `suffix`) and the backend's placeholders."""
    names = {name: name + suffix for name in _TABLE_NAMES}
    names[TRACKING_TABLE] = TRACKING_TABLE
    text = statement.format_map(names)
    return text.replace("%s", "?") if backend == "sqlite" else text


def table_exists(connection: Any, name: str) -> bool:
    """Whether a table of the read side's database exists, on a connection of either
    backend (`Database.reading()`): tables loaded by command exist only once loaded."""
    if isinstance(connection, sqlite3.Connection):
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None
    return connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None


def adapt(params: Sequence[Any], backend: Backend) -> tuple[Any, ...]:
    """Parameters as the backend stores them: ids as text; on SQLite, dates as ISO text."""
    if backend == "sqlite":
        return tuple(_sqlite_value(value) for value in params)
    return tuple(str(value) if isinstance(value, UUID) else value for value in params)


def _ids_as_text(column: Sequence[Any]) -> list[Any]:
    """One column's values for a PostgreSQL array: ids as text, as `adapt` does."""
    if any(isinstance(value, UUID) for value in column):
        return [str(value) if isinstance(value, UUID) else value for value in column]
    return list(column)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


class Transaction:
    """One write transaction on the tables of one generation (live or rebuild).

    Consecutive executions of the same statement are sent together (`executemany`),
    in order, when a different statement, a read or the commit comes: a batch of
    history rows costs one round of the protocol, not one per row.
    """

    def __init__(self, connection: Any, backend: Backend, suffix: str = "") -> None:
        self.connection = connection
        self.cursor = connection.cursor()
        self.backend = backend
        self.suffix = suffix
        self._pending_statement = ""
        self._pending: list[tuple[Any, ...]] = []

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        text = render(statement, self.backend, self.suffix)
        if text != self._pending_statement:
            self.flush()
            self._pending_statement = text
        self._pending.append(adapt(params, self.backend))

    def write_rows(
        self, table: Table, rows: Sequence[Sequence[Any]], *, replace: bool = False
    ) -> None:
        """Insert `rows` (values in `table`'s column order) into `table`; with `replace`,
        a row whose key exists replaces it.

        On PostgreSQL the rows travel as one array per column in one statement, so
        the server plans and executes once per batch instead of once per row (the
        difference that bounds a rebuild's rate). SQLite runs in-process, where a
        prepared statement per row is as cheap.
        """
        if not rows:
            return
        if self.backend == "postgres":
            columns = [_ids_as_text(column) for column in zip(*rows, strict=True)]
            self.execute(table.unnest_insert_statement(replace=replace), columns)
        else:
            statement = table.insert_statement(replace=replace)
            for row in rows:
                self.execute(statement, row)

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read; its own cursor, so that in PostgreSQL's pipeline mode the
        answer fetched is this statement's, never a pending write's."""
        self.flush()
        with closing(self.connection.cursor()) as cursor:
            cursor.execute(
                render(statement, self.backend, self.suffix), adapt(params, self.backend)
            )
            return [tuple(row) for row in cursor.fetchall()]

    def flush(self) -> None:
        if len(self._pending) == 1:
            self.cursor.execute(self._pending_statement, self._pending[0])
        elif self._pending:
            self.cursor.executemany(self._pending_statement, self._pending)
        self._pending_statement, self._pending = "", []


class Session(ABC):
    """A dedicated connection for applying events: write transactions and, on
    PostgreSQL, the session-level advisory locks that make one worker active."""

    @abstractmethod
    def transaction(self, suffix: str = "") -> Any:
        """A context manager yielding a `Transaction` on the tables of `suffix`'s
        generation, committed when the block ends."""

    @abstractmethod
    def try_lock(self, name: str) -> bool:
        """Take the named lock for this session's lifetime; False when another holds it."""

    @abstractmethod
    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Let the planner know how large `tables` have grown (outside any transaction)."""

    @abstractmethod
    def close(self) -> None: ...


class Database(ABC):
    backend: Backend

    @abstractmethod
    def session(self) -> Session: ...

    @abstractmethod
    def reading(self) -> Any:
        """A context manager yielding a DB-API connection for queries."""

    @abstractmethod
    def wait_for_notification(self, timeout: float, wake: threading.Event) -> None:
        """Return when the store announces new events, `wake` is set, or `timeout` passes."""

    @abstractmethod
    def close(self) -> None: ...

    def render(self, statement: str) -> str:
        return render(statement, self.backend)

    def adapt(self, params: Sequence[Any]) -> tuple[Any, ...]:
        return adapt(params, self.backend)


# -- SQLite ------------------------------------------------------------------


def _sqlite_connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,
        timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
    )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # Safe in WAL mode: a lost last transaction loses its tracking row with it.
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


class SQLiteSession(Session):
    def __init__(self, path: str) -> None:
        self.connection = _sqlite_connect(path)

    @contextmanager
    def transaction(self, suffix: str = "") -> Iterator[Transaction]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            tx = Transaction(self.connection, "sqlite", suffix)
            yield tx
            tx.flush()
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def try_lock(self, name: str) -> bool:
        # One writer at a time is SQLite's own rule: BEGIN IMMEDIATE serialises appliers.
        return True

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Nothing to do: without statistics SQLite's planner already prefers an index
        for the appliers' `IN` look-ups."""

    def close(self) -> None:
        self.connection.close()


class SQLiteDatabase(Database):
    backend: Backend = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def session(self) -> SQLiteSession:
        return SQLiteSession(self.path)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = _sqlite_connect(self.path)
            with self._lock:
                self._all.append(connection)
        try:
            yield connection
        finally:
            if connection.in_transaction:
                connection.rollback()
            self._idle.put(connection)

    def wait_for_notification(self, timeout: float, wake: threading.Event) -> None:
        wake.wait(timeout)

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()


# -- PostgreSQL ----------------------------------------------------------------


class PostgresSession(Session):
    """The connection that applies events (or rebuilds), for the life of the process.

    Its statements are planned for their parameters on every execution. It runs the
    same few statements for hours while its tables grow from empty to millions of
    rows, and PostgreSQL would otherwise switch to a generic plan costed once, early,
    on a small table: a sequential scan comparing every row with every key of a
    batch, whose cost grows with the table for as long as the session lives.
    Planning a handful of statements per batch costs well under a millisecond.
    """

    def __init__(self, conninfo: str, schema: str) -> None:
        self.connection = psycopg.connect(conninfo, autocommit=True)
        self.connection.execute("SET plan_cache_mode = force_custom_plan")
        self.schema = schema

    @contextmanager
    def transaction(self, suffix: str = "") -> Iterator[Transaction]:
        # Pipeline mode sends a batch's statements without waiting for each answer.
        with self.connection.pipeline(), self.connection.transaction():
            tx = Transaction(self.connection, "postgres", suffix)
            yield tx
            tx.flush()

    def try_lock(self, name: str) -> bool:
        row = self.connection.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", (self.schema, name)
        ).fetchone()
        return bool(row and row[0])

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        for table in tables:
            self.connection.execute(f"ANALYZE {table}")

    def close(self) -> None:
        self.connection.close()


class PostgresDatabase(Database):
    backend: Backend = "postgres"

    def __init__(self, env: Mapping[str, str], channel: str) -> None:
        self.schema = env.get("POSTGRES_SCHEMA", "").strip() or "public"
        self.channel = channel
        self.conninfo = make_conninfo(
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            options=f"-c search_path={self.schema}",
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        self.pool = bounded_pool(
            self.conninfo, max_size=READ_POOL_SIZE, kwargs={"autocommit": True}
        )
        self._listener: psycopg.Connection[Any] | None = None

    def session(self) -> PostgresSession:
        return PostgresSession(self.conninfo, self.schema)

    @contextmanager
    def reading(self) -> Iterator[psycopg.Connection[Any]]:
        with self.pool.connection() as connection:
            yield connection

    def wait_for_notification(self, timeout: float, wake: threading.Event) -> None:
        """LISTEN on the store's channel; a lost listener falls back to polling."""
        slice_seconds = 0.1
        waited = 0.0
        while waited < timeout and not wake.is_set():
            try:
                listener = self._listening()
                if any(True for _ in listener.notifies(timeout=slice_seconds, stop_after=1)):
                    return
            except psycopg.Error:
                self._drop_listener()
                wake.wait(slice_seconds)
            waited += slice_seconds

    def _listening(self) -> psycopg.Connection[Any]:
        if self._listener is None:
            self._listener = psycopg.connect(self.conninfo, autocommit=True)
            self._listener.execute(f'LISTEN "{self.channel}"')
        return self._listener

    def _drop_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def close(self) -> None:
        self._drop_listener()
        self.pool.close()


def open_database(database_url: str, channel: str = "") -> Database:
    """The read models' database for the store at `database_url`."""
    env = persistence_env(database_url)
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.sqlite" and env["SQLITE_DBNAME"] != ":memory:":
        return SQLiteDatabase(env["SQLITE_DBNAME"])
    if module == "eventsourcing.postgres":
        return PostgresDatabase(env, channel)
    raise UnsupportedReadSideDatabase("read models need a SQLite file or PostgreSQL")
