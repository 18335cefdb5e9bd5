"""episodes and placements: the spells of care, the basis of the indicators.

An episode runs from the removal date to the exit; its entry number tells a first
entry from a re-entry. A placement runs from its start to its end; `is_move` is
true for every placement of an episode but the first (the admission is not a move).
"""

from __future__ import annotations

from functools import singledispatch

from projections.database import Transaction
from projections.projection import CORRECTION_TOPICS, Batch, ChildProjection, topics_of
from projections.schema import EPISODES, PLACEMENTS
from registry.domain.child_events import (
    AdoptionGranted,
    CareExited,
    ChildEvent,
    EnteredCare,
    PlacementEnded,
    PlacementStarted,
)


class EpisodesProjection(ChildProjection):
    name = "episodes"
    tables = (EPISODES, PLACEMENTS)
    topics = (
        topics_of((EnteredCare, CareExited, AdoptionGranted, PlacementStarted, PlacementEnded))
        | CORRECTION_TOPICS
    )

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        _evolve(event, tx)


@singledispatch
def _evolve(event: ChildEvent, tx: Transaction) -> None:
    """Decisions that open, close or qualify no spell leave these tables alone."""


@_evolve.register
def _entered(event: EnteredCare, tx: Transaction) -> None:
    tx.execute(
        "INSERT INTO {episodes} (episode_id, child_id, entry_number, start_date, manner) "
        "VALUES (%s, %s, (SELECT COUNT(*) + 1 FROM {episodes} WHERE child_id = %s), %s, %s)",
        (
            event.episode_id,
            event.originator_id,
            event.originator_id,
            event.removal_date,
            event.manner.value,
        ),
    )


@_evolve.register
def _exited(event: CareExited, tx: Transaction) -> None:
    tx.execute(
        "UPDATE {episodes} SET end_date = %s, exit_reason = %s WHERE episode_id = %s",
        (event.effective_date, event.reason.value, event.episode_id),
    )


@_evolve.register
def _adopted(event: AdoptionGranted, tx: Transaction) -> None:
    tx.execute(
        "UPDATE {episodes} SET adoption_kind = %s WHERE child_id = %s AND end_date IS NULL",
        (event.kind.value, event.originator_id),
    )


@_evolve.register
def _placed(event: PlacementStarted, tx: Transaction) -> None:
    tx.execute(
        "INSERT INTO {placements} (placement_id, child_id, episode_id, setting, provider_id, "
        "start_date, is_move) VALUES (%s, %s, %s, %s, %s, %s, "
        "EXISTS (SELECT 1 FROM {placements} WHERE episode_id = %s))",
        (
            event.placement_id,
            event.originator_id,
            event.episode_id,
            event.setting.value,
            event.provider_id,
            event.effective_date,
            event.episode_id,
        ),
    )


@_evolve.register
def _placement_ended(event: PlacementEnded, tx: Transaction) -> None:
    tx.execute(
        "UPDATE {placements} SET end_date = %s, end_reason = %s WHERE placement_id = %s",
        (event.effective_date, event.reason.value, event.placement_id),
    )
