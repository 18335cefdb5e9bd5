"""Rebuilding projections from zero without taking it away from readers.

The projections are applied from the first event into fresh tables
(`<table>__rebuild`) under its own tracking row, while the live tables keep
serving and the live follower keeps applying. When the fresh tables have caught
up, one transaction applies the last events, drops the live tables, renames the
fresh ones into their place and hands their position to the live tracking row:
readers see the old tables or the new ones, never an empty one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.applier import Applier, create_tables
from projections.projection import Projection
from projections.schema import REBUILD_SUFFIX, TRACKING_TABLE
from registry.application import RegistryApplication
from registry.database import Database, Session, Transaction

LOCK_PREFIX = "rebuild:"
REBUILD_BATCH_SIZE = 5_000
"""Larger than a follower's batch: nobody waits on a rebuild's commits, and each batch
costs a few statements whatever its size, so fewer batches make a faster pass."""


class RebuildInProgress(RuntimeError):
    """Another process is rebuilding this projection."""


@dataclass(frozen=True)
class RebuildReport:
    projections: tuple[str, ...]
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float(self.events)


def rebuild(
    application: RegistryApplication,
    database: Database,
    projections: Sequence[Projection],
    *,
    batch_size: int = REBUILD_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> RebuildReport:
    """Rebuild `projections` from zero in one pass over the log and swap them in
    together; `progress` gets the number of events of each batch."""
    started = time.perf_counter()
    session = database.session()
    try:
        for projection in projections:
            if not session.try_lock(LOCK_PREFIX + projection.name):
                raise RebuildInProgress(f"{projection.name} is being rebuilt by another process")
        _drop_fresh_tables(session, projections)
        create_tables(session, projections, REBUILD_SUFFIX)
        applier = Applier(
            application,
            session,
            projections,
            backend=database.backend,
            suffix=REBUILD_SUFFIX,
            batch_size=batch_size,
        )
        events = 0
        while consumed := applier.apply_batch():
            events += consumed
            if progress is not None:
                progress(consumed)
        _index_fresh_tables(session, projections)
        with session.transaction(REBUILD_SUFFIX) as tx:
            while consumed := applier.apply_batch_in(tx):
                events += consumed
            _swap(tx, projections)
    finally:
        session.close()
    return RebuildReport(
        tuple(projection.name for projection in projections),
        events,
        time.perf_counter() - started,
    )


def _drop_fresh_tables(session: Session, projections: Sequence[Projection]) -> None:
    """Leftovers of an interrupted rebuild are discarded: the rebuild starts from zero."""
    with session.transaction() as tx:
        for projection in projections:
            for table in projection.tables:
                tx.execute(f"DROP TABLE IF EXISTS {table.name}{REBUILD_SUFFIX}")
            tx.execute(
                f"DELETE FROM {TRACKING_TABLE} WHERE name = %s", (projection.name + REBUILD_SUFFIX,)
            )


def _index_fresh_tables(session: Session, projections: Sequence[Projection]) -> None:
    """Index and analyse the fresh tables while the live ones still serve, as far as
    the backend can rename indexes at the swap (`Table.indexes_ahead_of_swap`), so the
    swap's transaction, which readers wait for, does as little as it can."""
    with session.transaction() as tx:
        for projection in projections:
            for table in projection.tables:
                for statement in table.indexes_ahead_of_swap(tx.dialect, REBUILD_SUFFIX):
                    tx.execute(statement)
    session.refresh_statistics(
        [table.name + REBUILD_SUFFIX for projection in projections for table in projection.tables]
    )


def _swap(tx: Transaction, projections: Sequence[Projection]) -> None:
    names = sorted(name for p in projections for name in (p.name, p.name + REBUILD_SUFFIX))
    placeholders = ", ".join(["%s"] * len(names))
    tx.execute(
        f"SELECT name FROM {TRACKING_TABLE} WHERE name IN ({placeholders}) "
        f"ORDER BY name{tx.dialect.for_update}",
        names,
    )
    for projection in projections:
        live, fresh = projection.name, projection.name + REBUILD_SUFFIX
        for table in projection.tables:
            for statement in table.swap_statements(tx.dialect, REBUILD_SUFFIX):
                tx.execute(statement)
        tx.execute(
            f"UPDATE {TRACKING_TABLE} SET position = "
            f"(SELECT position FROM {TRACKING_TABLE} WHERE name = %s) WHERE name = %s",
            (fresh, live),
        )
        tx.execute(f"DELETE FROM {TRACKING_TABLE} WHERE name = %s", (fresh,))
