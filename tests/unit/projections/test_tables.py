"""A read-model table is declared by its row type: columns and kinds come from it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from uuid import UUID

import pytest

from projections.schema import READ_MODEL_TABLES, TRACKING
from registry.database import Dialect, Table


@dataclass(frozen=True)
class Sample:
    sample_id: UUID
    label: str | None
    taken_on: date
    recorded_at: datetime
    valid: bool | None
    count: int


@dataclass(frozen=True)
class Unmapped:
    sample_id: UUID
    weight: float


def test_columns_follow_the_fields_in_order_each_of_its_hints_kind() -> None:
    table = Table("samples", Sample, primary_key=("sample_id",), indexes=(("taken_on",),))
    assert table.columns == (
        ("sample_id", "text"),
        ("label", "text"),
        ("taken_on", "date"),
        ("recorded_at", "timestamp"),
        ("valid", "bool"),
        ("count", "int"),
    )
    assert Dialect("postgres").insert_rows(table, [], replace=False)[0] == (
        "INSERT INTO {samples} (sample_id, label, taken_on, recorded_at, valid, count) "
        "SELECT * FROM unnest(%b::text[], %b::text[], %b::date[], %b::timestamptz[], "
        "%b::boolean[], %b::bigint[])"
    )
    assert table.create_statements(Dialect("sqlite"))[0] == (
        "CREATE TABLE IF NOT EXISTS samples (sample_id TEXT, label TEXT, taken_on TEXT, "
        "recorded_at TEXT, valid INTEGER, count INTEGER, "
        "CONSTRAINT samples_pkey PRIMARY KEY (sample_id))"
    )


def test_a_field_of_no_column_kind_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match=r"Unmapped\.weight"):
        Table("unmapped", Unmapped, primary_key=("sample_id",)).create_statements(Dialect("sqlite"))


def test_every_key_and_index_names_a_column_of_its_row() -> None:
    for table in (*READ_MODEL_TABLES, TRACKING):
        columns = {field.name for field in fields(table.row)}
        named = {*table.primary_key, *(c for index in table.indexes for c in index)}
        assert named <= columns, table.name
        assert set(table.applier_lookups) <= set(table.indexes), table.name
