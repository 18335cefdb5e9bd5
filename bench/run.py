"""One benchmark run: the PostgreSQL data set and its measurements, then the
embedded SQLite variants, each step isolated so one failure does not hide the rest."""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

import psycopg

from bench import (
    catch_up,
    decisions,
    duplicates,
    generation,
    graphql_reads,
    http_decisions,
    library_runner,
    machine,
    pages,
    wrk,
)
from bench.changes import record_change
from bench.config import GRAPHQL_CONNECTIONS, HTTP_CONNECTIONS, BenchConfig
from bench.database import bench_database, checkpoint
from bench.figures import Failure, Figure, at_most
from bench.processes import Server
from bench.report import Results
from bench.servers import add_user, plain_server, registry_server
from bench.subjects import Subjects, choose_subjects
from bench.timing import LatencyRun
from registry.settings import Settings

T = TypeVar("T")
SUBJECTS = 5_000
API_MEMORY_MB = 300.0


def memory_figure(api_mb: float, plain_mb: float) -> Figure:
    return Figure(
        key="api_memory",
        title="API server peak memory (VmHWM) after all HTTP runs",
        value=api_mb,
        unit="MB",
        baseline_title="plain FastAPI server, same reads",
        baseline=plain_mb,
        target=at_most(api_mb, API_MEMORY_MB, f"< {API_MEMORY_MB:g} MB"),
    )


