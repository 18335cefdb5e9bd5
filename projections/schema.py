"""The read-model tables, each declared by its row type (`projections.rows`), with
its key and indexes; `registry.database.Table` renders it as each backend's DDL.

Dates are ISO text on SQLite and `date` on PostgreSQL (the read-side contract);
everything else maps one to one. A rebuild writes into the same tables under a
suffix (`child_status__rebuild`) and swaps them in.
"""

from __future__ import annotations

from projections.rows import (
    BlockRow,
    ChildRow,
    DistinctPairRow,
    EpisodeRow,
    HistoryRow,
    IdentityRow,
    LinkRow,
    NameWordRow,
    PlacementRow,
    PlanEventRow,
    ProviderRow,
    TrackingRow,
)
from registry.database import Table

REBUILD_SUFFIX = "__rebuild"
TRACKING_TABLE = "projection_tracking"
"""One row per projection (and per projection being rebuilt): its position in the log.
Never written in generations: statements name it plainly, not in braces."""


CHILD_STATUS = Table(
    "child_status",
    ChildRow,
    primary_key=("child_id",),
    indexes=(("family_name", "child_id"), ("district", "family_name", "child_id"), ("status",)),
)

CHILD_HISTORY = Table("child_history", HistoryRow, primary_key=("child_id", "version"))

EPISODES = Table(
    "episodes",
    EpisodeRow,
    primary_key=("episode_id",),
    indexes=(("child_id",), ("start_date",)),
    applier_lookups=(("child_id",),),
)

PLACEMENTS = Table(
    "placements",
    PlacementRow,
    primary_key=("placement_id",),
    indexes=(("child_id",), ("episode_id",)),
    applier_lookups=(("child_id",),),
)

PLAN_EVENTS = Table("plan_events", PlanEventRow, primary_key=("child_id", "version"))

PROVIDER_OCCUPANCY = Table(
    "provider_occupancy",
    ProviderRow,
    primary_key=("provider_id",),
    indexes=(("district",),),
)

NAME_WORDS = Table(
    "child_name_words",
    NameWordRow,
    primary_key=("child_id", "position"),
    indexes=(("folded", "child_id"), ("sounds", "child_id")),
)

IDENTITY = Table(
    "child_identity",
    IdentityRow,
    primary_key=("child_id",),
    indexes=(
        ("personal_id",),
        ("order_az", "child_id"),
        ("order_ru", "child_id"),
        ("order_en", "child_id"),
    ),
)

BLOCKS = Table(
    "child_blocks",
    BlockRow,
    primary_key=("child_id", "block"),
    indexes=(("block", "birth_date"),),
)

LINKS = Table("child_links", LinkRow, primary_key=("child_id",), indexes=(("survivor_id",),))

DISTINCT_PAIRS = Table(
    "distinct_pairs",
    DistinctPairRow,
    primary_key=("child_id", "version"),
    indexes=(("other_id",),),
)

TRACKING = Table(TRACKING_TABLE, TrackingRow, primary_key=("name",))

READ_MODEL_TABLES = (
    CHILD_STATUS,
    CHILD_HISTORY,
    EPISODES,
    PLACEMENTS,
    PLAN_EVENTS,
    PROVIDER_OCCUPANCY,
    NAME_WORDS,
    IDENTITY,
    BLOCKS,
    LINKS,
    DISTINCT_PAIRS,
)
