"""episodes and placements: the spells of care, the basis of the indicators.

An episode runs from the removal date to the exit; its entry number tells a first
entry from a re-entry. A placement runs from its start to its end; `is_move` is
true for every placement of an episode but the first (the admission is not a move).
The spells of the children a batch touches are loaded once, changed in memory and
written once per batch, so a batch costs a few statements, not one per decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import Any
from uuid import UUID

from projections.projection import CORRECTION_TOPICS, Batch, ChildProjection, topics_of
from projections.schema import EPISODES, PLACEMENTS
from projections.working_rows import WorkingRows
from registry.database import Transaction
from registry.domain.child_events import (
    AdoptionGranted,
    CareExited,
    ChildEvent,
    EnteredCare,
    PlacementEnded,
    PlacementStarted,
)


@dataclass(frozen=True)
class Spells:
    """The episodes and placements of a batch's children, by child."""

    episodes: WorkingRows
    placements: WorkingRows


class EpisodesProjection(ChildProjection):
    name = "episodes"
    tables = (EPISODES, PLACEMENTS)
    topics = (
        topics_of((EnteredCare, CareExited, AdoptionGranted, PlacementStarted, PlacementEnded))
        | CORRECTION_TOPICS
    )

    def begin(self, events: Sequence[Any], tx: Transaction, batch: Batch) -> None:
        children = {event.originator_id for event in events}
        for table in self.tables:
            rows = WorkingRows(table, group_by="child_id")
            rows.load(tx, children)
            batch.working[table.name] = rows

    def spells(self, batch: Batch) -> Spells:
        return Spells(batch.working[EPISODES.name], batch.working[PLACEMENTS.name])

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        _evolve(event, self.spells(batch))

    def forget(self, child_id: UUID, tx: Transaction, batch: Batch) -> None:
        super().forget(child_id, tx, batch)
        for table in self.tables:
            batch.working[table.name].drop_group(child_id)

    def finish(self, tx: Transaction, batch: Batch) -> None:
        for table in self.tables:
            batch.working.pop(table.name).save(tx)


@singledispatch
def _evolve(event: ChildEvent, spells: Spells) -> None:
    """Decisions that open, close or qualify no spell leave these tables alone."""


@_evolve.register
def _entered(event: EnteredCare, spells: Spells) -> None:
    child = str(event.originator_id)
    spells.episodes.put(
        dict.fromkeys(EPISODES.column_names)
        | {
            "episode_id": str(event.episode_id),
            "child_id": child,
            "entry_number": len(spells.episodes.in_group(child)) + 1,
            "start_date": event.removal_date,
            "manner": event.manner.value,
        }
    )


@_evolve.register
def _exited(event: CareExited, spells: Spells) -> None:
    episode = spells.episodes.get(event.episode_id)
    episode.update(end_date=event.effective_date, exit_reason=event.reason.value)


@_evolve.register
def _adopted(event: AdoptionGranted, spells: Spells) -> None:
    for episode in spells.episodes.in_group(event.originator_id):
        if episode["end_date"] is None:
            spells.episodes.get(episode["episode_id"])["adoption_kind"] = event.kind.value


@_evolve.register
def _placed(event: PlacementStarted, spells: Spells) -> None:
    episode = str(event.episode_id)
    earlier = spells.placements.in_group(event.originator_id)
    spells.placements.put(
        dict.fromkeys(PLACEMENTS.column_names)
        | {
            "placement_id": str(event.placement_id),
            "child_id": str(event.originator_id),
            "episode_id": episode,
            "setting": event.setting.value,
            "provider_id": None if event.provider_id is None else str(event.provider_id),
            "start_date": event.effective_date,
            "is_move": any(placement["episode_id"] == episode for placement in earlier),
        }
    )


@_evolve.register
def _placement_ended(event: PlacementEnded, spells: Spells) -> None:
    placement = spells.placements.get(event.placement_id)
    placement.update(end_date=event.effective_date, end_reason=event.reason.value)
