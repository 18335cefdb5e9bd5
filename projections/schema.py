"""The read-model tables, each declared once (`registry.database.Table` renders it
as each backend's DDL).

Dates are ISO text on SQLite and `date` on PostgreSQL (the read-side contract);
everything else maps one to one. A rebuild writes into the same tables under a
suffix (`child_status__rebuild`) and swaps them in.
"""

from __future__ import annotations

from registry.database import Table

REBUILD_SUFFIX = "__rebuild"
TRACKING_TABLE = "projection_tracking"
"""One row per projection (and per projection being rebuilt): its position in the log.
Never written in generations: statements name it plainly, not in braces."""


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
