"""A care provider as GraphQL shows it (provider_occupancy)."""

from __future__ import annotations

import strawberry

from projections.rows import ProviderRow


@strawberry.type(description="A care provider: institution, shelter, foster family or home.")
class Provider:
    id: strawberry.ID
    name: str
    kind: str
    district: str
    status: str
    capacity: int
    occupied: int
    version: int

    @classmethod
    def from_row(cls, row: ProviderRow) -> Provider:
        return cls(
            id=strawberry.ID(str(row.provider_id)),
            name=row.name,
            kind=row.kind,
            district=row.district,
            status=row.status,
            capacity=row.capacity,
            occupied=row.occupied,
            version=row.version,
        )
