"""Rows a batch writes, held in memory and written together when the batch ends.

A child's status row or a provider's occupancy row changes with nearly every event
about it. Rather than one UPDATE per event, the rows a batch touches are read in
one SELECT, changed in Python event by event, and written back with one upsert
per batch, inside the batch's transaction. Rows that belong to a child (episodes,
placements) are loaded and found by a `group_by` column instead of their key.
Rows that are only ever added (history, plan events) are appended the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry.database import Table, Transaction


class WorkingRows:
    def __init__(self, table: Table, group_by: str | None = None) -> None:
        (self.key,) = table.primary_key
        self.table = table
        self.group_by = group_by
        self.rows: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, list[str]] = {}
        self.changed: set[str] = set()

    def load(self, tx: Transaction, keys: Iterable[object]) -> None:
        """The rows whose key (or `group_by` column, when set) is among `keys`."""
        wanted = sorted({str(key) for key in keys})
        if not wanted:
            return
        columns = self.table.column_names
        condition, params = tx.dialect.any_of(self.group_by or self.key, wanted)
        statement = f"SELECT {', '.join(columns)} FROM {{{self.table.name}}} WHERE {condition}"
        for record in tx.execute(statement, params):
            self._keep(dict(zip(columns, record, strict=True)))

    def _keep(self, row: dict[str, Any]) -> str:
        key = str(row[self.key])
        if key not in self.rows and self.group_by is not None:
            self.groups.setdefault(str(row[self.group_by]), []).append(key)
        self.rows[key] = row
        return key

    def in_group(self, group: object) -> list[dict[str, Any]]:
        """The rows of one group (a child's episodes, say), in no particular order."""
        return [self.rows[key] for key in self.groups.get(str(group), [])]

    def drop_group(self, group: object) -> None:
        """Forget a group's rows (their table rows are deleted by the caller)."""
        for key in self.groups.pop(str(group), []):
            del self.rows[key]
            self.changed.discard(key)

    def get(self, key: object) -> dict[str, Any]:
        """The row to change in place (it will be written back)."""
        self.changed.add(str(key))
        return self.rows[str(key)]

    def put(self, row: dict[str, Any]) -> None:
        self.changed.add(self._keep(row))

    def save(self, tx: Transaction) -> None:
        columns = self.table.column_names
        rows = [self.rows[key] for key in sorted(self.changed)]
        tx.write_rows(self.table, [tuple(row[c] for c in columns) for row in rows], replace=True)
        self.changed.clear()


class AppendedRows:
    """New rows of a table that is only appended to, kept by child until the batch ends.

    A correction rewrites a child's rows: `drop_child` forgets the ones this batch
    has not written yet (the caller deletes the written ones).
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.by_child: dict[str, list[tuple[Any, ...]]] = {}

    def append(self, child_id: object, row: tuple[Any, ...]) -> None:
        self.by_child.setdefault(str(child_id), []).append(row)

    def drop_child(self, child_id: object) -> None:
        self.by_child.pop(str(child_id), None)

    def save(self, tx: Transaction) -> None:
        tx.write_rows(self.table, [row for rows in self.by_child.values() for row in rows])
        self.by_child.clear()
