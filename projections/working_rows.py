"""One row per key, changed many times in a batch: held in memory, written once.

A child's status row or a provider's occupancy row changes with nearly every event
about it. Rather than one UPDATE per event, the rows a batch touches are read in
one SELECT, changed in Python event by event, and written back with one upsert
per batch, inside the batch's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.database import Transaction
from projections.schema import Table


class WorkingRows:
    def __init__(self, table: Table) -> None:
        (self.key,) = table.primary_key
        self.table = table
        self.rows: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()

    def load(self, tx: Transaction, keys: Iterable[object]) -> None:
        wanted = sorted({str(key) for key in keys})
        if not wanted:
            return
        columns = self.table.column_names
        placeholders = ", ".join(["%s"] * len(wanted))
        for record in tx.rows(
            f"SELECT {', '.join(columns)} FROM {{{self.table.name}}} "
            f"WHERE {self.key} IN ({placeholders})",
            wanted,
        ):
            row = dict(zip(columns, record, strict=True))
            self.rows[str(row[self.key])] = row

    def get(self, key: object) -> dict[str, Any]:
        """The row to change in place (it will be written back)."""
        self.changed.add(str(key))
        return self.rows[str(key)]

    def put(self, row: dict[str, Any]) -> None:
        key = str(row[self.key])
        self.rows[key] = row
        self.changed.add(key)

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
