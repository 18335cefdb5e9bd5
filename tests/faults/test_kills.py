"""kill -9 of the real server (and, on PostgreSQL, of the worker) under load: no
acknowledged registration is lost, none is stored twice, and the read models end
equal to a rebuild from the log.

The API promises that a request retried with the same `Idempotency-Key` returns the
first answer, and that the answer is saved in the same write as the decision, so a
retry after a crash can never make a second decision (registry/api/commands.py,
registry/domain/answered_request.py). Tests in-process cannot break that promise
where it is most fragile: a process dying between the commit and the answer leaving
the socket, or mid-transaction. Here a load client posts registrations, each with a
key of its own, to `registry serve` running as a subprocess; the server is killed
with SIGKILL at random moments and started again; on every connection error or 5xx
the client retries the same key until it is acknowledged (201). Afterwards the store
is read directly: every acknowledged child exists, the number of ChildRegistered
events equals the number of keys, every retry of a key answered the same id.

The moments are drawn from a seeded generator; the seed is printed with the summary
and can be replayed with REGISTRY_FAULT_SEED.
"""

from __future__ import annotations

import os
import queue
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from projections.read_side import ReadSide, open_read_side
from registry.application import RegistryApplication, open_application
from registry.settings import Settings
from tests.integration.api.support import child_body
from tests.integration.projections.support import rebuild_all, snapshot
from tests.support.cluster import PostgresCluster, throwaway_cluster
from tests.support.processes import (
    STARTUP_SECONDS,
    ServerProcess,
    WorkerProcess,
    add_user,
    registry_environment,
    run_registry,
)

SECRET_KEY = "fault-suite-secret-key"
REGISTRATIONS = 400
CLIENT_THREADS = 4
SERVER_KILLS = 3
WORKER_KILLS = 1
KILL_WINDOW = (0.12, 0.8)
"""Kills happen once this share of the registrations is acknowledged: never before the
load is under way, never after it could have finished."""
LOAD_SECONDS = 150.0
"""Bounds the whole load, restarts included; a key not acknowledged by then fails."""
MAX_ATTEMPTS = 300
REQUEST_SECONDS = 15.0
REQUEST_TIMEOUT = httpx.Timeout(REQUEST_SECONDS, connect=3.0)
CATCH_UP_SECONDS = 60.0
CHILD_REGISTERED = "registry.child:ChildRegistered"
REQUEST_ANSWERED = "registry.answered_request:Answered"
PAGE = 500


@dataclass
class KeyOutcome:
    """Everything the client saw for one Idempotency-Key."""

    key: str
    body: dict[str, Any]
    ids: list[str] = field(default_factory=list)
    """The id of every 201 answer to this key (the load's and the check's)."""
    replays: list[bool] = field(default_factory=list)
    attempts: int = 0
    unanswered: int = 0
    """Attempts that got no answer: connection refused, cut, or timed out."""
    server_errors: list[int] = field(default_factory=list)
    """The status of every 5xx answer (retried as an unanswered attempt is)."""
    refusal: str | None = None
    """An answer no retry can change (a 4xx): the load stops for this key."""

    @property
    def acknowledged(self) -> bool:
        return bool(self.ids)


class Load:
    """`threads` clients posting one registration per key, each retried with the same
    key until answered 201, or until `MAX_ATTEMPTS` or the deadline."""

    def __init__(self, base_url: str, token: str, count: int, threads: int) -> None:
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        run = uuid.uuid4().hex[:8]
        self.outcomes = [
            KeyOutcome(
                key=f"kill-{run}-{index:04d}",
                body=child_body(decision_ref=f"KILL-{index}"),
            )
            for index in range(count)
        ]
        self._pending: queue.Queue[KeyOutcome] = queue.Queue()
        for outcome in self.outcomes:
            self._pending.put(outcome)
        self._threads = [
            threading.Thread(target=self._work, name=f"load-{n}", daemon=True)
            for n in range(threads)
        ]
        self._lock = threading.Lock()
        self._acknowledged = 0
        self.deadline = 0.0
        self.errors: list[str] = []

    @property
    def acknowledged(self) -> int:
        with self._lock:
            return self._acknowledged

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def start(self) -> None:
        self.deadline = time.monotonic() + LOAD_SECONDS
        for thread in self._threads:
            thread.start()

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=max(0.0, self.deadline - time.monotonic()) + REQUEST_SECONDS)
        assert not self.running, "the load client did not finish in time"

    def _work(self) -> None:
        try:
            with httpx.Client(base_url=self.base_url, timeout=REQUEST_TIMEOUT) as client:
                while True:
                    try:
                        outcome = self._pending.get_nowait()
                    except queue.Empty:
                        return
                    self._register(client, outcome)
        except Exception as error:  # reported by the test, never swallowed
            self.errors.append(f"{type(error).__name__}: {error}")

    def _register(self, client: httpx.Client, outcome: KeyOutcome) -> None:
        while outcome.attempts < MAX_ATTEMPTS and time.monotonic() < self.deadline:
            outcome.attempts += 1
            answer = post(client, outcome, self.headers)
            if answer is None or answer.status_code >= 500:
                if answer is None:
                    outcome.unanswered += 1
                else:
                    outcome.server_errors.append(answer.status_code)
                # The server is down or restarting: back off a little, same key.
                failures = outcome.unanswered + len(outcome.server_errors)
                time.sleep(min(0.02 * failures, 0.3))
                continue
            if answer.status_code == 201:
                record(outcome, answer)
                with self._lock:
                    self._acknowledged += 1
                return
            outcome.refusal = f"{answer.status_code} {answer.text[:300]}"
            return


