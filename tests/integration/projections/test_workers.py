"""Workers as separate processes and concurrent followers: killed, replaced, doubled up,
the read models still converge to what a rebuild from zero gives, never applying twice."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from projections.applier import Applier
from projections.read_side import ReadSide, all_projections, open_read_side
from registry.application import RegistryApplication
from registry.cli import EXIT_OK
from registry.cli import rebuild as rebuild_command
from registry.database import open_database
from registry.integrity.chain import Chain
from tests.integration.projections.population import open_providers, populate
from tests.integration.projections.support import (
    SMALL_BATCH,
    WithReadSide,
    log_position,
    rebuild_all,
    snapshot,
)
from tests.support.backends import OnPostgres, OnSQLite

PATIENCE = 60.0


def eventually(condition: Callable[[], bool], timeout: float = PATIENCE) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@contextmanager
def writing(app: RegistryApplication) -> Iterator[threading.Event]:
    """Decisions keep arriving in the background until the block ends."""
    providers = open_providers(app)
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            populate(app, 8, providers)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield stop
    finally:
        stop.set()
        writer.join()


def start_worker(database_url: str, log: Path, *options: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "REGISTRY_DATABASE_URL": database_url}
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "registry", "worker", "--batch-size", "3", *options],
            env=environment,
            stdout=output,
            stderr=output,
        )


class Workers(WithReadSide):
    def test_a_killed_worker_is_replaced_and_the_tables_converge(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str, tmp_path: Path
    ) -> None:
        log = tmp_path / "worker.log"
        with writing(app):
            first = start_worker(database_url, log)
            assert eventually(lambda: read_side.position() > 0), log.read_text()
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = read_side.position()
            assert eventually(lambda: log_position(app) > killed_at + 20)
        assert read_side.position() == killed_at < log_position(app)
        second = start_worker(database_url, log)
        try:
            assert eventually(lambda: read_side.position() == log_position(app)), log.read_text()
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=PATIENCE) == 0, log.read_text()
        converged = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == converged

    def test_a_worker_seals_the_log_it_follows(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str, tmp_path: Path
    ) -> None:
        log = tmp_path / "worker.log"
        providers = open_providers(app)
        populate(app, 3, providers)
        chain = Chain(app.recorder, app.signing_key)

        def sealed_up_to_the_log() -> bool:
            head = chain.head()
            return head is not None and head.notification_id == log_position(app)

        worker = start_worker(database_url, log, "--seal-interval", "0.1")
        try:
            assert eventually(sealed_up_to_the_log), log.read_text()
            populate(app, 2, providers)
            assert eventually(sealed_up_to_the_log), log.read_text()
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=PATIENCE) == 0, log.read_text()

    def test_appliers_racing_on_the_same_projections_never_apply_twice(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str
    ) -> None:
        """Even without the advisory locks: the tracking rows serialise the batches."""
        populate(app, 24)
        databases = [open_database(database_url) for _ in range(3)]
        sessions = [database.session() for database in databases]
        appliers = [
            Applier(
                app,
                session,
                all_projections(),
                backend=read_side.database.backend,
                batch_size=SMALL_BATCH,
            )
            for session in sessions
        ]
        consumed: list[int] = []
        threads = [
            threading.Thread(target=lambda a=applier: consumed.append(a.catch_up()))
            for applier in appliers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for session, database in zip(sessions, databases, strict=True):
            session.close()
            database.close()
        assert sum(consumed) == log_position(app)
        raced = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == raced

    def test_the_rebuild_command_swaps_in_equal_tables_and_reports_its_rate(
        self,
        app: RegistryApplication,
        read_side: ReadSide,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        populate(app, 16)
        read_side.catch_up()
        incremental = snapshot(read_side)
        monkeypatch.setenv("REGISTRY_DATABASE_URL", database_url)
        parser = argparse.ArgumentParser()
        rebuild_command.register(parser.add_subparsers())
        for arguments in (["rebuild"], ["rebuild", "child_history", "--batch-size", "5"]):
            parsed = parser.parse_args(arguments)
            assert parsed.handler(parsed) == EXIT_OK
            report = capsys.readouterr().err
            assert f"{log_position(app)} events" in report and "events/s" in report
            assert snapshot(read_side) == incremental


class TestOnSQLite(Workers, OnSQLite):
    pass


class TestOnPostgres(Workers, OnPostgres):
    def test_two_followers_share_the_work_without_double_applying(
        self, app: RegistryApplication, read_side: ReadSide, database_url: str
    ) -> None:
        first = open_read_side(app, database_url, batch_size=SMALL_BATCH)
        second = open_read_side(app, database_url, batch_size=SMALL_BATCH)
        try:
            with writing(app):
                first.start_following()
                second.start_following()
                assert eventually(lambda: read_side.position() > 50)
            assert first.wait_for(log_position(app), timeout=PATIENCE)
            names = {projection.name for projection in all_projections()}
            assert first.applying | second.applying == names
            assert not first.applying & second.applying
            holder, standby = (first, second) if first.applying else (second, first)
            holder.stop()
            populate(app, 8)
            assert standby.wait_for(log_position(app), timeout=PATIENCE)
            assert standby.applying == names
        finally:
            first.stop()
            second.stop()
        followed = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == followed
