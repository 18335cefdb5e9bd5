"""Append-only tables: the database itself refuses to change or remove their rows.

The events table and the access log are made append-only here, and only here, so a
client that bypasses the registry cannot rewrite a decision or erase the trace of a
read (`Dialect.refuse_changes` gives each backend's triggers).
"""

from __future__ import annotations

from collections.abc import Sequence

from registry.database.transaction import Transaction

LOCK = "registry_append_only"


def make_append_only(
    tx: Transaction, table: str, refusal: str, *, creating: Sequence[str] = ()
) -> None:
    """Run `creating` (the table's own idempotent DDL, if the registry makes it), then
    install the triggers refusing UPDATE, DELETE (and TRUNCATE) of `table` with the
    message `refusal`. Concurrent installers (several processes starting at once) take
    turns: the lock comes before the first statement, or one installer's index lock
    and another's trigger lock deadlock, and CREATE OR REPLACE races on the catalogue."""
    tx.lock(LOCK)
    for statement in (*creating, *tx.dialect.refuse_changes(table, refusal)):
        tx.execute(statement)