def post(
    client: httpx.Client, outcome: KeyOutcome, headers: dict[str, str]
) -> httpx.Response | None:
    """One attempt; None when no answer came (connection refused, cut, timed out)."""
    try:
        return client.post(
            "/api/v1/children",
            json=outcome.body,
            headers={**headers, "Idempotency-Key": outcome.key},
        )
    except httpx.TransportError:
        return None


def record(outcome: KeyOutcome, answer: httpx.Response) -> None:
    outcome.ids.append(str(answer.json()["id"]))
    outcome.replays.append(answer.headers.get("Idempotent-Replayed") == "true")


@dataclass
class Figures:
    backend: str
    seed: int
    acknowledged: int = 0
    stored: int = 0
    answers_stored: int = 0
    duplicates: int = 0
    lost: int = 0
    server_kills: int = 0
    worker_kills: int = 0
    replayed_after_crash: int = 0
    """Keys whose first 201 was a replay: the write committed, the answer was cut off."""
    unanswered: int = 0
    server_errors: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"kill -9 on {self.backend}: acknowledged {self.acknowledged}, "
            f"stored {self.stored}, duplicates {self.duplicates}, lost {self.lost}, "
            f"kills {self.server_kills} server + {self.worker_kills} worker, "
            f"answers stored {self.answers_stored}, "
            f"replayed after a crash {self.replayed_after_crash}, "
            f"unanswered attempts {self.unanswered}, 5xx answers {self.server_errors or 0}, "
            f"seed {self.seed}, {self.seconds:.1f} s"
        )


def fault_seed() -> int:
    given = os.environ.get("REGISTRY_FAULT_SEED")
    return int(given) if given else random.SystemRandom().randrange(1_000_000)


def kill_plan(rng: random.Random, count: int, with_worker: bool) -> list[tuple[float, str]]:
    """When (acknowledged registrations) to kill what, in order."""
    low, high = KILL_WINDOW
    plan = [(rng.uniform(low, high) * count, "server") for _ in range(SERVER_KILLS)]
    if with_worker:
        plan += [(rng.uniform(low, high) * count, "worker") for _ in range(WORKER_KILLS)]
    return sorted(plan)


def stored_streams(app: RegistryApplication, topic: str) -> list[str]:
    """The originator id of every stored event of `topic`, in notification order,
    read straight from the recorder (not through any read model)."""
    ids: list[str] = []
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE, topics=[topic])
        ids += [str(notification.originator_id) for notification in page]
        if len(page) < PAGE:
            return ids
        start = page[-1].id + 1


def wait_for_read_models(read_side: ReadSide, app: RegistryApplication) -> int:
    """Until the read models (applied by the server or the worker, not by this process)
    include the whole log; the lag left when the wait ran out."""
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while (lag := read_side.lag()) > 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    return lag


