"""Given a provider's events, when a decision is taken, then these events or this refusal."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from registry.domain.commands import (
    ApproveProvider,
    ChangeCapacity,
    CloseProvider,
    RegisterProvider,
    SuspendProvider,
)
from registry.domain.provider import CareProvider
from registry.domain.values import ProviderKind, ProviderStatus, Setting
from tests.support.given import header, refused

TODAY = date(2026, 6, 30)
DAY = header(date(2024, 1, 1))


def provider_registration(kind: ProviderKind, name: str, capacity: int) -> RegisterProvider:
    return RegisterProvider(header=DAY, kind=kind, name=name, district="north", capacity=capacity)


def provider(
    kind: ProviderKind = ProviderKind.INSTITUTION, capacity: int = 1, approved: bool = True
) -> CareProvider:
    registered = CareProvider.register(
        provider_registration(kind, "Home", capacity), provider_id=uuid4(), today=TODAY
    )
    if approved:
        registered.approve(TODAY, ApproveProvider(header=DAY, provider_id=registered.id))
    registered.collect_events()
    return registered


def take(home: CareProvider, setting: Setting = Setting.RESIDENTIAL_INSTITUTION) -> None:
    home.take_place(TODAY, DAY, child_id=uuid4(), placement_id=uuid4(), setting=setting)


def test_registration_then_approval() -> None:
    home = CareProvider.register(
        provider_registration(ProviderKind.SHELTER, "Shelter", 4), provider_id=uuid4(), today=TODAY
    )
    home.approve(TODAY, ApproveProvider(header=DAY, provider_id=home.id))
    names = [type(event).__name__ for event in home.collect_events()]
    assert names == ["ProviderRegistered", "ProviderApproved"]
    assert home.status is ProviderStatus.APPROVED


def test_taking_and_releasing_a_place() -> None:
    home = provider(capacity=2)
    placement = uuid4()
    home.take_place(
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=placement,
        setting=Setting.SMALL_GROUP_HOME,
    )
    assert home.occupied == 1
    home.release_place(TODAY, DAY, placement_id=placement)
    names = [type(event).__name__ for event in home.collect_events()]
    assert names == ["PlaceTaken", "PlaceReleased"]
    assert home.occupied == 0


def test_a_full_provider_refuses_a_child() -> None:
    home = provider(capacity=1)
    take(home)
    home.collect_events()
    refused(
        "provider_full",
        home.take_place,
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=uuid4(),
        setting=Setting.RESIDENTIAL_INSTITUTION,
    )


def test_a_provider_takes_children_only_while_approved() -> None:
    refused(
        "provider_not_approved",
        provider(approved=False).take_place,
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=uuid4(),
        setting=Setting.RESIDENTIAL_INSTITUTION,
    )
    suspended = provider()
    suspended.suspend(TODAY, SuspendProvider(header=DAY, provider_id=suspended.id))
    suspended.collect_events()
    refused(
        "provider_not_approved",
        suspended.take_place,
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=uuid4(),
        setting=Setting.RESIDENTIAL_INSTITUTION,
    )


def test_a_provider_offers_only_the_settings_of_its_kind() -> None:
    refused(
        "setting_not_offered",
        provider(ProviderKind.FOSTER_FAMILY).take_place,
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=uuid4(),
        setting=Setting.RESIDENTIAL_INSTITUTION,
    )
    refused(
        "setting_not_offered",
        provider(ProviderKind.INSTITUTION).take_place,
        TODAY,
        DAY,
        child_id=uuid4(),
        placement_id=uuid4(),
        setting=Setting.EMERGENCY_SHELTER,
    )


def test_capacity_cannot_fall_below_the_places_taken() -> None:
    home = provider(capacity=2)
    take(home)
    take(home)
    home.collect_events()
    refused(
        "capacity_below_occupancy",
        home.change_capacity,
        TODAY,
        ChangeCapacity(header=DAY, provider_id=home.id, capacity=1),
    )
    home.change_capacity(TODAY, ChangeCapacity(header=DAY, provider_id=home.id, capacity=3))
    assert home.capacity == 3


def test_a_provider_with_children_cannot_close() -> None:
    home = provider()
    take(home)
    home.collect_events()
    refused("provider_occupied", home.close, TODAY, CloseProvider(header=DAY, provider_id=home.id))


def test_a_closed_provider_cannot_reopen_or_change() -> None:
    home = provider()
    home.close(TODAY, CloseProvider(header=DAY, provider_id=home.id))
    home.collect_events()
    refused(
        "invalid_transition", home.approve, TODAY, ApproveProvider(header=DAY, provider_id=home.id)
    )
    refused(
        "provider_closed",
        home.change_capacity,
        TODAY,
        ChangeCapacity(header=DAY, provider_id=home.id, capacity=5),
    )


def test_provider_decisions_in_the_future_are_refused() -> None:
    home = provider(approved=False)
    refused(
        "future_date",
        home.approve,
        TODAY,
        ApproveProvider(header=header(date(2026, 7, 1)), provider_id=home.id),
    )


def test_releasing_an_unknown_placement_is_refused() -> None:
    refused("no_open_placement", provider().release_place, TODAY, DAY, placement_id=uuid4())
