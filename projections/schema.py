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

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create_statements(self, backend: Backend, suffix: str = "") -> list[str]:
        """CREATE TABLE (with a named primary key) and its indexes, all idempotent."""
        table = self.name + suffix
        types = _TYPES[backend]
        columns = [f"{name} {types[kind]}" for name, kind in self.columns]
        key = f"CONSTRAINT {table}_pkey PRIMARY KEY ({', '.join(self.primary_key)})"
        statements = [f"CREATE TABLE IF NOT EXISTS {table} ({', '.join([*columns, key])})"]
        return statements + self.index_statements(suffix)

    def index_statements(self, suffix: str = "") -> list[str]:
        """The indexes of one generation of the table. A table being rebuilt has its
        own (the projections look rows up by these columns while rebuilding); they
        take the canonical names at the swap."""
        return [
            f"CREATE INDEX IF NOT EXISTS {self.index_name(columns, suffix)} "
            f"ON {self.name}{suffix} ({', '.join(columns)})"
            for columns in self.indexes
        ]

    def index_name(self, columns: tuple[str, ...], suffix: str = "") -> str:
        return f"{self.name}{suffix}_{'_'.join(columns)}"


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
