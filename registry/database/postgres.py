"""The registry's connections to a PostgreSQL store.

One pool per process and database (and schema), whose waits are bounded so that an
outage is answered within seconds (`registry.outages`); the appliers' sessions and
the listener for new events are connections of their own beside it.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool, PoolClosed

from registry.database.base import SHARES, Database, Session
from registry.database.dialect import POSTGRES, quoted
from registry.database.transaction import Transaction
from registry.outages import (
    CONNECT_TIMEOUT_SECONDS,
    DATABASE_WAIT_SECONDS,
    RECONNECT_GIVE_UP_SECONDS,
)

POOL_SIZE = 12
"""The connections of one process to its store beside the library's: the read models'
queries, the API's tables and the district list share them."""


def bounded_pool(conninfo: str, *, max_size: int, **kwargs: Any) -> ConnectionPool[Any]:
    """A pool of at most `max_size` connections whose waits are bounded, and that never
    hands out a connection the database has dropped.

    Each connection is checked as it is handed out. One that fails its check means the
    server went away since, and took every idle connection with it: they are all
    checked and replaced at once, so the request that met the first one gets a fresh
    one right away (the pool's own loop would pause a second, then two, between the
    stale connections it finds one by one)."""
    flushing = threading.local()

    def check(connection: Any) -> None:
        try:
            ConnectionPool.check_connection(connection)
        except psycopg.Error:
            if not getattr(flushing, "active", False):
                flushing.active = True
                try:
                    pool.check()
                finally:
                    flushing.active = False
            raise

    pool: ConnectionPool[Any] = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=max_size,
        timeout=DATABASE_WAIT_SECONDS,
        reconnect_timeout=RECONNECT_GIVE_UP_SECONDS,
        check=check,
        open=True,
        **kwargs,
    )
    return pool


@contextmanager
def _transaction(connection: psycopg.Connection[Any], suffix: str = "") -> Iterator[Transaction]:
    with connection.transaction():
        yield Transaction(connection, POSTGRES, suffix)


class _ServerConnections:
    def __init__(self, conninfo: str, schema: str) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self.pool = bounded_pool(conninfo, max_size=POOL_SIZE, kwargs={"autocommit": True})

    def close(self) -> None:
        self.pool.close()


class PostgresSession(Session):
    """The connection that applies events (or rebuilds), for the life of the process.

    Its statements are planned for their parameters on every execution. It runs the
    same few statements for hours while its tables grow from empty to millions of
    rows, and PostgreSQL would otherwise switch to a generic plan costed once, early,
    on a small table: a sequential scan comparing every row with every key of a
    batch, whose cost grows with the table for as long as the session lives.
    Planning a handful of statements per batch costs well under a millisecond.
    """

    dialect = POSTGRES

    def __init__(self, conninfo: str, schema: str) -> None:
        self.connection = psycopg.connect(conninfo, autocommit=True)
        self.connection.execute("SET plan_cache_mode = force_custom_plan")
        self.schema = schema

    @contextmanager
    def transaction(self, suffix: str = "") -> Iterator[Transaction]:
        with _transaction(self.connection, suffix) as tx:
            yield tx

    def try_lock(self, name: str) -> bool:
        """A session-level advisory lock, per schema: stores in other schemas of the
        database have appliers of their own."""
        row = self.connection.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", (self.schema, name)
        ).fetchone()
        return bool(row and row[0])


class PostgresDatabase(Database):
    dialect = POSTGRES

    def __init__(self, key: Hashable, shared: _ServerConnections, channel: str) -> None:
        super().__init__(key)
        self._shared = shared
        self.channel = channel
        self._listener: psycopg.Connection[Any] | None = None

    @property
    def _connections(self) -> _ServerConnections:
        if self.closed:
            raise PoolClosed("the pool is already closed")
        return self._shared

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._connections.pool.connection() as connection, _transaction(connection) as tx:
            yield tx

    @contextmanager
    def reading(self) -> Iterator[psycopg.Connection[Any]]:
        with self._connections.pool.connection() as connection:
            yield connection

    def session(self) -> PostgresSession:
        connections = self._connections
        return PostgresSession(connections.conninfo, connections.schema)

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
            self._listener = psycopg.connect(self._connections.conninfo, autocommit=True)
            self._listener.execute(f'LISTEN "{self.channel}"')
        return self._listener

    def _drop_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def close(self) -> None:
        self._drop_listener()
        super().close()


def open_server(env: dict[str, str], channel: str) -> PostgresDatabase:
    """The pool of this process for the database and schema `env` names; the registry's
    tables are those of the schema (its search path)."""
    schema = env.get("POSTGRES_SCHEMA", "").strip() or "public"
    conninfo = make_conninfo(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        options=f"-c search_path={quoted(schema)}",
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
    )
    key = ("postgres", conninfo)
    shared = SHARES.take(key, lambda: _ServerConnections(conninfo, schema))
    return PostgresDatabase(key, shared, channel)
