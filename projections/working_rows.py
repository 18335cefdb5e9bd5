"""One row per key, changed many times in a batch: held in memory, written once.

A child's status row or a provider's occupancy row changes with nearly every event
about it. Rather than one UPDATE per event, the rows a batch touches are read in
one SELECT, changed in Python event by event, and written back with one upsert
per batch, inside the batch's transaction. Rows that belong to a child (episodes,
placements) are loaded and found by a `group_by` column instead of their key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.database import Transaction
from projections.schema import Table


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
        placeholders = ", ".join(["%s"] * len(wanted))
        for record in tx.rows(
            f"SELECT {', '.join(columns)} FROM {{{self.table.name}}} "
            f"WHERE {self.group_by or self.key} IN ({placeholders})",
            wanted,
        ):
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
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns)
        statement = (
            f"INSERT INTO {{{self.table.name}}} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) "
            f"ON CONFLICT ({self.key}) DO UPDATE SET {updates}"
        )
        for key in sorted(self.changed):
            row = self.rows[key]
            tx.execute(statement, tuple(row[column] for column in columns))
        self.changed.clear()