class Run:
    def __init__(self, config: BenchConfig, command: str) -> None:
        self.config = config
        self.results = Results(
            command=command,
            started_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            scale=config.scale,
            machine=machine.describe(config.admin_url),
            load_before=machine.load_average(),
        )

    def step(self, name: str, measure: Callable[[], T]) -> T | None:
        """Run one measurement; a failure is recorded and the run goes on."""
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            checkpoint(self.config.admin_url)
        except psycopg.Error as error:
            self.results.failures.append(Failure(f"CHECKPOINT before {name}", str(error)))
        started = time.perf_counter()
        try:
            outcome = measure()
            print(
                f"[bench] {name}: {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            return outcome
        except Exception as error:
            summary = "".join(traceback.format_exception_only(error)).strip()
            self.results.failures.append(Failure(name, summary[-1500:]))
            traceback.print_exc()
            return None

    def add(self, figures: list[Figure] | None) -> None:
        self.results.figures.extend(figures or [])

    def postgres(self) -> None:
        config = self.config
        with bench_database(config.admin_url, keep=config.keep) as url:
            store = self.step(
                "generation (PostgreSQL)",
                lambda: generation.generate_store(url, config.children, config.seed),
            )
            if store is None:
                return
            self.results.data_sets["PostgreSQL"] = store.sizes()
            self.add(
                self.step("bulk baselines (PostgreSQL)", lambda: generation.postgres_figures(store))
            )
            caught_up = self.step(
                "catch-up (PostgreSQL)",
                lambda: catch_up.catch_up_figures(url, store.events, "postgres"),
            )
            if caught_up is None:
                return
            log, figures = caught_up
            self.add(figures)
            self.add(
                self.step(
                    "runner comparison (PostgreSQL)",
                    lambda: [library_runner.compare("postgres", config).figure],
                )
            )
            self.add(
                self.step(
                    "rebuild (PostgreSQL)",
                    lambda: catch_up.rebuild_figures(url, store.events, log),
                )
            )
            subjects = self.step("choosing subjects", lambda: choose_subjects(url, SUBJECTS))
            if subjects is None:
                return
            self.add(
                self.step(
                    "duplicate check and name search (PostgreSQL)",
                    lambda: duplicates.latency_figures(url, "postgres", subjects.child_ids),
                )
            )
            direct = self.step(
                "direct decisions (PostgreSQL)",
                lambda: decisions.figures(
                    url, "postgres", subjects.planned, config.direct_decisions, store.sample
                ),
            )
            if direct is not None:
                self.add(direct[1])
                self.step(
                    "HTTP and GraphQL (PostgreSQL)", lambda: self.http(url, subjects, direct[0])
                )

    def http(self, url: str, subjects: Subjects, direct: LatencyRun) -> None:
        """Decisions and reads against a real `registry serve`, then the servers' memory."""
        config = self.config
        if not wrk.available():
            raise RuntimeError("wrk is not installed: HTTP figures need it")
        writer = add_user(url, "supervisor")
        reader = add_user(url, "monitor")
        page_setup = self.step(
            "the pages' district, children and officer", lambda: pages.prepare(url, SUBJECTS)
        )
        today = Settings(database_url=url).today()
        with (
            tempfile.TemporaryDirectory(prefix="registry-bench-logs-") as logs,
            registry_server(url, Path(logs)) as api,
        ):
            self.add(
                self.step(
                    "HTTP decisions",
                    lambda: http_decisions.figures(
                        api,
                        writer,
                        subjects.planned,
                        today,
                        direct,
                        HTTP_CONNECTIONS,
                        config.wrk_seconds,
                    ),
                )
            )
            with plain_server(url, Path(logs)) as plain:
                kinds = graphql_reads.read_kinds(subjects.child_ids, subjects.districts, today)
                self.add(
                    self.step(
                        "indicators, single request",
                        partial(
                            graphql_reads.single_request_figures,
                            api,
                            plain,
                            reader,
                            kinds[-1],
                            config.wrk_seconds,
                            partial(record_change, url, subjects.planned[0]),
                        ),
                    )
                )
                # Under 16 connections, and alone (the latency one caller sees) for
                # the reads that have a latency target.
                loads = [(kind, GRAPHQL_CONNECTIONS) for kind in kinds] + [
                    (kind, 1) for kind in kinds if kind.p99_target_ms is not None
                ]
                for kind, connections in loads:
                    self.add(
                        self.step(
                            f"{kind.title}, {graphql_reads.connections_text(connections)}",
                            partial(
                                graphql_reads.figures,
                                api,
                                plain,
                                reader,
                                kind,
                                connections,
                                config.wrk_seconds,
                            ),
                        )
                    )
                if page_setup is not None:
                    self.step("officers' pages", lambda: self.pages(api, page_setup, today))
                self.add([memory_figure(api.peak_rss_mb(), plain.peak_rss_mb())])

    def pages(self, api: Server, setup: pages.PageSetup, today: date) -> None:
        """The officers' pages beside GraphQL and REST, in one signed-in session, after
        the GraphQL reads and before the memory figure (which counts the pages' share).
        Reads come before the forms, whose decisions lengthen the histories read."""
        config = self.config
        with pages.signed_in(api, setup.officer) as browser:
            for kind in pages.page_kinds(setup.subjects):
                for connections in (GRAPHQL_CONNECTIONS, 1):
                    self.add(
                        self.step(
                            f"{kind.title}, {graphql_reads.connections_text(connections)}",
                            partial(
                                pages.figures,
                                api,
                                browser,
                                setup.officer.token,
                                kind,
                                connections,
                                config.wrk_seconds,
                            ),
                        )
                    )
            self.add(
                self.step(
                    "decision forms beside REST",
                    partial(pages.form_figures, api, browser, setup, today, config.form_rounds),
                )
            )

    def sqlite(self) -> None:
        config = self.config
        with tempfile.TemporaryDirectory(prefix="registry-bench-") as directory:
            path = Path(directory) / "registry.sqlite3"
            scratch = Path(directory) / "raw.sqlite3"
            url = f"sqlite:///{path}"
            store = self.step(
                "generation (SQLite)",
                lambda: generation.generate_store(url, config.sqlite_children, config.seed),
            )
            if store is None:
                return
            self.results.data_sets["SQLite"] = store.sizes()
            self.add(
                self.step(
                    "bulk baselines (SQLite)", lambda: generation.sqlite_figures(store, scratch)
                )
            )
            caught_up = self.step(
                "catch-up (SQLite)",
                lambda: catch_up.catch_up_figures(url, store.events, "sqlite"),
            )
            if caught_up is None:
                return
            self.add(caught_up[1])
            self.add(
                self.step(
                    "runner comparison (SQLite)",
                    lambda: [library_runner.compare("sqlite", config).figure],
                )
            )
            subjects = self.step(
                "choosing subjects (SQLite)", lambda: choose_subjects(url, SUBJECTS)
            )
            if subjects is None:
                return
            self.add(
                self.step(
                    "duplicate check and name search (SQLite)",
                    lambda: duplicates.latency_figures(url, "sqlite", subjects.child_ids),
                )
            )
            direct = self.step(
                "direct decisions (SQLite)",
                lambda: decisions.figures(
                    url, "sqlite", subjects.planned, config.direct_decisions, store.sample, scratch
                ),
            )
            if direct is not None:
                self.add(direct[1])


def run(config: BenchConfig, command: str) -> Results:
    started = time.perf_counter()
    benchmark = Run(config, command)
    benchmark.add(
        benchmark.step(
            "duplicate check quality", lambda: duplicates.quality_figures(config.seed, config.scale)
        )
    )
    benchmark.postgres()
    if config.sqlite:
        benchmark.sqlite()
    benchmark.results.load_after = machine.load_average()
    benchmark.results.seconds = time.perf_counter() - started
    return benchmark.results
