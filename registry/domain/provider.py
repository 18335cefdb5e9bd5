"""The CareProvider aggregate: an institution, shelter, foster family or family-type home.

Its stream is saved together with the child's whenever a place is taken or
released, so the capacity rule holds under concurrency: two placements into the
last free place race on this stream's version and only one can win.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from registry.domain import commands, errors, text
from registry.domain.values import ProviderKind, ProviderStatus, Setting


class CareProvider(Aggregate):
    TOPIC = "registry.provider:CareProvider"

    class Event(Aggregate.Event):
        """A decision about a provider. Each event class states its own `class_version`:
        adding a field bumps it and adds an upcaster (docs/design.md, "Event schema
        evolution")."""

        effective_date: date
        recorded_by: str
        decision_ref: str | None

    class ProviderRegistered(Event, Aggregate.Created):
        TOPIC = "registry.provider:ProviderRegistered"
        class_version = 1
        kind: ProviderKind
        name: str
        district: str
        capacity: int

        def apply(self, aggregate: Any) -> None:
            aggregate.kind = self.kind
            aggregate.name = self.name
            aggregate.district = self.district
            aggregate.capacity = self.capacity

    Created = ProviderRegistered

    class ProviderApproved(Event):
        TOPIC = "registry.provider:ProviderApproved"
        class_version = 1

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ProviderStatus.APPROVED

    class ProviderSuspended(Event):
        TOPIC = "registry.provider:ProviderSuspended"
        class_version = 1

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ProviderStatus.SUSPENDED

    class ProviderClosed(Event):
        TOPIC = "registry.provider:ProviderClosed"
        class_version = 1

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ProviderStatus.CLOSED

    class CapacityChanged(Event):
        TOPIC = "registry.provider:CapacityChanged"
        class_version = 1
        capacity: int

        def apply(self, aggregate: Any) -> None:
            aggregate.capacity = self.capacity

    class PlaceTaken(Event):
        TOPIC = "registry.provider:PlaceTaken"
        class_version = 1
        child_id: UUID
        placement_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.occupants[self.placement_id] = self.child_id

    class PlaceReleased(Event):
        TOPIC = "registry.provider:PlaceReleased"
        class_version = 1
        child_id: UUID
        placement_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.occupants.pop(self.placement_id, None)

    def __init__(self) -> None:
        self.kind: ProviderKind
        self.name: str
        self.district: str
        self.capacity: int
        self.status = ProviderStatus.REGISTERED
        self.occupants: dict[UUID, UUID] = {}

    @property
    def occupied(self) -> int:
        return len(self.occupants)

    @classmethod
    def register(
        cls, command: commands.RegisterProvider, *, provider_id: UUID, today: date
    ) -> CareProvider:
        fields = {
            **command.header.event_fields(),
            "kind": command.kind,
            "name": command.name,
            "district": command.district,
            "capacity": command.capacity,
        }
        _check_date(command.header.effective_date, today)
        text.check_fields(fields.items())
        if command.capacity < 0:
            raise errors.InvalidTransition("capacity cannot be negative")
        return cls._create(cls.ProviderRegistered, id=provider_id, **fields)

    def approve(self, today: date, command: commands.ApproveProvider) -> None:
        self._require_status({ProviderStatus.REGISTERED, ProviderStatus.SUSPENDED}, "approved")
        self._decide(self.ProviderApproved, today, command.header)

    def suspend(self, today: date, command: commands.SuspendProvider) -> None:
        self._require_status({ProviderStatus.APPROVED}, "suspended")
        self._decide(self.ProviderSuspended, today, command.header)

    def close(self, today: date, command: commands.CloseProvider) -> None:
        self._require_status(
            {ProviderStatus.REGISTERED, ProviderStatus.APPROVED, ProviderStatus.SUSPENDED},
            "closed",
        )
        if self.occupants:
            raise errors.ProviderOccupied("children are still placed with this provider")
        self._decide(self.ProviderClosed, today, command.header)

    def change_capacity(self, today: date, command: commands.ChangeCapacity) -> None:
        if self.status is ProviderStatus.CLOSED:
            raise errors.ProviderClosed("the provider is closed")
        if command.capacity < self.occupied:
            raise errors.CapacityBelowOccupancy("capacity cannot fall below the places taken")
        self._decide(self.CapacityChanged, today, command.header, capacity=command.capacity)

    def take_place(
        self,
        today: date,
        header: commands.DecisionHeader,
        *,
        child_id: UUID,
        placement_id: UUID,
        setting: Setting,
    ) -> None:
        """The place a child's placement takes, decided with (and by) that placement."""
        if self.status is not ProviderStatus.APPROVED:
            raise errors.ProviderNotApproved(f"the provider is {self.status.value}")
        if setting not in self.kind.offered_settings:
            raise errors.SettingNotOffered(
                f"a {self.kind.value} provider does not offer {setting.value}"
            )
        if self.occupied >= self.capacity:
            raise errors.ProviderFull("the provider has no free place")
        self._decide(self.PlaceTaken, today, header, child_id=child_id, placement_id=placement_id)

    def release_place(
        self, today: date, header: commands.DecisionHeader, *, placement_id: UUID
    ) -> None:
        child_id = self.occupants.get(placement_id)
        if child_id is None:
            raise errors.NoOpenPlacement("the provider holds no such placement")
        self._decide(
            self.PlaceReleased, today, header, child_id=child_id, placement_id=placement_id
        )

    def _require_status(self, allowed: set[ProviderStatus], target: str) -> None:
        if self.status not in allowed:
            raise errors.InvalidTransition(f"a {self.status.value} provider cannot be {target}")

    def _decide(
        self, event_class: type[Event], today: date, header: commands.DecisionHeader, **fields: Any
    ) -> None:
        """Check the date and text rules, then record (the library's events take their
        fields by keyword; the typed commands end here)."""
        fields.update(header.event_fields())
        _check_date(header.effective_date, today)
        text.check_fields(fields.items())
        self.trigger_event(event_class, **fields)


def _check_date(effective_date: date, today: date) -> None:
    if effective_date > today:
        raise errors.FutureDate("the effective date is in the future")
