"""The rows of the read-model tables and the read side's answers: frozen, typed, the
same on every backend.

A table's row type is its one declaration: its fields are the columns, in order,
and their type hints the column kinds (`projections.schema` declares each table by
its row type, `registry.database.Table` derives the DDL and inserts). The GraphQL
types that show a row take their fields from it (`registry.api.graphql.row_fields`).

SQLite hands back ISO text for dates and integers for booleans; PostgreSQL hands
back `date` and `bool`. `from_record` turns either into the same row, so callers
never see which backend answered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Self
from uuid import UUID

from registry.database import Key, field_types


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _as_uuid(value: Any) -> UUID | None:
    return None if value is None else UUID(str(value))


def _as_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    date: _as_date,
    datetime: _as_datetime,
    UUID: _as_uuid,
    bool: _as_bool,
}


class Row:
    """Base of the rows: builds itself from a backend's record by field name."""

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Self:
        values: dict[str, Any] = {}
        for name, converter in _converters(cls).items():
            value = record[name]
            values[name] = converter(value) if converter else value
        return cls(**values)


_CONVERTERS_BY_ROW: dict[type, dict[str, Callable[[Any], Any] | None]] = {}


def _converters(cls: type[Any]) -> dict[str, Callable[[Any], Any] | None]:
    """Per field, the converter of its (optional) type, or None when no conversion is needed."""
    if cls in _CONVERTERS_BY_ROW:
        return _CONVERTERS_BY_ROW[cls]
    converters = {name: _CONVERTERS.get(base) for name, base in field_types(cls)}
    _CONVERTERS_BY_ROW[cls] = converters
    return converters


@dataclass(frozen=True)
class ChildRow(Row):
    child_id: UUID
    given_name: str
    family_name: str
    patronymic: str | None
    birth_date: date
    sex: str
    district: str
    disability: bool
    parental_status: str
    free_for_adoption: bool
    status: str
    episode_id: UUID | None
    entered_care_on: date | None
    placement_id: UUID | None
    setting: str | None
    provider_id: UUID | None
    placement_since: date | None
    carer: str | None
    plan_id: UUID | None
    plan_adopted_on: date | None
    last_reviewed_on: date | None
    next_review_due: date | None
    exited_on: date | None
    exit_reason: str | None
    version: int
    position: int

    def days_in_care(self, today: date) -> int | None:
        """Days of the current (or last) episode, counted on a half-open range."""
        if self.entered_care_on is None:
            return None
        end = self.exited_on if self.status == "exited" and self.exited_on else today
        return (end - self.entered_care_on).days


@dataclass(frozen=True)
class HistoryRow(Row):
    child_id: UUID
    version: int
    type: str
    effective_date: date
    recorded_at: datetime
    recorded_by: str
    decision_ref: str | None
    summary: str
    payload: str
    corrected_by: int | None
    voided_by: int | None
    changes: str | None
    """A correction's changes as JSON (`[{field, before, after}]`); None on other rows."""

    @property
    def corrected(self) -> bool:
        return self.corrected_by is not None

    @property
    def voided(self) -> bool:
        return self.voided_by is not None


@dataclass(frozen=True)
class EpisodeRow(Row):
    """A spell of care; the indicators read these in SQL, never row by row."""

    episode_id: UUID
    child_id: UUID
    entry_number: int
    start_date: date
    end_date: date | None
    exit_reason: str | None
    adoption_kind: str | None
    manner: str


@dataclass(frozen=True)
class PlacementRow(Row):
    placement_id: UUID
    child_id: UUID
    episode_id: UUID
    setting: str
    provider_id: UUID | None
    start_date: date
    end_date: date | None
    end_reason: str | None
    is_move: bool


@dataclass(frozen=True)
class PlanEventRow(Row):
    child_id: UUID
    version: int
    plan_id: UUID
    kind: str
    effective_date: date
    next_review_due: date | None


@dataclass(frozen=True)
class ProviderRow(Row):
    provider_id: UUID
    name: str
    kind: str
    district: str
    status: str
    capacity: int
    occupied: int
    version: int


@dataclass(frozen=True)
class NameWordRow(Row):
    """One word of a child's given, family or patronymic name, as search compares it
    (`registry.domain.names.name_words`)."""

    child_id: UUID
    position: int
    """The word's place among the child's name words: given, then family, then patronymic."""
    part: str
    """given, family or patronymic."""
    folded: Key
    sounds: Key
    """The word's phonetic key."""


@dataclass(frozen=True)
class IdentityRow(Row):
    """What else identifies a child beside the names and birth date of child_status:
    the personal id as recorded, and the father's name and gender a patronymic states
    (`registry.domain.names.patronymic_key`); and where the name stands in each
    language's order of lists."""

    child_id: UUID
    personal_id: Key | None
    father: Key | None
    patronymic_gender: str | None
    order_az: bytes
    """The name's place in Azerbaijani order (`registry.domain.collation.sort_key`)."""
    order_ru: bytes
    order_en: bytes


@dataclass(frozen=True)
class BlockRow(Row):
    """One of a child's blocking keys (`projections.child_names.blocks`), with the birth
    date: the duplicate check looks a registration's keys up in a range of birth dates."""

    child_id: UUID
    block: Key
    birth_date: date


@dataclass(frozen=True)
class LinkRow(Row):
    """A record linked to another as its duplicate (`RecordsLinked`, the duplicate's
    side): the survivor stands for the child in lists, histories and indicators."""

    child_id: UUID
    survivor_id: UUID


@dataclass(frozen=True)
class DistinctPairRow(Row):
    """Two alike records found to be two children (`NotDuplicates`, at `version` of
    the stream of `child_id`): never suggested as duplicates again."""

    child_id: UUID
    version: int
    other_id: UUID


@dataclass(frozen=True)
class TrackingRow(Row):
    """A projection's (or a projection being rebuilt's) position in the log."""

    name: str
    position: int


@dataclass(frozen=True)
class AlertRow:
    child_id: UUID
    district: str
    kind: str
    since: date
    detail: str


@dataclass(frozen=True)
class ChildPage:
    rows: list[ChildRow]
    cursors: list[str]
    """Each row's cursor: `after` it asks for the rows that follow."""
    has_next: bool
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None
