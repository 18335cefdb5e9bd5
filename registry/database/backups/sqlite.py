"""Backup and restore of an embedded SQLite store, with SQLite's online backup API.

The API copies the database page by page through SQLite itself, so it sees what a
reader sees: committed transactions only, never a file caught halfway through a
write, as copying the file (and its `-wal` companion) with `cp` could.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from registry.database.backups.common import BackupProblem, BadArgument, Kind, staged

KIND: Kind = "SQLite"
BUSY_TIMEOUT_SECONDS = 30.0
EVENTS_TABLE = "stored_events"
"""Where `eventsourcing`'s SQLite recorder keeps the events (its default name)."""


def back_up(env: dict[str, str], dest: Path) -> None:
    """Copy the store file `env` names into the new file `dest`, while the registry may
    keep writing, and check the copy.

    The whole copy is one step (`pages=-1`), so it is one read transaction: in WAL
    mode writers carry on meanwhile, and the copy is the store as of one commit.
    """
    store = Path(env["SQLITE_DBNAME"])
    # Left in reverse order: both connections are closed before the copy is published.
    with (
        staged(dest) as partial,
        closing(sqlite3.connect(store, timeout=BUSY_TIMEOUT_SECONDS)) as source,
        closing(sqlite3.connect(partial)) as copy,
    ):
        source.backup(copy, pages=-1)
        # A backup is one self-contained file: no `-wal` beside it to lose when it is
        # moved. The registry turns WAL on again when it opens a restored store.
        copy.execute("PRAGMA journal_mode = DELETE")
        _check_integrity(copy, "the copy")


def restore(env: dict[str, str], source: Path) -> str:
    """Copy the backup `source` into the store file `env` names, which must be absent
    or hold no rows; the store as described to the operator (its path)."""
    store = Path(env["SQLITE_DBNAME"])
    if not store.parent.is_dir():
        raise BadArgument(f"no directory {store.parent} for the store {store.name}")
    _refuse_unless_empty(store)
    with (
        closing(_read_only(source)) as backup,
        closing(sqlite3.connect(store, timeout=BUSY_TIMEOUT_SECONDS)) as target,
    ):
        _check_integrity(backup, str(source))
        backup.backup(target, pages=-1)
    return str(store)


def _refuse_unless_empty(store: Path) -> None:
    """Stop unless `store` is absent or none of its tables holds a row.

    The backup API replaces the target's content whole, so restoring over a store
    that holds anything would destroy it; an opened store with empty tables loses
    nothing.
    """
    if not store.exists():
        return
    try:
        with closing(_read_only(store)) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                    "ORDER BY name"
                )
            ]
            if EVENTS_TABLE in tables:
                (events,) = connection.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()
                if events:
                    raise BackupProblem(
                        f"the store at {store} holds {events} events: "
                        "restore only into an absent or empty store, never over a registry"
                    )
            filled = [table for table in tables if _has_rows(connection, table)]
    except sqlite3.DatabaseError as problem:
        raise BackupProblem(f"{store} is no SQLite store to restore into: {problem}") from None
    if filled:
        raise BackupProblem(
            f"the store at {store} is not empty ({', '.join(filled)} hold rows): "
            "restore only into an absent or empty store"
        )


def _has_rows(connection: sqlite3.Connection, table: str) -> bool:
    quoted = '"' + table.replace('"', '""') + '"'
    return bool(connection.execute(f"SELECT EXISTS (SELECT 1 FROM {quoted})").fetchone()[0])


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change `path`: checking a file never writes to it."""
    return sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )


def _check_integrity(connection: sqlite3.Connection, what: str) -> None:
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as problem:
        raise BackupProblem(f"{what} is not a sound SQLite database: {problem}") from None
    if rows != [("ok",)]:
        raise BackupProblem(f"{what} failed SQLite's integrity check: {rows[0][0]}")
