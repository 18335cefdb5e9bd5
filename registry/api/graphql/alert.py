"""A monitoring flag on a child (docs/design.md section 4): flagged, never blocking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from projections.rows import AlertRow
from registry.api.graphql.context import Info
from registry.api.graphql.row_fields import RowFields

if TYPE_CHECKING:
    from registry.api.graphql.child import Child


_FIELDS = RowFields(AlertRow, ("child_id", "district", "kind", "since", "detail"))


@strawberry.type(
    description="no_plan_30_days, review_overdue, under3_residential or "
    "residential_over_12_months, with the date it applies from and the flagged child."
)
@_FIELDS
class Alert:
    flagged: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: AlertRow) -> Alert:
        return cls(flagged=row.child_id, **_FIELDS.values(row))

    @strawberry.field
    async def child(
        self, info: Info
    ) -> Annotated[Child, strawberry.lazy("registry.api.graphql.child")] | None:
        from registry.api.graphql.child import Child  # child.py imports this module

        row = await info.context.loaders.children.load(self.flagged)
        return Child.from_row(row) if row is not None else None
