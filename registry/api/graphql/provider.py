"""A care provider as GraphQL shows it (provider_occupancy)."""

from __future__ import annotations

import strawberry

from projections.rows import ProviderRow
from registry.api.graphql.row_fields import RowFields

_FIELDS = RowFields(
    ProviderRow,
    ("name", "kind", "district", "status", "capacity", "occupied", "version"),
    key="provider_id",
)


@strawberry.type(description="A care provider: institution, shelter, foster family or home.")
@_FIELDS
class Provider:
    @classmethod
    def from_row(cls, row: ProviderRow) -> Provider:
        return cls(**_FIELDS.values(row))
