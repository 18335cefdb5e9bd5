"""provider_occupancy: each care provider's status, capacity and places taken.

Provider streams are never corrected (a correction of a child's placement moves
the place with new PlaceTaken / PlaceReleased events), so every event applies
incrementally, to rows held in memory for the batch and written once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from projections.projection import Batch, Projection, topics_of
from projections.schema import PROVIDER_OCCUPANCY
from projections.working_rows import WorkingRows
from registry.database import Transaction
from registry.domain.provider import CareProvider

Row = dict[str, Any]
_CHANGES: dict[type[Any], Callable[[Any, Row], Row]] = {
    CareProvider.ProviderApproved: lambda event, row: {"status": "approved"},
    CareProvider.ProviderSuspended: lambda event, row: {"status": "suspended"},
    CareProvider.ProviderClosed: lambda event, row: {"status": "closed"},
    CareProvider.CapacityChanged: lambda event, row: {"capacity": event.capacity},
    CareProvider.PlaceTaken: lambda event, row: {"occupied": row["occupied"] + 1},
    CareProvider.PlaceReleased: lambda event, row: {"occupied": row["occupied"] - 1},
}


class ProviderOccupancyProjection(Projection):
    name = "provider_occupancy"
    tables = (PROVIDER_OCCUPANCY,)
    topics = topics_of((CareProvider.ProviderRegistered, *_CHANGES))

    def begin(self, events: Sequence[Any], tx: Transaction, batch: Batch) -> None:
        rows = WorkingRows(PROVIDER_OCCUPANCY)
        rows.load(tx, (event.originator_id for event in events))
        batch.working[self.name] = rows

    def apply(self, event: Any, position: int, tx: Transaction, batch: Batch) -> None:
        rows = batch.working[self.name]
        if isinstance(event, CareProvider.ProviderRegistered):
            rows.put(
                {
                    "provider_id": str(event.originator_id),
                    "name": event.name,
                    "kind": event.kind.value,
                    "district": event.district,
                    "status": "registered",
                    "capacity": event.capacity,
                    "occupied": 0,
                    "version": event.originator_version,
                }
            )
            return
        row = rows.get(event.originator_id)
        row.update(_CHANGES[type(event)](event, row), version=event.originator_version)

    def finish(self, tx: Transaction, batch: Batch) -> None:
        batch.working.pop(self.name).save(tx)
