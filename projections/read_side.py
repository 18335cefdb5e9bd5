"""The read side of one process: projections kept up to date, and the queries.

Embedded (SQLite) deployments follow the store in-process with a polling thread;
PostgreSQL deployments follow with LISTEN/NOTIFY, in `registry worker` processes
or in the API process. On PostgreSQL each projection is applied by one process at
a time: the follower holds a session-level advisory lock per projection, and a
process that cannot take a lock stands by and takes over when the holder goes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from projections.applier import BATCH_SIZE, Applier, create_tables
from projections.child_history import ChildHistoryProjection
from projections.child_links import ChildLinksProjection
from projections.child_names import ChildNamesProjection
from projections.child_status import ChildStatusProjection
from projections.episodes import EpisodesProjection
from projections.plan_events import PlanEventsProjection
from projections.projection import Projection
from projections.provider_occupancy import ProviderOccupancyProjection
from projections.queries import ReadQueries
from projections.schema import TRACKING_TABLE
from registry.application import RegistryApplication
from registry.database import Database, Session, notification_channel, open_database
from registry.outages import Backoff

logger = logging.getLogger(__name__)

POLL_INTERVAL = 0.1
RETRY_INTERVAL = 1.0
LONGEST_RETRY_PAUSE = 8.0
"""Short: once the database is back, the read models catch up within seconds."""
LOCK_PREFIX = "projection:"


def all_projections() -> tuple[Projection, ...]:
    return (
        ChildStatusProjection(),
        ChildHistoryProjection(),
        EpisodesProjection(),
        PlanEventsProjection(),
        ProviderOccupancyProjection(),
        ChildNamesProjection(),
        ChildLinksProjection(),
    )


class ReadSide:
    def __init__(
        self,
        application: RegistryApplication,
        database: Database,
        *,
        projections: Sequence[Projection] | None = None,
        batch_size: int = BATCH_SIZE,
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self.application = application
        self.database = database
        self.projections = tuple(projections or all_projections())
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.queries = ReadQueries(database)
        self._session: Session | None = None
        self._held: set[str] = set()
        self._next_lock_attempt = 0.0
        self._apply_lock = threading.Lock()
        self._progress = threading.Condition()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        with self._apply_lock:
            create_tables(self._current_session(), self.projections)

    # -- applying ----------------------------------------------------------------

    @property
    def applying(self) -> frozenset[str]:
        """The projections this process applies now (on PostgreSQL: whose lock it holds)."""
        return frozenset(self._held)

    def catch_up(self) -> int:
        """Apply everything pending now (of the projections this process may apply)."""
        with self._apply_lock:
            applier = self._applier()
            while applier.apply_batch():
                with self._progress:
                    self._progress.notify_all()
        return self.position()

    def _current_session(self) -> Session:
        if self._session is None:
            self._session = self.database.session()
            self._held.clear()
            self._next_lock_attempt = 0.0
        return self._session

    def _applier(self) -> Applier:
        """An applier for the projections whose lock this process holds; a standby
        asks for the missing locks at most once per `RETRY_INTERVAL`."""
        session = self._current_session()
        now = time.monotonic()
        if len(self._held) < len(self.projections) and now >= self._next_lock_attempt:
            self._next_lock_attempt = now + RETRY_INTERVAL
            for projection in self.projections:
                if projection.name not in self._held and session.try_lock(
                    LOCK_PREFIX + projection.name
                ):
                    self._held.add(projection.name)
        return Applier(
            self.application,
            session,
            [p for p in self.projections if p.name in self._held],
            backend=self.database.backend,
            batch_size=self.batch_size,
        )

    def _drop_session(self) -> None:
        with self._apply_lock:
            if self._session is not None:
                try:
                    self._session.close()
                finally:
                    self._session = None
                    self._held.clear()

    # -- following -----------------------------------------------------------------

    def start_following(self) -> None:
        """Follow the store in a daemon thread until `stop()`."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._follow, name="read-side", daemon=True)
        self._thread.start()

    def _follow(self) -> None:
        """Apply new events until stopped; no failure ends the thread. A failed round
        (the database restarting, a row that fails its signature) is logged and tried
        again after a pause that doubles up to LONGEST_RETRY_PAUSE."""
        backoff = Backoff(RETRY_INTERVAL, LONGEST_RETRY_PAUSE)
        while not self._stopping.is_set():
            try:
                self.catch_up()
            except Exception as error:
                pause = backoff.failed()
                # The error's text may quote row values (names): log its kind only.
                logger.error(
                    "applying events to the read models failed (%s); retrying in %.0f s",
                    type(error).__name__,
                    pause,
                )
                self._drop_session()
                self._stopping.wait(pause)
                continue
            backoff.succeeded()
            self.database.wait_for_notification(self.poll_interval, self._wake)
            self._wake.clear()

    def stop(self) -> None:
        """Stop following, release the projections' locks and close the connections."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._drop_session()
        self.database.close()

    # -- positions -----------------------------------------------------------------

    def position(self) -> int:
        """The lowest tracking position over the projections."""
        names = [projection.name for projection in self.projections]
        placeholders = ", ".join(["%s"] * len(names))
        with self.database.reading() as connection:
            row = connection.execute(
                self.database.render(
                    f"SELECT MIN(position) FROM {TRACKING_TABLE} WHERE name IN ({placeholders})"
                ),
                names,
            ).fetchone()
        return int(row[0] or 0)

    def lag(self) -> int:
        return (self.application.recorder.max_notification_id() or 0) - self.position()

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Block until every projection has applied `position` (read-your-writes)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if self._thread is None:
                self.catch_up()
                if self.position() >= position:
                    return True
            self._wake.set()
            with self._progress:
                self._progress.wait(min(remaining, self.poll_interval / 2))


def open_read_side(
    application: RegistryApplication, database_url: str, *, batch_size: int = BATCH_SIZE
) -> ReadSide:
    """The read side beside the store at `database_url` (tables created when missing)."""
    channel = notification_channel(application.recorder)
    return ReadSide(application, open_database(database_url, channel), batch_size=batch_size)
