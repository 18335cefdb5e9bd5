"""The registry's own connections to the store's database, one pool per process and
database, whichever part of the registry asks (`registry.database.base`).

The registry's tables (read models, users, idempotency answers, access log,
districts, population) live beside the event store: the same SQLite file, or the
same PostgreSQL database and schema, so one backup holds everything. They never
share the library's connections (`StoreDatabase` does, for the integrity tables):
those set no search path, answer dicts and wait only briefly for a connection.
"""

from __future__ import annotations

from collections.abc import Callable

from registry.database import postgres, sqlite
from registry.database.base import Database
from registry.database.url import persistence_env

_OPENERS: dict[str, Callable[[dict[str, str], str], Database]] = {
    "eventsourcing.sqlite": sqlite.open_file,
    "eventsourcing.postgres": postgres.open_server,
    "eventsourcing.popo": sqlite.open_private_memory,
}


def open_database(database_url: str, channel: str = "") -> Database:
    """A handle on the registry's own connections to the store at `database_url`;
    `channel` is where the store announces new events (`notification_channel`).

    `memory://` (and `sqlite:///:memory:`) get a private in-memory SQLite database of
    their own, which has no sessions: read models need a file or a server."""
    env = persistence_env(database_url)
    return _OPENERS[env["PERSISTENCE_MODULE"]](env, channel)
