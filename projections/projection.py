"""What a read model is: the tables it owns and how each event changes them.

Child read models change incrementally with each decision, except after a
correction or voiding: then the child's rows are deleted and written again from
its corrected history, so they always equal what the effective history implies.
The same per-event code serves both paths.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol

from projections.working_rows import AppendedRows, WorkingRows
from registry.application import RegistryApplication
from registry.database import Table, Transaction
from registry.domain.child import Child
from registry.domain.child_events import (
    CHILD_EVENT_TYPES,
    ChildEvent,
    DecisionCorrected,
    DecisionVoided,
)


class Batch:
    """Shared by the projections applying one batch: children loaded once for rewrites,
    and each projection's rows held in memory until the batch is written."""

    def __init__(self, application: RegistryApplication) -> None:
        self.application = application
        self.working: dict[str, WorkingRows] = {}
        self.appended: dict[str, AppendedRows] = {}
        self._children: dict[tuple[UUID, int], Child] = {}

    def child_at(self, child_id: UUID, version: int) -> Child:
        key = (child_id, version)
        if key not in self._children:
            self._children[key] = self.application.get_child(child_id, version=version)
        return self._children[key]


class Projection(ABC):
    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    topics: ClassVar[frozenset[str]]

    def begin(self, events: Sequence[Any], tx: Transaction, batch: Batch) -> None:  # noqa: B027
        """Before the batch's `events` (those of this projection's topics) are applied."""

    @abstractmethod
    def apply(self, event: Any, position: int, tx: Transaction, batch: Batch) -> None:
        """Change this projection's rows for one event at `position` of the global order."""

    def finish(self, tx: Transaction, batch: Batch) -> None:  # noqa: B027
        """After the batch's events: write what was held in memory."""


def topics_of(event_types: tuple[type[DomainEventProtocol[Any]], ...]) -> frozenset[str]:
    return frozenset(getattr(event_type, "TOPIC") for event_type in event_types)  # noqa: B009


CORRECTION_TOPICS = topics_of((DecisionCorrected, DecisionVoided))


class ChildProjection(Projection):
    """A read model of children; a subclass that needs only some decisions narrows
    `topics` (corrections always included) so the others are never even decoded."""

    topics = topics_of(CHILD_EVENT_TYPES)

    def apply(self, event: Any, position: int, tx: Transaction, batch: Batch) -> None:
        if isinstance(event, DecisionCorrected | DecisionVoided):
            child = batch.child_at(event.originator_id, event.originator_version)
            self.forget(child.id, tx, batch)
            self.rewrite(child, position, tx, batch)
        else:
            self.evolve(event, position, tx, batch)

    @abstractmethod
    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        """Apply one decision (never a correction) to rows that reflect the ones before it."""

    def forget(self, child_id: UUID, tx: Transaction, batch: Batch) -> None:
        """Remove the child's rows before they are written afresh."""
        for table in self.tables:
            tx.execute(f"DELETE FROM {{{table.name}}} WHERE child_id = %s", (child_id,))

    def rewrite(self, child: Child, position: int, tx: Transaction, batch: Batch) -> None:
        """Write the child's rows afresh from its corrected history (after `forget`)."""
        for event in child.effective_history():
            self.evolve(event, position, tx, batch)


class AppendingChildProjection(ChildProjection):
    """A read model of children whose tables gain rows as decisions come (each keyed
    in the batch by its table's name): the batch's rows are written together when
    the batch ends."""

    def begin(self, events: Sequence[Any], tx: Transaction, batch: Batch) -> None:
        for table in self.tables:
            batch.appended[table.name] = AppendedRows(table)

    def forget(self, child_id: UUID, tx: Transaction, batch: Batch) -> None:
        super().forget(child_id, tx, batch)
        for table in self.tables:
            batch.appended[table.name].drop_child(child_id)

    def finish(self, tx: Transaction, batch: Batch) -> None:
        for table in self.tables:
            batch.appended.pop(table.name).save(tx)
