"""Figure 2: projection catch-up from zero and full rebuild beside reading the log alone.

Both run in a worker process with a time bound, so a projection that slows down
as its tables grow cannot hold the whole run: a rebuild stopped at its bound is
reported with the events it applied in that time, marked incomplete.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass

from bench import raw_store
from bench.figures import Figure, Target
from bench.processes import peak_rss_mb, python_module
from bench.projection_worker import CATCH_UP, REBUILD
from projections.schema import REBUILD_SUFFIX
from registry.application import open_application
from registry.database import open_database
from registry.settings import Settings

REBUILD_TARGET_EVENTS_PER_SECOND = 20_000
REBUILD_BOUND_FACTOR = 4
CATCH_UP_BOUND_FACTOR = 12
MINIMUM_BOUND_SECONDS = 120.0


def bound_seconds(events: int, factor: int) -> float:
    """`factor` times as long as the target rate would take, and never under two minutes."""
    return max(MINIMUM_BOUND_SECONDS, factor * events / REBUILD_TARGET_EVENTS_PER_SECOND)


@dataclass(frozen=True)
class WorkerRun:
    seconds: float
    peak_rss_mb: float
    completed: bool
    position: int | None = None
    """The last position the worker applied, as it reports it (None: stopped at the bound)."""


def run_worker(database_url: str, mode: str, bound: float) -> WorkerRun:
    """Run the worker; past `bound` seconds it is stopped (and reported incomplete)."""
    process = subprocess.Popen(
        python_module("bench.projection_worker", database_url, mode),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=bound)
    except subprocess.TimeoutExpired:
        peak = peak_rss_mb(process.pid)
        process.kill()
        process.communicate()
        return WorkerRun(seconds=bound, peak_rss_mb=peak, completed=False)
    if process.returncode != 0:
        raise RuntimeError(f"projection worker ({mode}) failed: {stderr[-2000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    return WorkerRun(
        seconds=float(report["seconds"]),
        peak_rss_mb=float(report["peak_rss_mb"]),
        completed=True,
        position=int(report["position"]),
    )


def rebuild_position(database_url: str) -> int:
    """How far the (stopped) rebuild's committed batches got in the global order."""
    database = open_database(database_url)
    try:
        with database.reading() as connection:
            row = connection.execute(
                database.render(
                    "SELECT MIN(position) FROM {projection_tracking} WHERE name LIKE %s"
                ),
                (f"%{REBUILD_SUFFIX}",),
            ).fetchone()
    finally:
        database.close()
    return int(row[0] or 0) if row else 0


@dataclass(frozen=True)
class LogReads:
    """Events/s reading the notification log: rows only, and decoded into events."""

    raw: float
    decoded: float


def read_log(database_url: str) -> LogReads:
    application = open_application(Settings(database_url=database_url))
    try:
        raw = raw_store.read_log(application.recorder, decode=None)
        decoded = raw_store.read_log(
            application.recorder, decode=application.mapper.to_domain_event
        )
    finally:
        application.close()
    return LogReads(raw=raw, decoded=decoded)


def backend_name(backend: str) -> str:
    return {"postgres": "PostgreSQL", "sqlite": "SQLite"}[backend]


def _beside_log(
    key: str,
    title: str,
    rate: float,
    log: LogReads,
    target: Target | None,
    details: dict[str, object],
) -> list[Figure]:
    return [
        Figure(
            key=f"{key}_vs_{baseline_key}",
            title=title,
            value=rate,
            unit="events/s",
            baseline_title=baseline_title,
            baseline=baseline,
            target=target,
            details=details,
        )
        for baseline_key, baseline_title, baseline in (
            ("log", "reading the notification log (no decoding)", log.raw),
            ("decoded", "reading and decoding the notification log", log.decoded),
        )
    ]


def _memory(key: str, title: str, run: WorkerRun) -> Figure:
    return Figure(key=key, title=title, value=run.peak_rss_mb, unit="MB")


def catch_up_figures(database_url: str, events: int, backend: str) -> tuple[LogReads, list[Figure]]:
    """Catch-up from zero in a worker process (it must complete: later steps read the
    read models), beside both log reads; returns the log reads for the rebuild."""
    log = read_log(database_url)
    run = run_worker(database_url, CATCH_UP, bound_seconds(events, CATCH_UP_BOUND_FACTOR))
    if not run.completed:
        raise RuntimeError(f"catch-up did not complete within {run.seconds:.0f} s")
    name = backend_name(backend)
    figures = _beside_log(
        f"catch_up_{backend}",
        f"Projection catch-up from zero, {name}",
        events / run.seconds,
        log,
        None,
        {"events": events, "seconds": run.seconds},
    )
    figures.append(
        _memory(
            f"worker_memory_{backend}", f"Projection worker peak memory (catch-up), {name}", run
        )
    )
    return log, figures


def rebuild_figures(database_url: str, events: int, log: LogReads) -> list[Figure]:
    """A full rebuild (every read model, one pass) in a worker process, time-bounded."""
    bound = bound_seconds(events, REBUILD_BOUND_FACTOR)
    run = run_worker(database_url, REBUILD, bound)
    applied = events if run.completed else rebuild_position(database_url)
    rate = applied / run.seconds
    target_text = f">= {REBUILD_TARGET_EVENTS_PER_SECOND:,} events/s"
    if not run.completed:
        target_text += " (incomplete: stopped at its time bound)"
    target = Target(target_text, run.completed and rate >= REBUILD_TARGET_EVENTS_PER_SECOND)
    figures = _beside_log(
        "rebuild_postgres",
        "Projection full rebuild (all read models, one pass), PostgreSQL",
        rate,
        log,
        target,
        {
            "events_applied": applied,
            "events_in_store": events,
            "seconds": run.seconds,
            "completed": run.completed,
            "time_bound_s": bound,
        },
    )
    figures.append(
        _memory(
            "worker_memory_rebuild_postgres",
            "Projection worker peak memory (rebuild), PostgreSQL",
            run,
        )
    )
    return figures
