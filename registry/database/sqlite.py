"""The registry's connections to an embedded SQLite store.

A file's connections are shared by the whole process: idle ones are reused by any
thread, and one transaction at a time writes (the file lets in one writer at a
time anyway; writers of this process queue here instead of polling its lock). An
in-memory database lives in one connection, used by one thread at a time.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from registry.database.base import SHARES, Database, Session
from registry.database.dialect import SQLITE
from registry.database.transaction import Transaction
from registry.database.url import SQLITE_LOCK_TIMEOUT_SECONDS, UnsupportedDatabaseURL

SESSION_LOCK_TIMEOUT_SECONDS = 30.0
"""An applier's wait for the file's lock: longer than a request's, nobody waits on it."""


def _connect(path: str, timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=timeout
    )
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


@contextmanager
def _transaction(connection: sqlite3.Connection, suffix: str = "") -> Iterator[Transaction]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield Transaction(connection, SQLITE, suffix)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


class _FileConnections:
    def __init__(self, path: str) -> None:
        self.path = path
        self.writer = threading.RLock()
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = _connect(self.path, SQLITE_LOCK_TIMEOUT_SECONDS)
            with self._lock:
                self._all.append(connection)
        try:
            yield connection
        finally:
            if connection.in_transaction:
                connection.rollback()
            self._idle.put(connection)

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()


class _MemoryConnection:
    """The only way an in-memory database is shared between threads: one connection,
    one user at a time."""

    path: str | None = None

    def __init__(self) -> None:
        self.writer = threading.RLock()
        self._connection = _connect(":memory:", SQLITE_LOCK_TIMEOUT_SECONDS)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self.writer:
            yield self._connection

    def close(self) -> None:
        self._connection.close()


class _ClosedConnections:
    """What a closed handle reaches: a closed connection, so that using the handle
    fails where the statement is run, as it does on the driver's closed connections."""

    path: str | None = None

    def __init__(self) -> None:
        self.writer = threading.RLock()
        self._connection = sqlite3.connect(":memory:", check_same_thread=False)
        self._connection.close()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        yield self._connection


_CLOSED = _ClosedConnections()


class SQLiteSession(Session):
    dialect = SQLITE

    def __init__(self, path: str) -> None:
        self.connection = _connect(path, SESSION_LOCK_TIMEOUT_SECONDS)
        # Safe in WAL mode: a lost last transaction loses its tracking row with it.
        self.connection.execute("PRAGMA synchronous=NORMAL")

    @contextmanager
    def transaction(self, suffix: str = "") -> Iterator[Transaction]:
        with _transaction(self.connection, suffix) as tx:
            yield tx

    def try_lock(self, name: str) -> bool:
        """Always had: one writer at a time is SQLite's own rule (BEGIN IMMEDIATE
        serialises appliers)."""
        return True


class SQLiteDatabase(Database):
    dialect = SQLITE

    def __init__(self, key: Hashable, shared: _FileConnections | _MemoryConnection) -> None:
        super().__init__(key)
        self._shared = shared

    @property
    def _connections(self) -> _FileConnections | _MemoryConnection | _ClosedConnections:
        return _CLOSED if self.closed else self._shared

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        connections = self._connections
        with (
            connections.writer,
            connections.connection() as connection,
            _transaction(connection) as tx,
        ):
            yield tx

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._connections.connection() as connection:
            yield connection

    def session(self) -> SQLiteSession:
        if self.closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        path = self._connections.path
        if path is None:
            raise UnsupportedDatabaseURL("read models need a SQLite file or PostgreSQL")
        return SQLiteSession(path)

    def wait_for_notification(self, timeout: float, wake: threading.Event) -> None:
        """SQLite announces nothing: the follower polls."""
        wake.wait(timeout)


def open_file(env: dict[str, str], channel: str) -> SQLiteDatabase:
    """The file's connections of this process (`channel`: SQLite announces nothing)."""
    path = env["SQLITE_DBNAME"]
    if path == ":memory:":
        return open_private_memory(env, channel)
    key = ("sqlite", path)
    return SQLiteDatabase(key, SHARES.take(key, lambda: _FileConnections(path)))


def open_private_memory(env: dict[str, str], channel: str) -> SQLiteDatabase:
    """A new in-memory database, seen through this handle only."""
    key = object()
    return SQLiteDatabase(key, SHARES.take(key, _MemoryConnection))
