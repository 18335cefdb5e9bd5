"""Backups of a whole registry store, and their restore.

Everything the registry keeps (events, the hash chain, read models and their
tracking positions, users, the access log) lives in the one SQLite file or the one
PostgreSQL database or schema, so one consistent copy of it is a copy of the whole
registry, read models in step with the log they were built from. One module per
backend does the copying; this one picks it from `REGISTRY_DATABASE_URL`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registry.backups import postgres, sqlite
from registry.backups.common import BackupProblem, BadArgument, Kind, human_size, kind_of
from registry.storage import persistence_env

__all__ = ["BackupProblem", "BadArgument", "Written", "back_up", "human_size", "restore"]


@dataclass(frozen=True)
class Written:
    """A backup as written: where, how large, of which backend."""

    path: Path
    size: int
    kind: Kind


def back_up(database_url: str, dest: Path) -> Written:
    """Write a consistent copy of the store `database_url` names into the new file
    `dest` (the store must exist: see `registry.cli.store_missing`)."""
    env = persistence_env(database_url)
    kind = _kind(env, database_url)
    if kind == "SQLite":
        sqlite.back_up(Path(env["SQLITE_DBNAME"]), dest)
    else:
        postgres.back_up(env, dest)
    return Written(dest, dest.stat().st_size, kind)


def restore(database_url: str, source: Path) -> str:
    """Restore the backup `source` into the store `database_url` names, which must be
    absent or empty; the store as described to the operator."""
    env = persistence_env(database_url)
    kind = _kind(env, database_url)
    found = kind_of(source)
    if found != kind:
        raise BadArgument(f"{source} is a {found} backup, and the store is {kind}")
    if kind == "SQLite":
        store = Path(env["SQLITE_DBNAME"])
        sqlite.restore(source, store)
        return str(store)
    postgres.restore(env, source)
    return postgres.describe(env)


def _kind(env: dict[str, str], database_url: str) -> Kind:
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.sqlite" and env["SQLITE_DBNAME"] != ":memory:":
        return "SQLite"
    if module == "eventsourcing.postgres":
        return "PostgreSQL"
    raise BadArgument(f"{database_url} is kept in memory: there is nothing to back up or restore")
