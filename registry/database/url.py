"""From `REGISTRY_DATABASE_URL` to the library's persistence settings, and what a
URL tells about its store before anything is opened.

The URL names one database for everything: the library's event store and, beside
it, every table of the registry's own (`registry.database`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from registry.database.dialect import Backend

MEMORY_URL = "memory://"
SQLITE_LOCK_TIMEOUT_SECONDS = 10
"""How long a writer waits for a SQLite file's lock: the library's writers and the
registry's own (the library's default is 5 s, but the read side and the integrity
watch write too)."""

_BACKENDS: dict[str, Backend] = {
    "eventsourcing.sqlite": "sqlite",
    "eventsourcing.postgres": "postgres",
}


class UnsupportedDatabaseURL(ValueError):
    """The URL names no backend the registry knows, or one that cannot do what was
    asked of it (an in-memory store keeps no read models, no chain, no backup)."""


def persistence_env(database_url: str) -> dict[str, str]:
    """The `eventsourcing` environment for a database URL."""
    parts = urlsplit(database_url)
    if database_url == MEMORY_URL:
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if parts.scheme == "sqlite":
        path = database_url.removeprefix("sqlite:///")
        if not path or path == database_url:
            raise UnsupportedDatabaseURL("use sqlite:///PATH (or sqlite:///:memory:)")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_TIMEOUT_SECONDS),
        }
    if parts.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        if "pool_size" in query:
            env["POSTGRES_POOL_SIZE"] = query["pool_size"][0]
        return env
    raise UnsupportedDatabaseURL(f"unsupported database URL scheme '{parts.scheme}'")


def backend_of(database_url: str) -> Backend | None:
    """The backend holding the store outside the process; None for a store kept in
    memory (`memory://`, `sqlite:///:memory:`), which nothing outside can reach."""
    env = persistence_env(database_url)
    if env.get("SQLITE_DBNAME") == ":memory:":
        return None
    return _BACKENDS.get(env["PERSISTENCE_MODULE"])


def multi_process(database_url: str) -> bool:
    """Whether several processes may serve the store at once (a PostgreSQL server).
    An embedded SQLite file belongs to the one process that serves it: that process
    follows the log and watches its integrity itself."""
    return backend_of(database_url) == "postgres"


def missing_store(database_url: str) -> str | None:
    """Where the store of `database_url` would be, when it does not exist yet.

    Opening a SQLite store creates its file, so a verb that reads an existing store
    asks first, rather than leave an empty store wherever it was run and answer as if
    the registry were empty; an in-memory store holds nothing for a new process to read.
    A PostgreSQL store is the database its administrator made: None.
    """
    env = persistence_env(database_url)
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.popo":
        return database_url
    if module == "eventsourcing.sqlite":
        path = env["SQLITE_DBNAME"]
        return None if Path(path).is_file() else path
    return None
