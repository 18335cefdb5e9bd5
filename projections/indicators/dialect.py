"""The few places where indicator SQL differs between SQLite and PostgreSQL.

Every query is written once; only these fragments change: how two dates compare in
whole years (ages and "within 12 months", through the integer YYYYMMDD), how two
dates give a number of days, how a date parameter is written, how the first row of
each key is kept, how identifiers are compared, and the placeholder style.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

REPORT_WORK_MEM = "64MB"
_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Dialect:
    backend: Literal["sqlite", "postgres"]

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
        """A date parameter, typed where the backend needs it for date arithmetic."""
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

    def render(self, statement: str) -> str:
        """Named `:name` placeholders in the backend's parameter style."""
        if self.backend == "sqlite":
            return statement
        return _NAMED.sub(r"%(\1)s", statement)

    def params(self, values: Mapping[str, Any]) -> dict[str, Any]:
        if self.backend == "sqlite":
            return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        return dict(values)

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


def dialect_of(connection: Any) -> Dialect:
    return Dialect("sqlite" if isinstance(connection, sqlite3.Connection) else "postgres")


def _ymd(expression: str) -> str:
    """SQLite: the date as the integer YYYYMMDD, where differences of 10,000 are whole years."""
    return f"CAST(strftime('%Y%m%d', {expression}) AS INTEGER)"
