"""Applying the store's global order to projections, a batch per transaction.

Each batch reads the projections' tracking positions inside its own write
transaction (locked: `BEGIN IMMEDIATE` on SQLite, `FOR UPDATE` on PostgreSQL),
pulls the next notifications after the lowest of them, applies every event to
every projection that has not seen it, and moves the positions, all in one
commit. Two appliers on the same projections therefore serialise on the tracking
rows and can never apply an event twice, and a restart resumes after the last
committed batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.projection import Batch, Projection
from projections.schema import READ_MODEL_TABLES, TRACKING, TRACKING_TABLE
from registry.application import RegistryApplication
from registry.database import Backend, Dialect, Session, Table, Transaction

BATCH_SIZE = 2_000
"""A follower's largest batch. Each batch costs a few statements whatever its size,
so a follower far behind catches up faster with large ones; near the head of the
log batches are small anyway. On SQLite a batch holds the write lock that
commands wait for, which bounds it."""


def create_tables(session: Session, projections: Sequence[Projection], suffix: str = "") -> None:
    """The read-model tables (of one generation) and a tracking row per projection."""
    with session.transaction() as tx:
        tx.lock("registry_read_models")
        for statement in TRACKING.create_statements(tx.dialect):
            tx.execute(statement)
        tables = list(READ_MODEL_TABLES) if not suffix else _tables_of(projections)
        for table in tables:
            for statement in table.create_statements(tx.dialect, suffix):
                tx.execute(statement)
        for projection in projections:
            tx.execute(
                f"INSERT INTO {TRACKING_TABLE} (name, position) VALUES (%s, 0) "
                "ON CONFLICT (name) DO NOTHING",
                (projection.name + suffix,),
            )


def _tables_of(projections: Sequence[Projection]) -> list[Table]:
    return [table for projection in projections for table in projection.tables]


class Applier:
    """Applies batches of the global order to `projections` on one session.

    `suffix` selects the generation of tables written (live, or `__rebuild`); the
    tracking rows are named after the projection plus the suffix. `backend` is the
    session's.
    """

    def __init__(
        self,
        application: RegistryApplication,
        session: Session,
        projections: Sequence[Projection],
        *,
        backend: Backend,
        suffix: str = "",
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.application = application
        self.session = session
        self.projections = list(projections)
        self.dialect = Dialect(backend)
        self.suffix = suffix
        self.batch_size = batch_size
        self._full_batches = 0

    def apply_batch(self) -> int:
        """Apply the next batch; the number of notifications consumed (0: caught up)."""
        if not self.projections:
            return 0
        with self.session.transaction(self.suffix) as tx:
            consumed = self.apply_batch_in(tx)
        if consumed == self.batch_size:
            self._after_full_batch()
        return consumed

    def _after_full_batch(self) -> None:
        """Far behind the log, the tables looked up by child grow from empty to
        millions of rows within one catch-up. Their statistics are refreshed after
        the 1st, 2nd, 4th, 8th... full batch, so they are never off by more than half
        (whether or not autovacuum runs) and a look-up of a batch's children keeps
        using their index instead of scanning the whole table; about twenty
        ANALYZEs over a million events."""
        self._full_batches += 1
        if self._full_batches & (self._full_batches - 1) == 0:
            self.session.refresh_statistics(
                [
                    table.name + self.suffix
                    for projection in self.projections
                    for table in projection.tables
                    if table.applier_lookups
                ]
            )

    def apply_batch_in(self, tx: Transaction) -> int:
        names = [projection.name + self.suffix for projection in self.projections]
        placeholders = ", ".join(["%s"] * len(names))
        positions: dict[str, int] = dict(
            tx.execute(
                f"SELECT name, position FROM {TRACKING_TABLE} "
                f"WHERE name IN ({placeholders}) ORDER BY name{self.dialect.for_update}",
                names,
            )
        )
        seen = {p.name: int(positions[p.name + self.suffix]) for p in self.projections}
        notifications = self.application.recorder.select_notifications(
            min(seen.values()), self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        events = [
            (
                notification.id,
                notification.topic,
                self.application.mapper.to_domain_event(notification),
            )
            for notification in notifications
            if any(
                notification.topic in p.topics and seen[p.name] < notification.id
                for p in self.projections
            )
        ]
        # Projection by projection: their tables are disjoint, and runs of the same
        # statement then reach the database together.
        batch = Batch(self.application)
        for projection in self.projections:
            unseen = [
                (position, event)
                for position, topic, event in events
                if topic in projection.topics and seen[projection.name] < position
            ]
            projection.begin([event for _, event in unseen], tx, batch)
            for position, event in unseen:
                projection.apply(event, position, tx, batch)
            projection.finish(tx, batch)
        last = notifications[-1].id
        tx.execute(
            f"UPDATE {TRACKING_TABLE} SET position = %s "
            f"WHERE name IN ({placeholders}) AND position < %s",
            (last, *names, last),
        )
        return len(notifications)

    def catch_up(self) -> int:
        """Apply batches until none is left; the number of notifications consumed."""
        total = 0
        while consumed := self.apply_batch():
            total += consumed
        return total
