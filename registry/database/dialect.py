"""Every difference between SQLite's SQL and PostgreSQL's, in one place.

Statements everywhere else are written once, in one notation: `%s` for a parameter
given by position (`%%` for a percent sign), `{table}` for a table of the generation
being written (`registry.database.transaction`), and named parameters only through
`Dialect.day`. `render` turns that notation into the driver's (`?` for SQLite), and
the methods below give what the two backends say differently: column types, locks,
bulk writes, look-ups by many keys, date arithmetic, snapshots, DDL for a rebuild's
swap, triggers, and how the library lays out its events table.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

if TYPE_CHECKING:
    from registry.database.tables import Table

Backend = Literal["sqlite", "postgres"]
ColumnKind = Literal["text", "key", "date", "bool", "int", "timestamp", "blob"]
Statement = tuple[str, Sequence[Any]]

REPORT_WORK_MEM = "64MB"
_POSITIONAL = re.compile(r"%([%s])")
_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
_TYPES: dict[Backend, dict[ColumnKind, str]] = {
    "sqlite": {
        "text": "TEXT",
        "key": "TEXT",
        "date": "TEXT",
        "bool": "INTEGER",
        "int": "INTEGER",
        "timestamp": "TEXT",
        "blob": "BLOB",
    },
    "postgres": {
        "text": "text",
        "key": "text",
        "date": "date",
        "bool": "boolean",
        "int": "bigint",
        "timestamp": "timestamptz",
        "blob": "bytea",
    },
}


@dataclass(frozen=True)
class Dialect:
    backend: Backend

    # -- statements and their parameters ------------------------------------------

    def render(self, statement: str) -> str:
        """`statement` in the driver's parameter style: `?` (and `:name`) for SQLite,
        `%s` (and `%(name)s`) for psycopg."""
        if self.backend == "sqlite":
            return _POSITIONAL.sub(lambda match: "?" if match[1] == "s" else "%", statement)
        return _NAMED.sub(r"%(\1)s", statement)

    def adapt(self, params: Sequence[Any]) -> tuple[Any, ...]:
        """Parameters by position as the backend stores them (see `_value`)."""
        return tuple(self._value(value) for value in params)

    def params(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Named parameters as the backend stores them (see `_value`)."""
        return {name: self._value(value) for name, value in values.items()}

    def _value(self, value: Any) -> Any:
        """Ids as text; on SQLite, dates and times as ISO text (the read-side contract:
        dates are ISO text there, `date` on PostgreSQL)."""
        if isinstance(value, UUID):
            return str(value)
        if self.backend == "sqlite" and isinstance(value, date):
            return value.isoformat()
        return value

    def column_type(self, kind: ColumnKind) -> str:
        return _TYPES[self.backend][kind]

    def column(self, name: str, kind: ColumnKind) -> str:
        """A column's definition in CREATE TABLE. A key column compares bytes: under
        PostgreSQL's "C" collation its index serves prefix ranges (`Key`); SQLite
        compares bytes already."""
        collation = ' COLLATE "C"' if kind == "key" and self.backend == "postgres" else ""
        return f"{name} {self.column_type(kind)}{collation}"

    # -- locks -----------------------------------------------------------------------

    def transaction_lock(self, name: str) -> list[Statement]:
        """Statements making concurrent transactions that take the lock `name` run one
        after the other: PostgreSQL's transaction-level advisory lock (concurrent DDL
        otherwise races on the catalogue). SQLite lets one writer in at a time anyway."""
        if self.backend == "sqlite":
            return []
        return [("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))]

    @property
    def for_update(self) -> str:
        """The clause that locks the rows a SELECT reads until the transaction ends; on
        SQLite the transaction (`BEGIN IMMEDIATE`) holds the whole file already."""
        return "" if self.backend == "sqlite" else " FOR UPDATE"

    # -- tables, rows and keys -------------------------------------------------------

    def table_exists(self, name: str) -> Statement:
        """A query with a row when the table `name` exists (in the search path)."""
        if self.backend == "sqlite":
            return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", (name,)
        return "SELECT 1 WHERE to_regclass(%s) IS NOT NULL", (name,)

    def insert_rows(
        self, table: Table, rows: Sequence[Sequence[Any]], *, replace: bool
    ) -> tuple[str, list[Sequence[Any]]]:
        """A statement inserting `rows` (values in `table`'s column order), upserting
        with `replace`, and its parameters for each execution.

        On PostgreSQL the rows travel as one array per column in one execution, so
        the server plans and executes once per batch instead of once per row (the
        difference that bounds a rebuild's rate); the arrays are sent in binary
        (`%b`): text arrays in text format are escaped value by value. SQLite runs
        in-process, where a prepared statement per row is as cheap."""
        if self.backend == "sqlite":
            values = f"VALUES ({', '.join(['%s'] * len(table.columns))})"
            return table.insert(values, replace=replace), list(rows)
        arrays = ", ".join(f"%b::{self.column_type(kind)}[]" for _, kind in table.columns)
        columns = [_ids_as_text(column) for column in zip(*rows, strict=True)]
        return table.insert(f"SELECT * FROM unnest({arrays})", replace=replace), [columns]

    def any_of(self, column: str, keys: Sequence[str]) -> Statement:
        """A condition on text `column` being one of `keys`. On PostgreSQL one binary
        array parameter: the statement is planned once, whatever the number of keys."""
        if self.backend == "sqlite":
            return f"{column} IN ({', '.join(['%s'] * len(keys))})", list(keys)
        return f"{column} = ANY(%b::text[])", [list(keys)]

    def statistics(self, tables: Iterable[str]) -> list[str]:
        """Statements letting the planner know how large `tables` have grown. None on
        SQLite: without statistics its planner already prefers an index for the
        appliers' look-ups."""
        if self.backend == "sqlite":
            return []
        return [f"ANALYZE {table}" for table in tables]

    # -- a rebuild's swap ------------------------------------------------------------

    def index_ahead_of_swap(self, statements: list[str]) -> list[str]:
        """Of the CREATE INDEX `statements` of a fresh table, those run before the swap
        (while the live table still serves), so the swap only renames them. SQLite
        cannot rename an index: it builds them in the swap (`rename_index`)."""
        return [] if self.backend == "sqlite" else statements

    def rename_index(self, fresh: str, canonical: str, create_canonical: str) -> list[str]:
        """The index `fresh` of a table swapped in, under its `canonical` name."""
        if self.backend == "sqlite":
            return [f"DROP INDEX IF EXISTS {fresh}", create_canonical]
        return [f"ALTER INDEX {fresh} RENAME TO {canonical}"]

    def rename_key(self, table: str, fresh: str, canonical: str) -> list[str]:
        """The primary key `fresh` of `table` swapped in, under its `canonical` name
        (SQLite's constraint names are no objects of their own)."""
        if self.backend == "sqlite":
            return []
        return [f"ALTER TABLE {table} RENAME CONSTRAINT {fresh} TO {canonical}"]

    def after_swap(self, table: str) -> list[str]:
        """Statements once `table` was swapped in. SQLite: its fresh table has no
        planner statistics yet (PostgreSQL's were gathered before the swap), and without
        them the indicator queries pick nested loops over misestimated row counts."""
        if self.backend == "sqlite":
            return [f"ANALYZE {table}"]
        return []

    # -- snapshots -------------------------------------------------------------------

    def begin_snapshot(self) -> tuple[str, ...]:
        """All queries of one report read one consistent state of the tables.

        On PostgreSQL the JIT compiler is switched off for the report: at national
        scale the estimated costs pass its thresholds, and compiling each query costs
        more (about a second) than running it. The sorts and hash joins over every
        episode in care get the memory to stay off disk (the default 4 MB spills at
        100,000 children)."""
        if self.backend == "sqlite":
            return ("BEGIN",)
        return (
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            "SET LOCAL jit = off",
            f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'",
        )

    def snapshot(self) -> list[str]:
        """First statements of a read-only transaction that sees the database as it was
        when it began, however long it lasts: repeatable read on PostgreSQL; on SQLite
        (in WAL mode) any read transaction is such a snapshot."""
        if self.backend == "sqlite":
            return []
        return ["SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"]

    def identity(self, table: str) -> str | None:
        """A query telling this database's `table` apart from any other's, even one
        made again under the same name; None on SQLite, where a file replaced by
        another at the same path cannot be told apart."""
        if self.backend == "sqlite":
            return None
        return f"SELECT current_database(), CAST(to_regclass('{table}') AS oid)"

    # -- the library's connections and events table ------------------------------

    def use_schema(self, schema: str) -> list[Statement]:
        """Statements making the registry's tables (those of `schema`) the ones a
        transaction on the library's connections names (they set no search path)."""
        if self.backend == "sqlite":
            return []
        return [("SELECT set_config('search_path', %s, true)", (quoted(schema),))]

    @property
    def notification_id(self) -> str:
        """The column of the library's events table holding the notification id."""
        return "rowid" if self.backend == "sqlite" else "notification_id"

    def stream_ids(self, ids: Sequence[UUID]) -> Statement:
        """A condition on the events table's `originator_id` being one of `ids`, as the
        library stores them (hex text on SQLite, `uuid` on PostgreSQL)."""
        if self.backend == "sqlite":
            return f"originator_id IN ({', '.join(['%s'] * len(ids))})", [i.hex for i in ids]
        return "originator_id = ANY(%s)", [list(ids)]

    def stream_id(self, stream_id: UUID) -> Any:
        """One `originator_id` as the library stores it."""
        return stream_id.hex if self.backend == "sqlite" else stream_id

    # -- append-only tables ------------------------------------------------------------

    def refuse_changes(self, table: str, refusal: str) -> list[str]:
        """Triggers refusing UPDATE and DELETE of `table`'s rows (and TRUNCATE on
        PostgreSQL) with the message `refusal`; idempotent."""
        if self.backend == "sqlite":
            return [
                f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
                for operation in ("UPDATE", "DELETE")
            ]
        function = f"{table}_refuse_change"
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{refusal}' USING ERRCODE = 'P0001'; "
            "END $$",
            "CREATE OR REPLACE TRIGGER refuse_row_change BEFORE UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
            "CREATE OR REPLACE TRIGGER refuse_truncate BEFORE TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]

    # -- indicator arithmetic ------------------------------------------------------------

    def under_years(self, later: str, earlier: str, years: int) -> str:
        """`later` is fewer than `years` whole years after `earlier`: the YYYYMMDD
        difference is under `years` x 10,000 (an age under `years`, "within 12 months").

        PostgreSQL says it without formatting dates as text, which is the costliest step
        of the report's arithmetic: `later - years` moves 29 February to 28 February
        when the target year has none, and (later - years) < earlier exactly when the
        YYYYMMDD difference is under `years` x 10,000."""
        if self.backend == "sqlite":
            return f"({_ymd(later)} - {_ymd(earlier)} < {years * 10_000})"
        return f"({later} - INTERVAL '{years} years' < {earlier})"

    def days(self, later: str, earlier: str) -> str:
        """Whole days from `earlier` up to, not including, `later`."""
        if self.backend == "sqlite":
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"({later} - {earlier})"

    def day(self, name: str) -> str:
        """The named date parameter `name` (`:name`, the one named notation), typed
        where the backend needs it for date arithmetic."""
        if self.backend == "sqlite":
            return f":{name}"
        return f"CAST(:{name} AS date)"

    def first_of_each(self, key: str, order: str, columns: str, source: str) -> str:
        """The rows of `source` (FROM and WHERE) that come first in `order` for each
        value of `key`, with `columns` (window functions see every row of `source`).

        PostgreSQL's DISTINCT ON lets the planner expect one row per key; a filter on
        ROW_NUMBER() = 1 makes it expect a handful, and then probe indexes row by row
        in the joins that follow. SQLite has no DISTINCT ON."""
        if self.backend == "sqlite":
            return (
                f"SELECT * FROM (SELECT {columns}, "
                f"ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {order}) AS rank_in_key "
                f"FROM {source}) ranked WHERE rank_in_key = 1"
            )
        ordered = self.key(key)
        return f"SELECT DISTINCT ON ({ordered}) {columns} FROM {source} ORDER BY {ordered}, {order}"

    def key(self, column: str) -> str:
        """A text identifier to partition or sort rows by, where only equality matters.

        PostgreSQL compares text under the database's collation unless told otherwise,
        and a locale comparison costs several times a byte comparison (which also
        lets sorts use abbreviated keys). Identifiers equal under one are equal under
        the other, so which rows share a key does not change. SQLite compares bytes."""
        if self.backend == "sqlite":
            return column
        return f'{column} COLLATE "C"'


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgres")


def dialect_of(connection: Any) -> Dialect:
    """The dialect of a DB-API connection of either driver (`Database.reading()`)."""
    return SQLITE if isinstance(connection, sqlite3.Connection) else POSTGRES


def table_exists(connection: Any, name: str) -> bool:
    """Whether the table `name` exists, asked on a connection of either driver: tables
    loaded by command (districts, population) exist only once loaded."""
    dialect = dialect_of(connection)
    statement, params = dialect.table_exists(name)
    found = connection.execute(dialect.render(statement), params).fetchone()
    return found is not None


def _ids_as_text(column: Sequence[Any]) -> list[Any]:
    """One column's values for a PostgreSQL array: ids as text, as `adapt` gives them."""
    return [str(value) if isinstance(value, UUID) else value for value in column]


def quoted(name: str) -> str:
    """`name` as a quoted SQL identifier (any character, case kept)."""
    return '"' + name.replace('"', '""') + '"'


def _ymd(expression: str) -> str:
    """SQLite: the date as the integer YYYYMMDD, where differences of 10,000 are whole years."""
    return f"CAST(strftime('%%Y%%m%%d', {expression}) AS INTEGER)"
