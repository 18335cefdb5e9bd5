"""The read-model tables, declared once and rendered as DDL for each backend.

Dates are ISO text on SQLite and `date` on PostgreSQL (the read-side contract);
everything else maps one to one. A rebuild writes into the same tables under a
suffix (`child_status__rebuild`) and swaps them in, so DDL takes the suffix too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Backend = Literal["sqlite", "postgres"]
ColumnKind = Literal["text", "date", "bool", "int", "timestamp"]

REBUILD_SUFFIX = "__rebuild"
TRACKING_TABLE = "projection_tracking"

_TYPES: dict[Backend, dict[ColumnKind, str]] = {
    "sqlite": {
        "text": "TEXT",
        "date": "TEXT",
        "bool": "INTEGER",
        "int": "INTEGER",
        "timestamp": "TEXT",
    },
    "postgres": {
        "text": "text",
        "date": "date",
        "bool": "boolean",
        "int": "bigint",
        "timestamp": "timestamptz",
    },
}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, ColumnKind], ...]
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    applier_lookups: tuple[tuple[str, ...], ...] = ()
    """The indexes (among `indexes`) the projections themselves look rows up by while
    applying events: a table being rebuilt needs them from its first row."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create_statements(self, backend: Backend, suffix: str = "") -> list[str]:
        """CREATE TABLE (with a named primary key) and its indexes, all idempotent.

        A table being rebuilt (`suffix`) starts with the indexes of `applier_lookups`
        only: maintaining the others row by row would cost more than building them
        once when it is full (`index_statements`, before the swap)."""
        table = self.name + suffix
        types = _TYPES[backend]
        columns = [f"{name} {types[kind]}" for name, kind in self.columns]
        key = f"CONSTRAINT {table}_pkey PRIMARY KEY ({', '.join(self.primary_key)})"
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

    def insert_statement(self, *, replace: bool = False) -> str:
        """One row's INSERT (`%s` placeholders, `{table}` name), upserting with `replace`."""
        values = ", ".join(["%s"] * len(self.columns))
        return self._insert(f"VALUES ({values})", replace)

    def unnest_insert_statement(self, *, replace: bool = False) -> str:
        """PostgreSQL: many rows' INSERT, taking one typed array parameter per column,
        sent in binary (`%b`): text arrays in text format are escaped value by value."""
        types = _TYPES["postgres"]
        arrays = ", ".join(f"%b::{types[kind]}[]" for _, kind in self.columns)
        return self._insert(f"SELECT * FROM unnest({arrays})", replace)

    def _insert(self, source: str, replace: bool) -> str:
        names = self.column_names
        statement = f"INSERT INTO {{{self.name}}} ({', '.join(names)}) {source}"
        if not replace:
            return statement
        updates = ", ".join(f"{name} = excluded.{name}" for name in names)
        return f"{statement} ON CONFLICT ({', '.join(self.primary_key)}) DO UPDATE SET {updates}"


CHILD_STATUS = Table(
    "child_status",
    (
        ("child_id", "text"),
        ("given_name", "text"),
        ("family_name", "text"),
        ("patronymic", "text"),
        ("birth_date", "date"),
        ("sex", "text"),
        ("district", "text"),
        ("disability", "bool"),
        ("parental_status", "text"),
        ("free_for_adoption", "bool"),
        ("status", "text"),
        ("episode_id", "text"),
        ("entered_care_on", "date"),
        ("placement_id", "text"),
        ("setting", "text"),
        ("provider_id", "text"),
        ("placement_since", "date"),
        ("carer", "text"),
        ("plan_id", "text"),
        ("plan_adopted_on", "date"),
        ("last_reviewed_on", "date"),
        ("next_review_due", "date"),
        ("exited_on", "date"),
        ("exit_reason", "text"),
        ("version", "int"),
        ("position", "int"),
    ),
    ("child_id",),
    (("family_name", "child_id"), ("district", "family_name", "child_id"), ("status",)),
)

CHILD_HISTORY = Table(
    "child_history",
    (
        ("child_id", "text"),
        ("version", "int"),
        ("type", "text"),
        ("effective_date", "date"),
        ("recorded_at", "timestamp"),
        ("recorded_by", "text"),
        ("decision_ref", "text"),
        ("summary", "text"),
        ("payload", "text"),
        ("corrected_by", "int"),
        ("voided_by", "int"),
        ("changes", "text"),
    ),
    ("child_id", "version"),
)

EPISODES = Table(
    "episodes",
    (
        ("episode_id", "text"),
        ("child_id", "text"),
        ("entry_number", "int"),
        ("start_date", "date"),
        ("end_date", "date"),
        ("exit_reason", "text"),
        ("adoption_kind", "text"),
        ("manner", "text"),
    ),
    ("episode_id",),
    (("child_id",), ("start_date",)),
    applier_lookups=(("child_id",),),
)

PLACEMENTS = Table(
    "placements",
    (
        ("placement_id", "text"),
        ("child_id", "text"),
        ("episode_id", "text"),
        ("setting", "text"),
        ("provider_id", "text"),
        ("start_date", "date"),
        ("end_date", "date"),
        ("end_reason", "text"),
        ("is_move", "bool"),
    ),
    ("placement_id",),
    (("child_id",), ("episode_id",)),
    applier_lookups=(("child_id",),),
)

PLAN_EVENTS = Table(
    "plan_events",
    (
        ("child_id", "text"),
        ("version", "int"),
        ("plan_id", "text"),
        ("kind", "text"),
        ("effective_date", "date"),
        ("next_review_due", "date"),
    ),
    ("child_id", "version"),
)

PROVIDER_OCCUPANCY = Table(
    "provider_occupancy",
    (
        ("provider_id", "text"),
        ("name", "text"),
        ("kind", "text"),
        ("district", "text"),
        ("status", "text"),
        ("capacity", "int"),
        ("occupied", "int"),
        ("version", "int"),
    ),
    ("provider_id",),
    (("district",),),
)

TRACKING = Table(TRACKING_TABLE, (("name", "text"), ("position", "int")), ("name",))

READ_MODEL_TABLES = (
    CHILD_STATUS,
    CHILD_HISTORY,
    EPISODES,
    PLACEMENTS,
    PLAN_EVENTS,
    PROVIDER_OCCUPANCY,
)
