"""What the two drivers raise, and which of it means the database cannot be used now.

A database outage is told apart from a bug so that a request is answered `503
database_unavailable` (`registry.outages`) rather than 500.
"""

from __future__ import annotations

import sqlite3

import psycopg

DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
"""Every error either driver raises."""

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
