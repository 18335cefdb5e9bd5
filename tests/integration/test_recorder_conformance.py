"""The library's own recorder test cases, run on the recorders the registry writes with.

The bulk recorders (`registry.importing.recorders`) change the library's write path
through its private hooks (`registry.importing.library_internals`): the import
ledger written in the events' transaction, and on PostgreSQL an insert of plain
arrays instead of a composite type. The cases `eventsourcing` runs on its own
SQLite and PostgreSQL recorders are what tells, after an upgrade, that the library
and those hooks still agree. Each recorder is taken from a `BatchedRegistry`, so it
is built exactly as an import builds it: the library's factory with the registry's
settings, the append-only triggers, and on PostgreSQL the bounded pool waits.

The library's cases are `unittest` classes; the backend comes from the mixins of
`tests.support.backends` through an autouse fixture. The library's bases are reached
through their module and ours are deleted at the end, so pytest collects neither.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

import eventsourcing.cryptography
import pytest
from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder, StoredEvent

from registry.database import persistence_env
from registry.importing.batch import BatchedRegistry
from registry.importing.recorders import PostgresBulkRecorder, SQLiteBulkRecorder
from tests.support.backends import OnPostgres, OnSQLite

if importlib.util.find_spec("Crypto") is None:
    # The library's test module imports its pycryptodome cipher (the `crypto` extra) for a
    # factory case not run here. The registry installs `cryptography`, whose cipher the
    # library ships with the same interface: it stands in for that one import only.
    sys.modules["eventsourcing.cipher"] = eventsourcing.cryptography
    from eventsourcing.tests import persistence

    del sys.modules["eventsourcing.cipher"]
else:
    from eventsourcing.tests import persistence

SUBSCRIBER_DEADLINE_SECONDS = 20
THREAD_DEADLINE_SECONDS = 10


class RegistryRecorder:
    """The bulk recorder of a `BatchedRegistry`, on the backend of the mixin beside it."""

    store_url: str
    applications: list[BatchedRegistry]

    @pytest.fixture(autouse=True)
    def _registry_store(self, database_url: str) -> Iterator[None]:
        """The applications are closed after the threads the test started have ended: the
        library's concurrency case tells its readers to stop but does not wait for them,
        and its pools close connections still in use, which crashes a SQLite reader."""
        self.store_url = database_url
        self.applications = []
        threads_before = set(threading.enumerate())
        yield
        for thread in set(threading.enumerate()) - threads_before:
            if not thread.daemon:
                thread.join(THREAD_DEADLINE_SECONDS)
        for application in self.applications:
            application.close()

    def registry_recorder(self) -> ApplicationRecorder:
        """Checked to be a bulk recorder: any other would leave these cases testing the
        library's own."""
        application = BatchedRegistry(persistence_env(self.store_url))
        self.applications.append(application)
        recorder = application.recorder
        assert isinstance(recorder, SQLiteBulkRecorder | PostgresBulkRecorder)
        return recorder


class AsAggregateRecorder(AggregateRecorder):
    """An application recorder seen as an aggregate recorder.

    The library's aggregate case asserts that `insert_events` answers None, which
    only an aggregate recorder does: an application recorder answers the
    notification ids (the application case checks them). Hiding that answer lets
    the rest of the aggregate case (atomic batches, a duplicate inside one batch,
    version ranges) run on the registry's recorder: the application case has none of it.
    """

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        self.recorder.insert_events(stored_events, **kwargs)

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        return self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)


class AggregateCase(RegistryRecorder, persistence.AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return AsAggregateRecorder(self.registry_recorder())


class ApplicationCase(RegistryRecorder, persistence.ApplicationRecorderTestCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self.registry_recorder()


class NonInterleavingCase(RegistryRecorder, persistence.NonInterleavingNotificationIDsBaseCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self.registry_recorder()


class TestSQLiteAggregateRecorder(OnSQLite, AggregateCase):
    pass


class TestSQLiteApplicationRecorder(OnSQLite, ApplicationCase):
    pass


class TestSQLiteNonInterleaving(OnSQLite, NonInterleavingCase):
    pass


class TestPostgresAggregateRecorder(OnPostgres, AggregateCase):
    pass


class TestPostgresApplicationRecorder(OnPostgres, ApplicationCase):
    def test_insert_subscribe(self) -> None:
        """The library runs its optional subscription case on its PostgreSQL recorder: it
        shows the bulk insert still sends the NOTIFY that subscribers wait for. Without it
        a subscriber waits for ever, so the case runs on a thread given a deadline."""
        failures: list[BaseException] = []

        def subscribe() -> None:
            try:
                self.optional_test_insert_subscribe()
            except BaseException as failure:
                failures.append(failure)

        subscriber = threading.Thread(target=subscribe, daemon=True)
        subscriber.start()
        subscriber.join(SUBSCRIBER_DEADLINE_SECONDS)
        if subscriber.is_alive():
            self.fail(f"no notification within {SUBSCRIBER_DEADLINE_SECONDS} s: no NOTIFY sent?")
        if failures:
            raise failures[0]


class TestPostgresNonInterleaving(OnPostgres, NonInterleavingCase):
    pass


del AggregateCase, ApplicationCase, NonInterleavingCase
