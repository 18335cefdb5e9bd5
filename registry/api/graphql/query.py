"""The root Query type: field names, types and descriptions; resolvers live apart."""

from __future__ import annotations

import strawberry

from registry.api.graphql import resolvers
from registry.api.graphql.access import AccessLogEntry
from registry.api.graphql.alert import Alert
from registry.api.graphql.child import Child
from registry.api.graphql.connection import ChildConnection
from registry.api.graphql.district import District
from registry.api.graphql.duplicate_candidate import DuplicateCandidate
from registry.api.graphql.indicators import IndicatorReport, indicators
from registry.api.graphql.provider import Provider
from registry.api.graphql.snapshot import ChildSnapshot


@strawberry.type
class Query:
    child: Child | None = strawberry.field(
        resolver=resolvers.child, description="One child's record; the read is logged."
    )
    children: ChildConnection = strawberry.field(
        resolver=resolvers.children,
        description="Children the caller may see, ordered by family name; at most 100 a page.",
    )
    child_as_of: ChildSnapshot | None = strawberry.field(
        resolver=resolvers.as_of,
        description="The child as in effect on a date: decisions folded by effective date, "
        "corrections applied, voided decisions left out. The read is logged.",
    )
    child_as_recorded: ChildSnapshot | None = strawberry.field(
        resolver=resolvers.as_recorded,
        description="The child as the registry had recorded them at a moment (UTC when no "
        "offset is given). The read is logged.",
    )
    providers: list[Provider] = strawberry.field(
        resolver=resolvers.providers, description="Care providers with their occupancy."
    )
    alerts: list[Alert] = strawberry.field(
        resolver=resolvers.alerts,
        description="Monitoring flags as of today, in the caller's districts; they name "
        "children, so evaluators are refused.",
    )
    indicators: IndicatorReport = strawberry.field(
        resolver=indicators,
        description="Indicators of docs/design.md section 6 for a period; small cells suppressed "
        "for evaluators.",
    )
    districts: list[District] = strawberry.field(
        resolver=resolvers.districts,
        description="The reference list of districts, by region then code; empty while "
        "none is loaded.",
    )
    duplicate_candidates: list[DuplicateCandidate] = strawberry.field(
        resolver=resolvers.duplicate_candidates,
        description="Supervisors' review queue: pairs of records with one in the district "
        "that may be one child, most alike first; at most 100. Each named record is a "
        "logged read.",
    )
    access_log: list[AccessLogEntry] = strawberry.field(
        resolver=resolvers.access_log,
        description="Who read this child's record, what and when: monitors and supervisors.",
    )
