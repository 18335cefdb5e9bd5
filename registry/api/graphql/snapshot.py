"""A child at a point in time (time travel over the event store)."""

from __future__ import annotations

import strawberry

from projections import time_travel
from registry.api.graphql.row_fields import RowFields

_FIELDS = RowFields(
    time_travel.ChildSnapshot, ("status", "setting", "provider_id", "episode_open", "version")
)


@strawberry.type(
    description="Where a child stood on a date (childAsOf) or as recorded at a moment "
    "(childAsRecorded)."
)
@_FIELDS
class ChildSnapshot:
    @classmethod
    def from_snapshot(cls, snapshot: time_travel.ChildSnapshot) -> ChildSnapshot:
        return cls(**_FIELDS.values(snapshot))
