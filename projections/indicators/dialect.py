"""The few places where indicator SQL differs between SQLite and PostgreSQL.

Every query is written once; only these fragments change: how a date becomes the
integer YYYYMMDD (used for ages and "within 12 months"), how two dates give a
number of days, how a date parameter is written, and the placeholder style.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Dialect:
    backend: Literal["sqlite", "postgres"]

    def ymd(self, expression: str) -> str:
        """The date as the integer YYYYMMDD: differences of 10,000 are whole years."""
        if self.backend == "sqlite":
            return f"CAST(strftime('%Y%m%d', {expression}) AS INTEGER)"
        return f"CAST(to_char({expression}, 'YYYYMMDD') AS INTEGER)"

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

        On PostgreSQL the JIT compiler is switched off for the report: the correlated
        subqueries inflate the planner's cost estimates, and compiling each query
        costs more (about a second) than running it."""
        if self.backend == "sqlite":
            return ("BEGIN",)
        return ("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "SET LOCAL jit = off")


def dialect_of(connection: Any) -> Dialect:
    return Dialect("sqlite" if isinstance(connection, sqlite3.Connection) else "postgres")
