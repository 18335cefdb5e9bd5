"""A child at a point in time (time travel over the event store)."""

from __future__ import annotations

import strawberry

from projections import time_travel


@strawberry.type(
    description="Where a child stood on a date (childAsOf) or as recorded at a moment "
    "(childAsRecorded)."
)
class ChildSnapshot:
    status: str
    setting: str | None
    provider_id: strawberry.ID | None
    episode_open: bool
    version: int

    @classmethod
    def from_snapshot(cls, snapshot: time_travel.ChildSnapshot) -> ChildSnapshot:
        provider = snapshot.provider_id
        return cls(
            status=snapshot.status,
            setting=snapshot.setting,
            provider_id=strawberry.ID(str(provider)) if provider is not None else None,
            episode_open=snapshot.episode_open,
            version=snapshot.version,
        )
