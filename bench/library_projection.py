"""child_status kept by the library's own projection machinery, for the runner comparison.

`eventsourcing.projection.ProjectionRunner` hands a `Projection` one event at a time,
and the projection's view (a `TrackingRecorder`) writes its rows and the event's
tracking position in one transaction of its own. The view here makes that
transaction run the registry's own `ChildStatusProjection` code on the one event,
into a `child_status` table declared exactly as the live one, so that the library's
runner and the registry's differ only in how they feed the work and commit it.

Only public names of the library are used. Its own example views
(`examples/ftsprojection` in its repository) record tracking with the recorder's
private `_insert_tracking` on the transaction's cursor; the views here run the
recorder's public `insert_tracking_statement` on that cursor instead, the same write.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any

from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    ListenNotifySubscription,
    Subscription,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteTrackingRecorder
from eventsourcing.utils import get_topic

from projections.child_status import ChildStatusProjection
from projections.projection import Batch
from projections.schema import CHILD_STATUS
from registry.application import RegistryApplication
from registry.database import Dialect, StoreDatabase, Transaction, backend_of
from registry.settings import Settings

PROJECTION_NAME = "child_status_library"
"""The library names the view's environment and its PostgreSQL tracking table after it."""

CHILD_STATUS_PROJECTION = ChildStatusProjection()
"""The registry's projection (its state lives in each `Batch`), applied by the view."""

TOPICS = tuple(sorted(CHILD_STATUS_PROJECTION.topics))
"""The same topics the registry's projection decodes; the library filters them in SQL."""

TIME_BOUND_SECONDS = 10.0
"""How long the library's runner is given. Committing once per event, it applies a few
hundred events a second on PostgreSQL, and it catches up three times per backend in a
figure that must take under two minutes: its rate is then that of the events it
applied from zero in that time."""


class ChildStatusView(TrackingRecorder, ABC):
    """`child_status` as a library view: one event applied by `ChildStatusProjection`'s
    `begin`, `apply` and `finish` (one SELECT of the child's row, one upsert) and its
    tracking row written, in one transaction per event."""

    insert_tracking_statement: Any
    """The recorder's upsert of the tracking row, set by its `__init__`."""

    last_commit: tuple[int, float] = (0, 0.0)
    """The position of the last event committed and `time.perf_counter()` then."""

    @abstractmethod
    def committing(self) -> AbstractContextManager[tuple[Transaction, Any]]:
        """A transaction on the view's own connection, committed when the block ends:
        the registry's `Transaction` on it, and the library's cursor."""

    def create_view_table(self) -> None:
        with self.committing() as (tx, _):
            for statement in CHILD_STATUS.create_statements(tx.dialect):
                tx.execute(statement)

    def record(self, event: Any, tracking: Tracking, application: RegistryApplication) -> None:
        batch = Batch(application)
        with self.committing() as (tx, cursor):
            CHILD_STATUS_PROJECTION.begin([event], tx, batch)
            CHILD_STATUS_PROJECTION.apply(event, tracking.notification_id, tx, batch)
            CHILD_STATUS_PROJECTION.finish(tx, batch)
            cursor.execute(
                self.insert_tracking_statement,
                {
                    "application_name": tracking.application_name,
                    "notification_id": tracking.notification_id,
                },
            )
            if cursor.fetchone() is None:
                raise IntegrityError(f"tracking did not move to {tracking.notification_id}")
        self.last_commit = (tracking.notification_id, time.perf_counter())


class PostgresChildStatusView(ChildStatusView, PostgresTrackingRecorder):
    @contextmanager
    def committing(self) -> Iterator[tuple[Transaction, Any]]:
        with self.datastore.transaction(commit=True) as cursor:
            yield Transaction(cursor.connection, Dialect("postgres")), cursor

    def create_table(self) -> None:
        super().create_table()
        self.create_view_table()


class SQLiteChildStatusView(ChildStatusView, SQLiteTrackingRecorder):
    @contextmanager
    def committing(self) -> Iterator[tuple[Transaction, Any]]:
        with self.datastore.transaction(commit=True) as cursor:
            yield Transaction(cursor.sqlite_cursor.connection, Dialect("sqlite")), cursor

    def create_table(self) -> None:
        super().create_table()
        self.create_view_table()


class SubscribingSQLiteRecorder(SQLiteApplicationRecorder):
    """SQLite's application recorder with a subscription: in eventsourcing 9.5 its
    `subscribe` raises NotImplementedError, so `ProjectionRunner` cannot start on it.
    This one answers the pull subscription the library's PostgreSQL and in-memory
    recorders use (`ListenNotifySubscription`: pages of 500, filtered by topic). Nothing
    announces new events to it, so it only catches up, which is all the bench asks."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return ListenNotifySubscription(self, gt=gt, topics=topics)


class RunnerApplication(RegistryApplication):
    """The registry's application as `ProjectionRunner` constructs it, from its
    environment alone; the signing key comes from the settings, as the bench's own,
    and the name (which prefixes the environment and the tracking) is the registry's."""

    name = RegistryApplication.name

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env, personal_id_key=Settings().personal_id_key)


def child_status_projection(
    application: RegistryApplication,
) -> type[Projection[ChildStatusView]]:
    """The projection class the runner constructs (from its view alone). A correction
    rewrites the child from its history, read through `application`: hence a class
    made for one application."""

    class LibraryChildStatus(Projection[ChildStatusView]):
        name = PROJECTION_NAME
        topics = TOPICS

        def process_event(self, domain_event: Any, tracking: Tracking) -> None:
            self.view.record(domain_event, tracking, application)

    return LibraryChildStatus


def last_position(application: RegistryApplication) -> int:
    """The notification id of the last event of `TOPICS`: the library tracks only the
    events it is given, so the catch-up is over when its tracking reaches this one."""
    store = StoreDatabase(application.recorder)
    placeholders = ", ".join(["%s"] * len(TOPICS))
    rows = store.rows(
        f"SELECT MAX({store.dialect.notification_id}) FROM {store.events_table} "
        f"WHERE topic IN ({placeholders})",
        TOPICS,
    )
    return int(rows[0][0] or 0)


def catch_up(application: RegistryApplication, database_url: str) -> dict[str, Any]:
    """`child_status` from zero by `ProjectionRunner` until it has applied the last
    event or `TIME_BOUND_SECONDS` have passed, timed from constructing the runner (its
    application, its view and table) to the commit of the last event it applied."""
    env = Settings(database_url=database_url).persistence_env.copy()
    view_class: type[ChildStatusView] = PostgresChildStatusView
    if backend_of(database_url) == "sqlite":
        env["APPLICATION_RECORDER_TOPIC"] = get_topic(SubscribingSQLiteRecorder)
        view_class = SQLiteChildStatusView
    target = last_position(application)
    started = time.perf_counter()
    with ProjectionRunner(
        application_class=RunnerApplication,
        projection_class=child_status_projection(application),
        view_class=view_class,
        env=env,
    ) as runner:
        with suppress(TimeoutError):
            runner.wait(target, timeout=TIME_BOUND_SECONDS - (time.perf_counter() - started))
        position, committed_at = runner.view.last_commit
    if position == target:
        # Past the last event of its topics the log holds none the view takes: it is
        # up to date with all of it, as the registry's runner is at the log's end.
        position = application.recorder.max_notification_id() or position
    return {"seconds": committed_at - started, "position": position}
