"""A child's open placement, its provider resolved through the request's DataLoader."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import strawberry

from projections.rows import ChildRow
from registry.api.graphql.context import Info
from registry.api.graphql.provider import Provider


@strawberry.type(
    description="The open placement: setting, since when, and with which provider "
    "(none for kinship and guardianship placements)."
)
class CurrentPlacement:
    setting: str
    since: date
    provider_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: ChildRow) -> CurrentPlacement | None:
        if row.setting is None or row.placement_since is None:
            return None
        return cls(setting=row.setting, since=row.placement_since, provider_id=row.provider_id)

    @strawberry.field
    async def provider(self, info: Info) -> Provider | None:
        info.context.require_personal_data("who cares for a child")
        if self.provider_id is None:
            return None
        row = await info.context.loaders.providers.load(self.provider_id)
        return Provider.from_row(row) if row is not None else None
