"""Figure: one read model caught up from zero by the library's projection runner,
beside the registry's own runner on the same log.

The registry keeps its own runner rather than `eventsourcing.projection`
(docs/design.md, "Maintenance"); this figure is the measured part of why. A store is
generated for it (the demo generator, the run's seed, as many children on both
backends: `BenchConfig.runner_comparison_children`), and `child_status` alone is
caught up from zero on it by each runner in turn (`bench.projection_worker` modes
`child-status` and `library-child-status`), each time on a fresh copy of the store
and in a worker process of its own, `REPETITIONS` times. The library's runner stops
at its time bound (`library_projection.TIME_BOUND_SECONDS`) if it has not caught up
by then. Value and baseline are the medians; every run's rate is in the details.

`python -m bench.library_runner [--scale S] [--database-url URL] [--seed N]
[--no-sqlite]` measures this figure alone and prints its table.
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from bench import machine, report
from bench.catch_up import backend_name, run_worker
from bench.config import ADMIN_URL, DEFAULT_SEED, BenchConfig
from bench.database import bench_database, checkpoint
from bench.figures import Figure
from bench.generation import GeneratedStore, generate_store
from bench.library_projection import TIME_BOUND_SECONDS
from bench.projection_worker import CHILD_STATUS, LIBRARY_CHILD_STATUS
from registry.database import Backend

REPETITIONS = 3
BOUND_SECONDS = 120.0
"""One worker's limit; a worker that takes longer fails the figure."""

StoreCopy = Callable[[], AbstractContextManager[str]]
"""A fresh copy of the generated store, as a database URL, discarded afterwards."""


@contextmanager
def postgres_store(
    admin_url: str, children: int, seed: int
) -> Iterator[tuple[GeneratedStore, StoreCopy]]:
    with bench_database(admin_url, keep=False) as source:
        store = generate_store(source, children, seed)

        @contextmanager
        def copy() -> Iterator[str]:
            """A copy made by CREATE DATABASE ... TEMPLATE, written out by a CHECKPOINT
            so the catch-up does not share the disk with the copy's pages."""
            with bench_database(admin_url, keep=False, copy_of=source) as url:
                checkpoint(admin_url)
                yield url

        yield store, copy


@contextmanager
def sqlite_store(children: int, seed: int) -> Iterator[tuple[GeneratedStore, StoreCopy]]:
    with tempfile.TemporaryDirectory(prefix="registry-bench-runners-") as directory:
        source = Path(directory) / "source.sqlite3"
        store = generate_store(f"sqlite:///{source}", children, seed)

        @contextmanager
        def copy() -> Iterator[str]:
            """A copy made by SQLite's backup API, in a directory of its own."""
            with tempfile.TemporaryDirectory(dir=directory) as own:
                path = Path(own) / "registry.sqlite3"
                with (
                    closing(sqlite3.connect(source)) as origin,
                    closing(sqlite3.connect(path)) as target,
                ):
                    origin.backup(target)
                yield f"sqlite:///{path}"

        yield store, copy


@dataclass(frozen=True)
class CatchUp:
    """One runner's catch-up from zero: the last position it applied, and in how long."""

    position: int
    seconds: float

    @property
    def rate(self) -> float:
        """Events of the log per second: positions are the notification ids, which run
        from 1 without gaps in a generated store."""
        return self.position / self.seconds


def catch_ups(copy: StoreCopy) -> dict[str, list[CatchUp]]:
    """Each mode's catch-ups, the modes taking turns so that a drift of the machine over
    the figure's minutes falls on both alike."""
    runs: dict[str, list[CatchUp]] = {CHILD_STATUS: [], LIBRARY_CHILD_STATUS: []}
    for _ in range(REPETITIONS):
        for mode, done in runs.items():
            with copy() as url:
                run = run_worker(url, mode, BOUND_SECONDS)
            if run.position is None:
                raise RuntimeError(f"{mode} did not end within {BOUND_SECONDS:.0f} s")
            done.append(CatchUp(run.position, run.seconds))
    return runs


def runs_text(runs: Sequence[CatchUp], events: int) -> str:
    """Each run's rate, the spread ((max - min) / median) and how far each run got."""
    rates = [run.rate for run in runs]
    spread = (max(rates) - min(rates)) / median(rates)
    return (
        f"{' / '.join(f'{rate:,.0f}' for rate in rates)} (spread {spread:.0%}), "
        f"to position {' / '.join(f'{run.position:,}' for run in runs)} of {events:,}"
    )


@dataclass(frozen=True)
class Comparison:
    store: GeneratedStore
    figure: Figure


def compare(backend: Backend, config: BenchConfig) -> Comparison:
    children = config.runner_comparison_children
    made = (
        postgres_store(config.admin_url, children, config.seed)
        if backend == "postgres"
        else sqlite_store(children, config.seed)
    )
    with made as (store, copy):
        runs = catch_ups(copy)
    library, registry = runs[LIBRARY_CHILD_STATUS], runs[CHILD_STATUS]
    figure = Figure(
        key=f"library_runner_{backend}",
        title="child_status alone from zero by eventsourcing's ProjectionRunner, "
        + backend_name(backend),
        value=median(run.rate for run in library),
        unit="events/s",
        baseline_title="the registry's runner, child_status alone, same log",
        baseline=median(run.rate for run in registry),
        details={
            "children": store.children,
            "events": store.events,
            "repetitions": REPETITIONS,
            "library_time_bound_s": TIME_BOUND_SECONDS,
            "library_runs_events_per_s": runs_text(library, store.events),
            "registry_runs_events_per_s": runs_text(registry, store.events),
        },
    )
    return Comparison(store, figure)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m bench.library_runner",
        description="The library's projection runner beside the registry's, alone.",
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default=ADMIN_URL)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-sqlite", action="store_true")
    parsed = parser.parse_args(arguments)
    config = BenchConfig(
        scale=parsed.scale,
        admin_url=parsed.database_url,
        seed=parsed.seed,
        sqlite=not parsed.no_sqlite,
    )
    started = time.perf_counter()
    results = report.Results(
        command=shlex.join(["python", "-m", "bench.library_runner", *arguments]),
        started_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        scale=config.scale,
        machine=machine.describe(config.admin_url),
        load_before=machine.load_average(),
    )
    backends: list[Backend] = ["postgres", "sqlite"] if config.sqlite else ["postgres"]
    for backend in backends:
        comparison = compare(backend, config)
        results.figures.append(comparison.figure)
        results.data_sets[backend_name(backend)] = comparison.store.sizes()
    results.load_after = machine.load_average()
    results.seconds = time.perf_counter() - started
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
