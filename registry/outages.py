"""A database outage, told apart from a bug, and pools that wait for it boundedly.

While the database is unreachable (stopped, restarting, cut off), a request waits
for a connection a few seconds at most, then is answered `503
database_unavailable` with `Retry-After`, never a 500 after 30 s. When the
database returns, the first request reconnects: the connection pools of the
store, the read models and the API's tables are all made the same way here, so
none of them stays behind in a back-off of its own (psycopg's pool would keep
retrying in the background with delays doubling up to minutes, and serve nothing
meanwhile).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

DATABASE_WAIT_SECONDS = 3.0
"""How long a request waits for a connection before it is answered 503."""

RECONNECT_GIVE_UP_SECONDS = 1.0
"""How long a pool retries a lost connection in the background; after that, the next
request that needs one connects afresh (so the first request after the database
returns succeeds, instead of waiting for the background's next attempt)."""

CONNECT_TIMEOUT_SECONDS = 3
"""libpq's limit on opening one connection, for a host that does not answer at all."""

RETRY_AFTER_SECONDS = 2
"""What `Retry-After` tells a client refused during an outage."""

DATABASE_UNAVAILABLE = "database_unavailable"

_SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
}
"""SQLite's primary result codes of a file that cannot be used now (locked too long,
unreadable, full), as opposed to a statement that is wrong."""


def is_database_unavailable(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, says the database cannot be
    reached or used right now (the library re-raises driver errors as its own)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, psycopg.OperationalError | psycopg.InterfaceError):
            return True
        if isinstance(current, sqlite3.OperationalError):
            code = getattr(current, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in _SQLITE_UNAVAILABLE:
                return True
        current = current.__cause__ or current.__context__
    return False


STORE_ATTEMPTS = 10
STORE_RETRY_PAUSE_SECONDS = 0.2
"""The event store library tries each of its statements STORE_ATTEMPTS times, this far
apart, on an operational error."""


def bound_store_waits(pool: ConnectionPool[Any]) -> None:
    """Bound the event store's pool, which the library built: all its attempts at one
    statement, with the pauses between them, wait about DATABASE_WAIT_SECONDS together;
    and a lost connection is retried in the background only briefly (see the module)."""
    pauses = (STORE_ATTEMPTS - 1) * STORE_RETRY_PAUSE_SECONDS
    pool.timeout = max(0.1, (DATABASE_WAIT_SECONDS - pauses) / STORE_ATTEMPTS)
    pool.reconnect_timeout = RECONNECT_GIVE_UP_SECONDS


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


class Backoff:
    """The pause of a loop that must outlive its database: `interval` while rounds
    succeed; after a failure, twice the last pause, up to `longest`."""

    def __init__(self, interval: float, longest: float) -> None:
        self.interval = interval
        self.longest = longest
        self.pause = interval

    def succeeded(self) -> float:
        self.pause = self.interval
        return self.pause

    def failed(self) -> float:
        self.pause = min(max(self.pause, self.interval) * 2, self.longest)
        return self.pause
