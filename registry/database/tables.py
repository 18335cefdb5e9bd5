"""A table declared once, by its row type, as the DDL and statements each backend runs
for it.

The row type is a dataclass: its fields are the table's columns, in order, and each
field's type hint names the column's kind (`COLUMN_KINDS`; `X | None` is the kind of
`X`, the DDL declaring no NOT NULL). The same type reads the rows back
(`projections.rows`), so a column is written down once.

A table may exist in several generations at once: a rebuild writes a fresh one under
a suffix (`child_status__rebuild`) while the live one serves, then swaps it in, so DDL
takes the suffix too. Statements name the table in braces (`{child_status}`): the
transaction writing a generation resolves it (`registry.database.transaction`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, NewType, get_args, get_type_hints
from uuid import UUID

from registry.database.dialect import ColumnKind, Dialect

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Key = NewType("Key", str)
"""Text compared byte by byte on every backend (PostgreSQL's "C" collation, SQLite's
default): search keys, whose prefixes are looked up as ranges of an ordinary index."""

COLUMN_KINDS: dict[object, ColumnKind] = {
    UUID: "text",
    str: "text",
    Key: "key",
    bytes: "blob",
    date: "date",
    datetime: "timestamp",
    bool: "bool",
    int: "int",
}
"""The column kind of each field type, looked up by the exact type (a `datetime` is a
`date` and a `bool` an `int` to `isinstance`, not here)."""


def field_types(row: type[DataclassInstance]) -> tuple[tuple[str, type], ...]:
    """Each field of `row` with its type, `None` taken out of an optional one."""
    hints = get_type_hints(row)
    found: list[tuple[str, type]] = []
    for field in fields(row):
        hint = hints[field.name]
        (base,) = [arg for arg in get_args(hint) if arg is not type(None)] or [hint]
        found.append((field.name, base))
    return tuple(found)


@dataclass(frozen=True)
class Table:
    name: str
    row: type[DataclassInstance]
    """The row type declaring the columns (see the module's docstring)."""
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    applier_lookups: tuple[tuple[str, ...], ...] = ()
    """The indexes (among `indexes`) the projections themselves look rows up by while
    applying events: a table being rebuilt needs them from its first row."""

    @cached_property
    def columns(self) -> tuple[tuple[str, ColumnKind], ...]:
        """Each column with its kind, in the row type's field order."""
        columns: list[tuple[str, ColumnKind]] = []
        for name, field_type in field_types(self.row):
            if field_type not in COLUMN_KINDS:
                raise TypeError(f"{self.row.__name__}.{name}: no column kind for {field_type!r}")
            columns.append((name, COLUMN_KINDS[field_type]))
        return tuple(columns)

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create_statements(self, dialect: Dialect, suffix: str = "") -> list[str]:
        """CREATE TABLE (with a named primary key) and its indexes, all idempotent.

        A table being rebuilt (`suffix`) starts with the indexes of `applier_lookups`
        only: maintaining the others row by row would cost more than building them
        once when it is full (`index_statements`, before the swap)."""
        table = self.name + suffix
        columns = [dialect.column(name, kind) for name, kind in self.columns]
        key = f"CONSTRAINT {self.key_name(suffix)} PRIMARY KEY ({', '.join(self.primary_key)})"
        statements = [f"CREATE TABLE IF NOT EXISTS {table} ({', '.join([*columns, key])})"]
        indexes = self.applier_lookups if suffix else self.indexes
        return statements + self.index_statements(suffix, indexes)

    def index_statements(
        self, suffix: str = "", indexes: tuple[tuple[str, ...], ...] | None = None
    ) -> list[str]:
        """The indexes (all by default) of one generation of the table; those of a
        table being rebuilt take the canonical names at the swap."""
        return [
            f"CREATE INDEX IF NOT EXISTS {self.index_name(columns, suffix)} "
            f"ON {self.name}{suffix} ({', '.join(columns)})"
            for columns in (self.indexes if indexes is None else indexes)
        ]

    def index_name(self, columns: tuple[str, ...], suffix: str = "") -> str:
        return f"{self.name}{suffix}_{'_'.join(columns)}"

    def key_name(self, suffix: str = "") -> str:
        return f"{self.name}{suffix}_pkey"

    def insert(self, source: str, *, replace: bool) -> str:
        """INSERT of the rows `source` gives (VALUES or a SELECT, in column order) into
        `{name}`; with `replace`, a row whose key exists is replaced."""
        names = self.column_names
        statement = f"INSERT INTO {{{self.name}}} ({', '.join(names)}) {source}"
        if not replace:
            return statement
        updates = ", ".join(f"{name} = excluded.{name}" for name in names)
        return f"{statement} ON CONFLICT ({', '.join(self.primary_key)}) DO UPDATE SET {updates}"

    def indexes_ahead_of_swap(self, dialect: Dialect, suffix: str) -> list[str]:
        """The fresh generation's indexes that can be built before the swap, while the
        live table still serves (the swap's transaction, which readers wait for, then
        only renames them)."""
        return dialect.index_ahead_of_swap(self.index_statements(suffix))

    def swap_statements(self, dialect: Dialect, suffix: str) -> list[str]:
        """Statements replacing the live table by its generation `suffix`, key and
        indexes under the live names (after `indexes_ahead_of_swap`)."""
        statements = [
            f"DROP TABLE {self.name}",
            f"ALTER TABLE {self.name}{suffix} RENAME TO {self.name}",
            *dialect.rename_key(self.name, self.key_name(suffix), self.key_name()),
        ]
        for columns in self.indexes:
            statements += dialect.rename_index(
                self.index_name(columns, suffix),
                self.index_name(columns),
                *self.index_statements(indexes=(columns,)),
            )
        return statements + dialect.after_swap(self.name)
