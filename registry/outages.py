"""How long the registry waits for a database that is not there, and what it answers.

While the database is unreachable (stopped, restarting, cut off), a request waits
for a connection a few seconds at most, then is answered `503
database_unavailable` with `Retry-After`, never a 500 after 30 s
(`registry.database.is_database_unavailable` tells an outage from a bug). When the
database returns, the first request reconnects: the event store's pool and the
registry's own (`registry.database.postgres.bounded_pool`) wait by the same bounds,
so none of them stays behind in a back-off of its own (psycopg's pool would keep
retrying in the background with delays doubling up to minutes, and serve nothing
meanwhile).
"""

from __future__ import annotations

from typing import Any

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
