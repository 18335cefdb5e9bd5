"""Cursor pagination of children (Relay-style connection, sealed cursors) and its filter."""

from __future__ import annotations

import strawberry

from projections.queries import encode_cursor
from projections.rows import ChildPage
from registry.api.graphql.child import Child
from registry.api.graphql.cursors import CursorSeal


@strawberry.input(
    description="Coded values as in DESIGN.md: status in_care, setting foster_family."
)
class ChildFilter:
    district: str | None = None
    status: str | None = None
    setting: str | None = None


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
    edges: list[ChildEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def from_page(cls, page: ChildPage, cursors: CursorSeal) -> ChildConnection:
        end = page.end_cursor
        return cls(
            edges=[
                ChildEdge(cursor=cursors.seal(encode_cursor(row)), node=Child.from_row(row))
                for row in page.rows
            ],
            page_info=PageInfo(
                has_next_page=page.has_next,
                end_cursor=cursors.seal(end) if end is not None else None,
            ),
            total_count=page.total_count,
        )
