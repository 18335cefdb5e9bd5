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
from projections.database import Database, Session, Transaction
from projections.projection import Projection
from projections.schema import REBUILD_SUFFIX
from registry.application import RegistryApplication

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
        create_tables(session, database.backend, projections, REBUILD_SUFFIX)
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
        if database.backend == "postgres":
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
                "DELETE FROM {projection_tracking} WHERE name = %s",
                (projection.name + REBUILD_SUFFIX,),
            )


def _index_fresh_tables(session: Session, projections: Sequence[Projection]) -> None:
    """PostgreSQL: index and analyse the fresh tables while the live ones still
    serve, so the swap's transaction (which readers wait for) only renames them.
    SQLite cannot rename an index: it indexes the tables in the swap."""
    with session.transaction() as tx:
        for projection in projections:
            for table in projection.tables:
                for statement in table.index_statements(REBUILD_SUFFIX):
                    tx.execute(statement)
    session.refresh_statistics(
        [table.name + REBUILD_SUFFIX for projection in projections for table in projection.tables]
    )


def _swap(tx: Transaction, projections: Sequence[Projection]) -> None:
    names = sorted(name for p in projections for name in (p.name, p.name + REBUILD_SUFFIX))
    lock = " FOR UPDATE" if tx.backend == "postgres" else ""
    placeholders = ", ".join(["%s"] * len(names))
    tx.rows(
        f"SELECT name FROM {{projection_tracking}} WHERE name IN ({placeholders}) "
        f"ORDER BY name{lock}",
        names,
    )
    for projection in projections:
        live, fresh = projection.name, projection.name + REBUILD_SUFFIX
        for table in projection.tables:
            tx.execute(f"DROP TABLE {table.name}")
            tx.execute(f"ALTER TABLE {table.name}{REBUILD_SUFFIX} RENAME TO {table.name}")
            if tx.backend == "postgres":
                tx.execute(
                    f"ALTER TABLE {table.name} RENAME CONSTRAINT "
                    f"{table.name}{REBUILD_SUFFIX}_pkey TO {table.name}_pkey"
                )
            for columns in table.indexes:
                fresh_index = table.index_name(columns, REBUILD_SUFFIX)
                if tx.backend == "postgres":
                    tx.execute(f"ALTER INDEX {fresh_index} RENAME TO {table.index_name(columns)}")
                else:
                    tx.execute(f"DROP INDEX IF EXISTS {fresh_index}")
            if tx.backend == "sqlite":
                for statement in table.index_statements():
                    tx.execute(statement)
                # Fresh tables have no planner statistics yet; without them the
                # indicator queries pick nested loops over misestimated row counts.
                tx.execute(f"ANALYZE {table.name}")
        tx.execute(
            "UPDATE {projection_tracking} SET position = "
            "(SELECT position FROM {projection_tracking} WHERE name = %s) WHERE name = %s",
            (fresh, live),
        )
        tx.execute("DELETE FROM {projection_tracking} WHERE name = %s", (fresh,))
