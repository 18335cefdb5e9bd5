"""Applying, restarting, dying and rebuilding: the tables always converge to the same rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from projections.applier import Applier
from projections.child_status import ChildStatusProjection
from projections.projection import Batch
from projections.read_side import ReadSide, all_projections, open_read_side
from projections.schema import READ_MODEL_TABLES, TRACKING_TABLE
from registry.application import RegistryApplication
from registry.database import Transaction, open_database
from tests.integration.projections.population import populate
from tests.integration.projections.support import (
    SMALL_BATCH,
    WithReadSide,
    log_position,
    rebuild_all,
    snapshot,
)
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import register_child, transfer


class Died(RuntimeError):
    """The follower's process went away in the middle of a batch."""


class DiesAfter(ChildStatusProjection):
    """child_status that dies after applying `events` events (mid-batch)."""

    def __init__(self, events: int) -> None:
        self.remaining = events

    def apply(self, event: Any, position: int, tx: Transaction, batch: Batch) -> None:
        if self.remaining == 0:
            raise Died
        self.remaining -= 1
        super().apply(event, position, tx, batch)


class ProjectionLifecycle(WithReadSide):
    def test_catching_up_reaches_the_end_of_the_log_once(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        population = populate(app, 16)
        assert read_side.lag() == log_position(app)
        assert read_side.catch_up() == log_position(app)
        assert read_side.lag() == 0
        before = snapshot(read_side)
        assert read_side.catch_up() == log_position(app)
        assert snapshot(read_side) == before
        histories = read_side.queries.histories(population.children)
        for child_id, rows in histories.items():
            versions = [row.version for row in rows]
            assert versions == list(range(1, app.get_child(child_id).version + 1))

    def test_restart_mid_stream_resumes_without_loss_or_duplicate(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str
    ) -> None:
        populate(app, 24)
        session = read_side.database.session()
        applier = Applier(
            app,
            session,
            all_projections(),
            backend=read_side.database.backend,
            batch_size=SMALL_BATCH,
        )
        for _ in range(5):
            assert applier.apply_batch() == SMALL_BATCH
        session.close()
        assert read_side.position() == 5 * SMALL_BATCH
        read_side.stop()
        reopened = open_read_side(app, database_url, batch_size=SMALL_BATCH)
        try:
            assert reopened.position() == 5 * SMALL_BATCH
            reopened.catch_up()
            resumed = snapshot(reopened)
            rebuild_all(app, reopened)
            assert snapshot(reopened) == resumed
        finally:
            reopened.stop()

    def test_a_follower_dying_mid_batch_leaves_the_last_batch_and_the_restart_converges(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str
    ) -> None:
        populate(app, 24)
        dying = ReadSide(
            app,
            open_database(database_url),
            projections=[DiesAfter(events=3 * SMALL_BATCH + 2), *all_projections()[1:]],
            batch_size=SMALL_BATCH,
        )
        with pytest.raises(Died):
            dying.catch_up()
        positions = dict(snapshot(dying)[TRACKING_TABLE])
        dying.stop()
        assert positions["child_status"] < log_position(app)
        read_side.catch_up()
        converged = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == converged

    def test_rebuild_from_zero_equals_the_incremental_result(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        providers = populate(app, 16).providers
        read_side.catch_up()
        populate(app, 16, providers)
        read_side.catch_up()
        incremental = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == incremental
        rebuild_all(app, read_side)
        assert snapshot(read_side) == incremental

    def test_rebuilt_tables_carry_every_declared_index_under_its_own_name(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        populate(app, 4)
        read_side.catch_up()
        declared = {
            table.name: {table.index_name(columns) for columns in table.indexes}
            for table in READ_MODEL_TABLES
        }
        assert _indexes(read_side) == declared
        rebuild_all(app, read_side)
        assert _indexes(read_side) == declared
        rebuild_all(app, read_side)
        assert _indexes(read_side) == declared

    def test_a_rebuild_while_following_keeps_serving_and_ends_current(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        populate(app, 16)
        read_side.start_following()
        assert read_side.wait_for(log_position(app))
        child = register_child(app, date(2024, 5, 1), family_name="Late").id
        rebuild_all(app, read_side)
        assert read_side.wait_for(log_position(app))
        assert read_side.queries.child(child) is not None
        following = snapshot(read_side)
        read_side.stop()
        assert following[TRACKING_TABLE] == [
            (projection.name, log_position(app))
            for projection in sorted(all_projections(), key=lambda p: p.name)
        ]

    def test_wait_for_reads_your_own_write(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        read_side.start_following()
        for day in range(1, 6):
            receipt = register_child(app, date(2024, 3, day), family_name=f"Own{day}")
            assert receipt.position is not None
            assert read_side.wait_for(receipt.position)
            row = read_side.queries.child(receipt.id)
            assert row is not None and row.family_name == f"Own{day}"
        transferred = transfer(app, receipt.id, date(2024, 4, 1), to_district="south")
        assert transferred.position is not None and read_side.wait_for(transferred.position)
        moved = read_side.queries.child(receipt.id)
        assert moved is not None and moved.district == "south" and moved.version == 2

    def test_wait_for_a_position_never_written_times_out(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        register_child(app)
        assert not read_side.wait_for(log_position(app) + 1, timeout=0.3)


def _indexes(read_side: ReadSide) -> dict[str, set[str]]:
    """The secondary indexes of each read-model table, as the database lists them."""
    if read_side.database.backend == "postgres":
        statement = (
            "SELECT tablename, indexname FROM pg_indexes "
            "WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'"
        )
    else:
        statement = (
            "SELECT tbl_name, name FROM sqlite_master "
            "WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'"
        )
    found: dict[str, set[str]] = {table.name: set() for table in READ_MODEL_TABLES}
    with read_side.database.reading() as connection:
        for table, index in connection.execute(statement).fetchall():
            if table in found:
                found[table].add(index)
    return found


class TestOnSQLite(ProjectionLifecycle, OnSQLite):
    pass


class TestOnPostgres(ProjectionLifecycle, OnPostgres):
    pass
