"""Fixtures and helpers shared by the read-side suites (written once, run per backend)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from projections.read_side import ReadSide, all_projections, open_read_side
from projections.rebuild import rebuild
from projections.schema import READ_MODEL_TABLES, TRACKING_TABLE
from registry.application import RegistryApplication

SMALL_BATCH = 7


class WithReadSide:
    """Gives `read_side` over the backend's `app` and `database_url` (small batches, so
    a few dozen children already span many batches)."""

    @pytest.fixture
    def read_side(self, app: RegistryApplication, database_url: str) -> Iterator[ReadSide]:
        side = open_read_side(app, database_url, batch_size=SMALL_BATCH)
        yield side
        side.stop()


def snapshot(read_side: ReadSide) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table, in key order, and the tracking positions."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    with read_side.queries.connection() as connection:
        for table in READ_MODEL_TABLES:
            order = ", ".join(table.primary_key)
            cursor = connection.execute(f"SELECT * FROM {table.name} ORDER BY {order}")
            contents[table.name] = [tuple(row) for row in cursor.fetchall()]
        cursor = connection.execute(f"SELECT name, position FROM {TRACKING_TABLE} ORDER BY name")
        contents[TRACKING_TABLE] = [tuple(row) for row in cursor.fetchall()]
    return contents


def rebuild_all(app: RegistryApplication, read_side: ReadSide) -> None:
    rebuild(app, read_side.database, all_projections(), batch_size=SMALL_BATCH * 3)


def log_position(app: RegistryApplication) -> int:
    return app.recorder.max_notification_id() or 0
