"""Cursor pagination of children (Relay-style connection, sealed cursors) and its filter."""

from __future__ import annotations

import dataclasses
from datetime import date

import strawberry

from projections.queries import ChildCriteria
from projections.rows import ChildPage
from registry.api.cursors import CursorSeal
from registry.api.graphql.child import Child
from registry.api.graphql.errors import Forbidden


@strawberry.input(
    description="Coded values as in docs/design.md: status in_care, setting foster_family. "
    "query, birthDate, birthYear and personalId search named records: refused to "
    "evaluators, and each child a search returns is written to the access log under the "
    "search's keyed hash, never its text."
)
class ChildFilter:
    district: str | None = None
    status: str | None = None
    setting: str | None = None
    query: str | None = strawberry.field(
        default=None,
        description="Names in any script or spelling (Məmmədova, Мамедова, Mamedova): each "
        "word must start or sound like a word of the given, family or patronymic name. The "
        "best matches come first: words typed whole, then a word's start, then sound-alikes.",
    )
    birth_date: date | None = None
    birth_year: int | None = None
    personal_id: str | None = strawberry.field(
        default=None, description="The personal id exactly as recorded (spaces around ignored)."
    )

    def criteria(self) -> ChildCriteria:
        return ChildCriteria(**dataclasses.asdict(self))


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ChildEdge:
    cursor: str
    node: Child


@strawberry.type(description="A page of children; `after: endCursor` asks for the next one.")
class ChildConnection:
    total_count: int | None = strawberry.field(
        description="Children matching the filter. For evaluators the count of a table "
        "suppressed as a whole, as indicators are (null where suppressed); `edges` and "
        "`pageInfo` are refused to them."
    )
    page: strawberry.Private[tuple[list[ChildEdge], PageInfo] | None]

    @strawberry.field
    def edges(self) -> list[ChildEdge]:
        return self._page()[0]

    @strawberry.field
    def page_info(self) -> PageInfo:
        return self._page()[1]

    def _page(self) -> tuple[list[ChildEdge], PageInfo]:
        if self.page is None:
            raise Forbidden("the evaluator role sees counts only, never a child's row")
        return self.page

    @classmethod
    def from_page(cls, page: ChildPage, cursors: CursorSeal) -> ChildConnection:
        end = page.end_cursor
        edges = [
            ChildEdge(cursor=cursors.seal(cursor), node=Child.from_row(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        info = PageInfo(
            has_next_page=page.has_next,
            end_cursor=cursors.seal(end) if end is not None else None,
        )
        return cls(total_count=page.total_count, page=(edges, info))

    @classmethod
    def counts_only(cls, total_count: int | None) -> ChildConnection:
        return cls(total_count=total_count, page=None)
