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
from typing import Protocol

from registry.database import Backend, backend_of, persistence_env
from registry.database.backups import postgres, sqlite
from registry.database.backups.common import BackupProblem, BadArgument, Kind, human_size, kind_of

__all__ = ["BackupProblem", "BadArgument", "Written", "back_up", "human_size", "restore"]


class BackendBackups(Protocol):
    """What each backend's module offers: its kind of backup, and the two verbs."""

    KIND: Kind

    def back_up(self, env: dict[str, str], dest: Path) -> None: ...

    def restore(self, env: dict[str, str], source: Path) -> str: ...


BACKUPS: dict[Backend, BackendBackups] = {"sqlite": sqlite, "postgres": postgres}


@dataclass(frozen=True)
class Written:
    """A backup as written: where, how large, of which backend."""

    path: Path
    size: int
    kind: Kind


def back_up(database_url: str, dest: Path) -> Written:
    """Write a consistent copy of the store `database_url` names into the new file
    `dest` (the store must exist: see `registry.cli.store_missing`)."""
    backups = _backups(database_url)
    backups.back_up(persistence_env(database_url), dest)
    return Written(dest, dest.stat().st_size, backups.KIND)


def restore(database_url: str, source: Path) -> str:
    """Restore the backup `source` into the store `database_url` names, which must be
    absent or empty; the store as described to the operator."""
    backups = _backups(database_url)
    found = kind_of(source)
    if found != backups.KIND:
        raise BadArgument(f"{source} is a {found} backup, and the store is {backups.KIND}")
    return backups.restore(persistence_env(database_url), source)


def _backups(database_url: str) -> BackendBackups:
    backend = backend_of(database_url)
    if backend is None:
        raise BadArgument(
            f"{database_url} is kept in memory: there is nothing to back up or restore"
        )
    return BACKUPS[backend]