class KillAndRestart:
    """The behaviour, written once; a subclass per backend gives `database_url`."""

    backend: ClassVar[str]
    with_worker: ClassVar[bool] = False

    @pytest.fixture
    def database_url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def environment(self, database_url: str) -> dict[str, str]:
        return registry_environment(database_url, SECRET_KEY)

    @pytest.fixture
    def server(self, environment: dict[str, str], tmp_path: Path) -> Iterator[ServerProcess]:
        server = ServerProcess(environment, tmp_path / "serve.log")
        yield server
        server.stop()

    @pytest.fixture
    def worker(self, environment: dict[str, str], tmp_path: Path) -> Iterator[WorkerProcess]:
        worker = WorkerProcess(environment, tmp_path / "worker.log")
        yield worker
        worker.stop()

    def test_kill_9_under_load_loses_nothing_and_duplicates_nothing(
        self,
        database_url: str,
        environment: dict[str, str],
        server: ServerProcess,
        worker: WorkerProcess,
    ) -> None:
        started = time.monotonic()
        figures = Figures(self.backend, fault_seed())
        rng = random.Random(figures.seed)
        token = add_user("officer", "--role", "officer", "--district", "north", env=environment)
        if self.with_worker:
            # First, so that it takes the projections' locks and the server stands by.
            worker.start()
        server.start()

        load = Load(server.base_url, token, REGISTRATIONS, CLIENT_THREADS)
        load.start()
        # The worker restarts beside the load: waiting for it here would let the load
        # run past the server's remaining kills.
        with ThreadPoolExecutor(1) as restarts:
            restarted: list[Future[None]] = []
            for threshold, target in kill_plan(rng, REGISTRATIONS, self.with_worker):
                while load.acknowledged < threshold and load.running:
                    time.sleep(0.005)
                if not load.running:
                    break
                time.sleep(rng.uniform(0.0, 0.05))
                if target == "server":
                    server.kill()
                    server.start()
                else:
                    worker.kill()
                    restarted.append(restarts.submit(worker.start))
            load.join()
            for restart in restarted:
                restart.result(timeout=STARTUP_SECONDS)
        figures.server_kills, figures.worker_kills = server.kills, worker.kills

        outcomes = load.outcomes
        figures.acknowledged = len({o.key for o in outcomes if o.acknowledged})
        figures.unanswered = sum(o.unanswered for o in outcomes)
        figures.server_errors = dict(Counter(s for o in outcomes for s in o.server_errors))
        assert not load.errors, f"{figures.line()}; {load.errors}"
        refused = [(o.key, o.refusal) for o in outcomes if o.refusal is not None]
        assert not refused, f"{figures.line()}; refused: {refused[:5]}"
        unacknowledged = [o.key for o in outcomes if not o.acknowledged]
        assert not unacknowledged, f"{figures.line()}; {len(unacknowledged)} never acknowledged"

        # Every key once more, after all the kills: the first answer, replayed.
        with httpx.Client(base_url=server.base_url, timeout=REQUEST_TIMEOUT) as client:

            def again(outcome: KeyOutcome) -> None:
                answer = post(client, outcome, load.headers)
                assert answer is not None and answer.status_code == 201, answer
                record(outcome, answer)

            with ThreadPoolExecutor(CLIENT_THREADS) as pool:
                list(pool.map(again, outcomes))

        figures.replayed_after_crash = sum(1 for o in outcomes if o.replays[0])
        acknowledged_ids = {o.ids[0] for o in outcomes}
        settings = Settings(database_url=database_url, secret_key=SECRET_KEY)
        app = open_application(settings)
        read_side = open_read_side(app, database_url)
        try:
            registered = stored_streams(app, CHILD_REGISTERED)
            figures.stored = len(registered)
            figures.answers_stored = len(stored_streams(app, REQUEST_ANSWERED))
            figures.duplicates = figures.stored - len(set(registered) & acknowledged_ids)
            lost = acknowledged_ids - set(registered)
            figures.lost = len(lost)
            lag = wait_for_read_models(read_side, app)
            # Quiet from here: nothing writes, nothing applies.
            server.stop()
            worker.stop()
            figures.seconds = time.monotonic() - started
            print(f"\n{figures.line()}")
            summary = figures.line()

            assert figures.server_kills == SERVER_KILLS, summary
            assert figures.worker_kills == (WORKER_KILLS if self.with_worker else 0), summary
            assert figures.lost == 0, f"{summary}; lost ids {sorted(lost)[:5]}"
            assert figures.duplicates == 0, summary
            assert figures.stored == figures.acknowledged == REGISTRATIONS, summary
            assert figures.answers_stored == figures.acknowledged, summary
            differing = {o.key: o.ids for o in outcomes if len(set(o.ids)) != 1}
            assert not differing, f"{summary}; keys answered different ids: {differing}"
            assert all(o.replays[-1] for o in outcomes), f"{summary}; a retry was not replayed"
            for child_id in acknowledged_ids:
                assert str(app.get_child(uuid.UUID(child_id)).id) == child_id, summary
            assert lag == 0, f"{summary}; the read models stayed {lag} events behind"
            total = read_side.queries.children(first=1).total_count
            assert total == REGISTRATIONS, f"{summary}; read models list {total} children"
            applied = snapshot(read_side)
            rebuild_all(app, read_side)
            assert snapshot(read_side) == applied, f"{summary}; read models differ from a rebuild"
        finally:
            read_side.stop()
            app.close()
        # Streams contiguous, every row signed and decoding, the chain whole: a crash
        # mid-write or mid-seal left nothing half done.
        verified = run_registry("verify", env=environment)
        assert verified.returncode == 0, (
            f"{summary}; registry verify:\n{verified.stdout}{verified.stderr}"
        )


class TestKillsOnSQLite(KillAndRestart):
    backend = "SQLite"

    @pytest.fixture
    def database_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of this module's own: its clients are killed, not it, but
    the shared server must not carry the connections left behind."""
    with throwaway_cluster() as cluster:
        yield cluster


@pytest.mark.postgres
class TestKillsOnPostgres(KillAndRestart):
    backend = "PostgreSQL"
    with_worker = True

    @pytest.fixture
    def database_url(self, cluster: PostgresCluster) -> str:
        return cluster.create_database(f"kills_{uuid.uuid4().hex[:8]}")
