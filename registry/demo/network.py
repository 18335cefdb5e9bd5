"""The care providers of the synthetic registry, sized to the number of children.

Capacity is planned so that, with the placement mix of the journeys, most
placements find a free place in the child's own district; when none is free the
journey falls back to kinship care, as officers do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from uuid import UUID

from registry.application import RegistryApplication
from registry.demo.catalogue import DISTRICTS
from registry.domain.commands import (
    ApproveProvider,
    CloseProvider,
    DecisionHeader,
    RegisterProvider,
    SuspendProvider,
)
from registry.domain.values import ProviderKind, ProviderStatus, Setting

# Places per child of the data set, by provider kind: about half of the children
# are in care at any moment, and about four in five of those need a provider.
PLACES_PER_CHILD = {
    ProviderKind.INSTITUTION: 0.24,
    ProviderKind.SHELTER: 0.06,
    ProviderKind.FOSTER_FAMILY: 0.16,
    ProviderKind.FAMILY_TYPE_HOME: 0.08,
}
CAPACITY_RANGE = {
    ProviderKind.INSTITUTION: (20, 60),
    ProviderKind.SHELTER: (8, 20),
    ProviderKind.FOSTER_FAMILY: (1, 4),
    ProviderKind.FAMILY_TYPE_HOME: (5, 10),
}
PROVIDER_KIND_OF_SETTING = {
    setting: kind for kind in ProviderKind for setting in kind.offered_settings
}
ADMIN = "admin-demo"
CANDIDATES_TRIED = 6


@dataclass
class ProviderNetwork:
    """Approved providers by kind and district, and the search for a free place."""

    app: RegistryApplication
    by_kind_and_district: dict[tuple[ProviderKind, str], list[UUID]] = field(default_factory=dict)
    count: int = 0

    def free_place(self, setting: Setting, district: str, rng: Random) -> UUID | None:
        """An approved provider offering `setting` with a free place, nearest first."""
        kind = PROVIDER_KIND_OF_SETTING[setting]
        districts = [district, *rng.sample(DISTRICTS, len(DISTRICTS))]
        for candidate_district in districts:
            candidates = self.by_kind_and_district.get((kind, candidate_district), [])
            for provider_id in rng.sample(candidates, min(CANDIDATES_TRIED, len(candidates))):
                provider = self.app.get_provider(provider_id)
                if (
                    provider.status is ProviderStatus.APPROVED
                    and provider.occupied < provider.capacity
                ):
                    return provider_id
        return None


def build_network(
    app: RegistryApplication, rng: Random, children: int, start: date
) -> ProviderNetwork:
    """Register and approve the providers (plus one suspended and one closed home)."""
    network = ProviderNetwork(app)
    for kind, places_per_child in PLACES_PER_CHILD.items():
        low, high = CAPACITY_RANGE[kind]
        total = math.ceil(children * places_per_child / ((low + high) / 2))
        per_district = max(1, math.ceil(total / len(DISTRICTS)))
        for district in DISTRICTS:
            for number in range(1, per_district + 1):
                provider_id = _open_provider(app, rng, kind, district, number, start)
                network.by_kind_and_district.setdefault((kind, district), []).append(provider_id)
                network.count += 1
    _set_aside_one(app, rng, start, network, suspend=True)
    _set_aside_one(app, rng, start, network, suspend=False)
    return network


def _open_provider(
    app: RegistryApplication,
    rng: Random,
    kind: ProviderKind,
    district: str,
    number: int,
    start: date,
) -> UUID:
    registered_on = start - timedelta(days=rng.randint(30, 900))
    receipt = app.handle(
        RegisterProvider(
            header=_by_admin(registered_on, f"MIN-{registered_on.year}-P{number:04d}"),
            kind=kind,
            name=f"{district.title()} {kind.value.replace('_', ' ')} no. {number}",
            district=district,
            capacity=rng.randint(*CAPACITY_RANGE[kind]),
            provider_id=UUID(int=rng.getrandbits(128), version=4),
        )
    )
    approved_on = registered_on + timedelta(days=14)
    app.handle(ApproveProvider(header=_by_admin(approved_on, None), provider_id=receipt.id))
    return receipt.id


def _set_aside_one(
    app: RegistryApplication, rng: Random, start: date, network: ProviderNetwork, *, suspend: bool
) -> None:
    """A provider that takes no children: shows suspension and closure in the data."""
    district = rng.choice(DISTRICTS)
    provider_id = _open_provider(
        app, rng, ProviderKind.FAMILY_TYPE_HOME, district, 900 + int(suspend), start
    )
    network.count += 1
    header = _by_admin(start - timedelta(days=10), f"MIN-{start.year}-S{int(suspend)}")
    decided = SuspendProvider if suspend else CloseProvider
    app.handle(decided(header=header, provider_id=provider_id))


def _by_admin(day: date, decision_ref: str | None) -> DecisionHeader:
    return DecisionHeader(recorded_by=ADMIN, effective_date=day, decision_ref=decision_ref)
