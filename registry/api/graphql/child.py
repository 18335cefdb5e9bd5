"""A child's record as GraphQL shows it (child_status, with related data on demand).

Names, birth date and history are personal: an evaluator asking for them gets a
FORBIDDEN error on that field. History reads are written to the access log.
"""

from __future__ import annotations

from datetime import date

import strawberry

from projections.rows import ChildRow
from registry.api.graphql.alert import Alert
from registry.api.graphql.context import Info
from registry.api.graphql.history import HistoryEntry
from registry.api.graphql.placement import CurrentPlacement
from registry.api.graphql.plan import Plan
from registry.api.graphql.row_fields import RowFields

_FIELDS = RowFields(
    ChildRow,
    (
        "sex",
        "district",
        "disability",
        "parental_status",
        "free_for_adoption",
        "status",
        "entered_care_on",
        "next_review_due",
        "exited_on",
        "exit_reason",
        "version",
    ),
    key="child_id",
)
"""The row's fields anyone who may see the child sees; the personal ones below are
resolved, and refused to evaluators."""


async def _linked_to(root: Child, info: Info) -> strawberry.ID | None:
    links = await info.context.loaders.links.load(root.row.child_id)
    return None if links.linked_to is None else strawberry.ID(str(links.linked_to))


async def _linked_records(root: Child, info: Info) -> list[strawberry.ID]:
    links = await info.context.loaders.links.load(root.row.child_id)
    return [strawberry.ID(str(child_id)) for child_id in links.linked_records]


@strawberry.type(
    description="A child as the read models hold them now. daysInCare counts the current "
    "(or last) episode; history lists every decision in recorded order, with those of the "
    "duplicate records linked to this one (recordId says whose), and each read of it "
    "is logged. Names, birth date and history are null (FORBIDDEN) for evaluators."
)
@_FIELDS
class Child:
    row: strawberry.Private[ChildRow]
    current_placement: CurrentPlacement | None

    @classmethod
    def from_row(cls, row: ChildRow) -> Child:
        return cls(row=row, current_placement=CurrentPlacement.from_row(row), **_FIELDS.values(row))

    @strawberry.field
    def given_name(self, info: Info) -> str | None:
        info.context.require_personal_data("names")
        return self.row.given_name

    @strawberry.field
    def family_name(self, info: Info) -> str | None:
        info.context.require_personal_data("names")
        return self.row.family_name

    @strawberry.field
    def patronymic(self, info: Info) -> str | None:
        info.context.require_personal_data("names")
        return self.row.patronymic

    @strawberry.field
    def birth_date(self, info: Info) -> date | None:
        info.context.require_personal_data("birth dates")
        return self.row.birth_date

    @strawberry.field
    def days_in_care(self, info: Info) -> int | None:
        return self.row.days_in_care(info.context.settings.today())

    @strawberry.field
    async def plans(self, info: Info) -> list[Plan]:
        return Plan.from_rows(await info.context.loaders.plans.load(self.row.child_id))

    @strawberry.field
    async def alerts(self, info: Info) -> list[Alert]:
        rows = await info.context.loaders.alerts.load((self.row.child_id, self.row.district))
        return [Alert.from_row(row) for row in rows]

    linked_to: strawberry.ID | None = strawberry.field(
        resolver=_linked_to,
        description="The surviving record this one was linked to as a duplicate "
        "(RecordsLinked): decisions are made there, and its history shows this one's.",
    )
    linked_records: list[strawberry.ID] = strawberry.field(
        resolver=_linked_records, description="The duplicate records linked to this one."
    )

    @strawberry.field
    async def history(self, info: Info) -> list[HistoryEntry] | None:
        info.context.require_child(self.row.district)
        rows = await info.context.loaders.histories.load(self.row.child_id)
        return [HistoryEntry.from_row(row) for row in rows]
