"""GraphQL fields taken from a read-side row type, instead of declared again.

A GraphQL type that shows a row names the row's fields it shows (`RowFields`); each
keeps the row field's name and type hint, so a field's type is written once, on the
row (`projections.rows`, `projections.time_travel`). Ids (UUIDs) show as `ID`; the
row's own id (`key`) as the field `id`.

Types whose fields are not the row's as they stand (a history entry's decoded JSON and
marks, a plan folded from its events, the current placement's renamed columns)
declare their fields themselves.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, get_type_hints
from uuid import UUID

import strawberry

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")


@dataclass(frozen=True)
class RowFields:
    row: type[DataclassInstance]
    names: tuple[str, ...]
    key: str | None = None
    """The row's own id, shown as `id` ahead of `names`."""

    def __call__(self, cls: type[T]) -> type[T]:
        """Declares the fields on `cls`, which is then decorated with `strawberry.type`:
        they come ahead of the fields `cls` declares itself, and the schema lists them
        in that order."""
        hints = get_type_hints(self.row)
        shown = {name: _graphql_type(hints[field]) for name, field in self._shown()}
        cls.__annotations__ = shown | inspect.get_annotations(cls)
        return cls

    def values(self, row: DataclassInstance) -> dict[str, Any]:
        """The fields' values of `row`, by field name, to build the GraphQL type with."""
        return {name: _graphql_value(getattr(row, field)) for name, field in self._shown()}

    def _shown(self) -> list[tuple[str, str]]:
        """Each GraphQL field with the row field it shows."""
        key = [] if self.key is None else [("id", self.key)]
        return key + [(name, name) for name in self.names]


def _graphql_type(hint: Any) -> Any:
    """Ids as GraphQL IDs (optional ones optional); any other type as the row has it."""
    if hint == UUID:
        return strawberry.ID
    if hint == UUID | None:
        return strawberry.ID | None
    return hint


def _graphql_value(value: Any) -> Any:
    return strawberry.ID(str(value)) if isinstance(value, UUID) else value
