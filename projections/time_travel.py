"""A child as in effect on a date, and as the registry had recorded it at a moment.

Both answers come from the event store itself, not from the read models: the read
models hold only the present. "In effect on a date" folds the child's effective
history (corrections applied, voided decisions left out, as known today) up to
that effective date; "as recorded at a moment" replays only the events stored by
then, corrections recorded by then included, through the aggregate's own folding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from registry.application import RegistryApplication
from registry.domain.child import Child
from registry.domain.child_events import ChildEvent, ChildRegistered
from registry.domain.child_state import ChildState, evolve


@dataclass(frozen=True)
class ChildSnapshot:
    """Where a child stood: coded values as docs/design.md spells them."""

    status: str
    setting: str | None
    provider_id: UUID | None
    episode_open: bool
    version: int


def child_as_of(application: RegistryApplication, child_id: UUID, on: date) -> ChildSnapshot | None:
    """The child as in effect on `on`, or None when nothing about them was in effect yet."""
    events = _child_events(application, child_id)
    if not events:
        return None
    child = _fold_aggregate(events)
    history = child.effective_history()
    in_effect = [event for event in history if event.effective_date <= on]
    if not in_effect:
        return None
    # The registration carries the identity every later decision builds on, so it is
    # folded first even when a backdated decision took effect before it was recorded.
    registration = history[0]
    folded = [registration, *(event for event in in_effect if event is not registration)]
    state: ChildState | None = None
    for event in folded:
        state = evolve(event, state)
    assert state is not None
    return _snapshot(state, max(event.originator_version for event in in_effect))


def child_as_recorded(
    application: RegistryApplication, child_id: UUID, at: datetime
) -> ChildSnapshot | None:
    """The child as the registry knew them at `at` (UTC when naive), or None before
    the registration was recorded."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    events = _child_events(application, child_id)
    recorded: list[ChildEvent] = []
    for event in events:
        if event.timestamp > moment:
            break
        recorded.append(event)
    if not recorded:
        return None
    child = _fold_aggregate(recorded)
    return _snapshot(child.state, child.version)


def _child_events(application: RegistryApplication, child_id: UUID) -> list[ChildEvent]:
    """The child's stored events in version order; empty when the id is not a child."""
    events = list(application.events.get(child_id))
    if not events or not isinstance(events[0], ChildRegistered):
        return []
    return [event for event in events if isinstance(event, ChildEvent)]


def _fold_aggregate(events: list[ChildEvent]) -> Child:
    child: Child | None = None
    for event in events:
        child = event.mutate(child)
    assert child is not None
    return child


def _snapshot(state: ChildState, version: int) -> ChildSnapshot:
    placement = state.open_placement
    return ChildSnapshot(
        status=state.status.value,
        setting=placement.setting.value if placement is not None else None,
        provider_id=placement.provider_id if placement is not None else None,
        episode_open=state.open_episode is not None,
        version=version,
    )
