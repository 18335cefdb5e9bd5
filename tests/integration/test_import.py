"""Batched writes and the importer on real stores: a refused decision leaks nothing
into the batch, a child's rows land together or not at all, the ledger travels
with the events, and a batch that conflicts is written again child by child."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from projections.duplicate_screen import ReadModelScreen
from projections.read_side import open_read_side
from registry.application import RegistryApplication
from registry.database import open_database, persistence_env
from registry.domain import errors
from registry.domain.personal_id import claim_id
from registry.domain.values import ProviderKind, Setting
from registry.importing.batch import BatchedRegistry
from registry.importing.decisions import child_id_for
from registry.importing.importer import Importer
from registry.importing.recorders import (
    PostgresBulkRecorder,
    SQLiteBulkRecorder,
    imported_row_keys,
)
from registry.importing.rows import ImportRow
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, move, open_provider, register_child, transfer

REGISTRATION = {
    "effective_date": "2024-01-10",
    "given_name": "Ana",
    "family_name": "Petrova",
    "birth_date": "2016-04-02",
    "sex": "female",
    "district": "north",
    "parental_status": "orphan",
}


def _row(line: int, key: str, child: str, decision: str, **fields: Any) -> ImportRow:
    return ImportRow(line, key, child, decision, fields=fields)


def _admission(line: int, key: str, child: str, provider: UUID) -> ImportRow:
    return _row(
        line,
        key,
        child,
        "admission",
        effective_date="2024-02-01",
        manner="court_ordered",
        reasons=["neglect"],
        setting="foster_family",
        provider_id=str(provider),
    )


class DirectWrites:
    @pytest.fixture
    def direct(self, database_url: str, today: date) -> Iterator[RegistryApplication]:
        app = RegistryApplication(persistence_env(database_url), today=lambda: today)
        yield app
        app.close()


class BatchedWritesCase(DirectWrites):
    @pytest.fixture
    def batched(self, database_url: str, today: date) -> Iterator[BatchedRegistry]:
        app = BatchedRegistry(persistence_env(database_url), today=lambda: today)
        yield app
        app.close()

    def test_writes_go_through_the_bulk_recorder(self, batched: BatchedRegistry) -> None:
        assert isinstance(batched.recorder, SQLiteBulkRecorder | PostgresBulkRecorder)

    def test_a_flush_writes_in_decision_order_and_returns_the_positions(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        children = [register_child(batched).id for _ in range(3)]

        recordings = batched.flush()

        written = [
            (r.notification.id, r.notification.originator_id, r.notification.originator_version)
            for r in recordings
            if r.notification is not None
        ]
        stored = direct.recorder.select_notifications(start=None, limit=10)
        assert written == [(n.id, n.originator_id, n.originator_version) for n in stored]
        assert [n.originator_id for n in stored] == children

    def test_a_refused_move_leaks_nothing_into_the_batch(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        first = open_provider(direct, capacity=1)
        full = open_provider(direct, capacity=1)
        admit(direct, register_child(direct).id, full)
        child = register_child(batched).id
        admit(batched, child, first)

        with pytest.raises(errors.ProviderFull):
            move(batched, child, date(2024, 3, 1), setting=Setting.FOSTER_FAMILY, provider_id=full)
        batched.flush()

        assert direct.get_provider(first).occupied == 1
        assert direct.get_child(child).state.open_placement is not None
        assert direct.get_child(child).version == 3

    def test_capacity_counts_places_taken_earlier_in_the_batch(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        provider = open_provider(direct, kind=ProviderKind.FOSTER_FAMILY, capacity=1)
        admit(batched, register_child(batched).id, provider)

        with pytest.raises(errors.ProviderFull):
            admit(batched, register_child(batched).id, provider)

    def test_a_stale_batch_writes_nothing(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        child = register_child(direct).id
        transfer(batched, child, date(2024, 2, 1), to_district="south")
        transfer(direct, child, date(2024, 2, 2), to_district="east")

        with pytest.raises(IntegrityError):
            batched.flush()

        assert direct.get_child(child).state.district == "east"

    def test_a_write_behind_that_fails_is_raised_by_the_next_call(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        provider = open_provider(direct, capacity=3)
        child = register_child(direct).id
        transfer(batched, child, date(2024, 2, 1), to_district="south")
        admit(batched, register_child(batched).id, provider)
        transfer(direct, child, date(2024, 2, 2), to_district="east")

        batched.flush_behind()
        with pytest.raises(IntegrityError):
            batched.wait_for_writes()

        assert direct.get_provider(provider).occupied == 0
        admit(batched, register_child(batched).id, provider)
        batched.flush()
        assert direct.get_provider(provider).occupied == 1

    def test_streams_looked_up_in_advance_keep_personal_ids_unique(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        register_child(direct, personal_id="P-1")
        key = batched.personal_id_key
        batched.look_up_streams([claim_id("P-1", key), claim_id("P-2", key)])

        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-1")
        register_child(batched, personal_id="P-2")
        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-2")

    def test_a_look_up_behind_the_writes_keeps_personal_ids_unique(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        register_child(direct, personal_id="P-1")
        key = batched.personal_id_key
        register_child(batched, personal_id="P-3")
        batched.flush_behind()
        batched.look_up_streams_behind([claim_id("P-1", key), claim_id("P-2", key)])
        batched.wait_for_writes()

        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-1")
        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-3")
        register_child(batched, personal_id="P-2")
        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-2")

    def test_an_id_claimed_while_its_look_up_runs_behind_is_never_taken_for_absent(
        self, batched: BatchedRegistry
    ) -> None:
        batched.look_up_streams_behind([claim_id("P-4", batched.personal_id_key)])
        register_child(batched, personal_id="P-4")
        batched.wait_for_writes()
        batched.flush()

        with pytest.raises(errors.PersonalIdTaken):
            register_child(batched, personal_id="P-4")

    def test_a_child_group_is_atomic_and_the_ledger_travels_with_it(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        provider = open_provider(direct, capacity=1)
        rows = [
            _row(2, "k1", "good", "registration", **REGISTRATION),
            _admission(3, "k2", "good", provider),
            _row(4, "k3", "refused", "registration", **REGISTRATION),
            _admission(5, "k4", "refused", provider),
        ]

        result = Importer(batched, recorded_by="import").run(rows)

        assert result.imported == 2
        assert [(r.row.line, r.code) for r in result.rejections] == [
            (4, "group_refused"),
            (5, "provider_full"),
        ]
        assert imported_row_keys(batched.recorder) == {"k1", "k2"}
        assert direct.get_child(child_id_for("good")).version == 3
        with pytest.raises(errors.NotFound):
            direct.get_child(child_id_for("refused"))

    def test_a_conflicting_batch_is_written_again_child_by_child(
        self, batched: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        taken = register_child(direct, child_id=child_id_for("taken")).id
        rows = [
            _row(2, "k1", "fresh", "registration", **REGISTRATION),
            _row(3, "k2", "taken", "transfer", effective_date="2024-02-01", to_district="west"),
        ]
        importer = ConcurrentWriteBeforeFirstFlush(
            batched,
            lambda: transfer(direct, taken, date(2024, 2, 2), to_district="east"),
        )

        result = importer.run(rows)

        assert importer.interrupted
        assert (result.imported, result.rejections) == (2, [])
        assert direct.get_child(taken).state.district == "west"
        assert direct.get_child(child_id_for("fresh")).version == 1


class ScreenedImportCase(DirectWrites):
    """An import checks each registration for possible duplicates, as `registry import`
    wires it: against the read models and against the rows registered before it."""

    @pytest.fixture
    def screened(self, database_url: str, today: date) -> Iterator[BatchedRegistry]:
        app = BatchedRegistry(
            persistence_env(database_url),
            today=lambda: today,
            duplicates=ReadModelScreen(open_database(database_url)),
        )
        yield app
        app.close()

    def test_two_rows_registering_one_child_keep_the_first(self, screened: BatchedRegistry) -> None:
        again = {**REGISTRATION, "family_name": "Петрова", "given_name": "Анна"}
        rows = [
            _row(2, "k1", "first", "registration", **REGISTRATION),
            _row(3, "k2", "again", "registration", **again),
            _row(4, "k3", "kept", "registration", **again, duplicate_override_reason="twin"),
        ]
        result = Importer(screened, recorded_by="import").run(rows)
        assert [(r.row.line, r.code) for r in result.rejections] == [(3, "possible_duplicate")]
        assert imported_row_keys(screened.recorder) == {"k1", "k3"}

    def test_a_refused_group_leaves_no_identity_behind(
        self, screened: BatchedRegistry, direct: RegistryApplication
    ) -> None:
        provider = open_provider(direct, capacity=0)
        rows = [
            _row(2, "k1", "refused", "registration", **REGISTRATION),
            _admission(3, "k2", "refused", provider),
            _row(4, "k3", "later", "registration", **REGISTRATION),
        ]
        result = Importer(screened, recorded_by="import").run(rows)
        assert [(r.row.line, r.code) for r in result.rejections] == [
            (2, "group_refused"),
            (3, "provider_full"),
        ]
        assert imported_row_keys(screened.recorder) == {"k3"}

    def test_a_child_the_read_models_hold_is_a_possible_duplicate(
        self, screened: BatchedRegistry, direct: RegistryApplication, database_url: str
    ) -> None:
        register_child(direct)
        read_side = open_read_side(direct, database_url)
        try:
            read_side.catch_up()
        finally:
            read_side.stop()
        rows = [_row(2, "k1", "known", "registration", **REGISTRATION)]
        result = Importer(screened, recorded_by="import").run(rows)
        assert [(r.row.line, r.code) for r in result.rejections] == [(2, "possible_duplicate")]


class TestScreenedImportOnSQLite(ScreenedImportCase, OnSQLite):
    pass


class TestScreenedImportOnPostgres(ScreenedImportCase, OnPostgres):
    pass


class ConcurrentWriteBeforeFirstFlush(Importer):
    """Another writer changes a staged child just before the batch is written."""

    def __init__(self, app: BatchedRegistry, concurrent_write: Callable[[], object]) -> None:
        super().__init__(app, recorded_by="import")
        self.concurrent_write = concurrent_write
        self.interrupted = False

    def _write_batch(self) -> None:
        if self._batch and not self.interrupted:
            self.interrupted = True
            self.concurrent_write()
        super()._write_batch()


class TestBatchedWritesOnSQLite(BatchedWritesCase, OnSQLite):
    pass


class TestBatchedWritesOnPostgres(BatchedWritesCase, OnPostgres):
    pass
