"""The real `registry` command as long-running subprocesses a test can kill -9 and
start again: `registry serve` on a port of its own, `registry worker`.

Each process appends its output to a log file, so a failed assertion can show what
the process said before it died; every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

STARTUP_SECONDS = 60.0
"""Bounds a start: the server answering /healthz, a worker saying it follows."""
STOP_SECONDS = 30.0
COMMAND_SECONDS = 120.0
WORKER_READY_LINE = "worker following the event store"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def registry_environment(database_url: str, secret_key: str) -> dict[str, str]:
    """The test's environment with the deployment's two settings that matter here."""
    return {
        **os.environ,
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_SECRET_KEY": secret_key,
        "REGISTRY_ENVIRONMENT": "development",
        "COLUMNS": "120",
    }


def run_registry(
    *arguments: str, env: Mapping[str, str], timeout: float = COMMAND_SECONDS
) -> subprocess.CompletedProcess[str]:
    """`python -m registry ARGUMENTS` to its end (bounded)."""
    return subprocess.run(
        [sys.executable, "-m", "registry", *arguments],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def add_user(name: str, *options: str, env: Mapping[str, str]) -> str:
    """`registry users add NAME OPTIONS`: the token it prints alone on one line."""
    result = run_registry("users", "add", name, *options, env=env)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert token and "\n" not in token, result.stdout
    return token


class RegistryProcess:
    """One `registry VERB ...` process at a time, restartable after it is killed."""

    def __init__(self, arguments: Sequence[str], env: Mapping[str, str], log: Path) -> None:
        self.arguments = list(arguments)
        self.env = dict(env)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.kills = 0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        assert not self.alive, "already running"
        with self.log.open("ab") as output:
            output.write(f"--- start {self.starts + 1}: {' '.join(self.arguments)}\n".encode())
            output.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "registry", *self.arguments],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                # Its own process group: a signal meant for it reaches nothing else.
                start_new_session=True,
            )
        self.starts += 1
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        """Subclasses wait for their own sign of readiness."""

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a power cut would end it: no
        shutdown code runs, open transactions are cut mid-way."""
        assert self.process is not None and self.alive, "not running"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=STOP_SECONDS)
        self.kills += 1

    def stop(self) -> int | None:
        """SIGTERM and the exit code; SIGKILL when it does not stop in time (None)."""
        if self.process is None or not self.alive:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_SECONDS)
            return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def _require_alive(self, what: str) -> None:
        if not self.alive:
            raise AssertionError(f"{what} exited while starting:\n{self.log_tail()}")


class ServerProcess(RegistryProcess):
    """`registry serve` on a fixed free port, so clients find it again after a restart."""

    def __init__(self, env: Mapping[str, str], log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        super().__init__(["serve", "--host", "127.0.0.1", "--port", str(self.port)], env, log)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            self._require_alive("registry serve")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"registry serve did not answer /healthz:\n{self.log_tail()}")
            time.sleep(0.05)


class WorkerProcess(RegistryProcess):
    """`registry worker`; ready once it says it follows the store."""

    def __init__(self, env: Mapping[str, str], log: Path, *options: str) -> None:
        super().__init__(["worker", *options], env, log)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while self.log_text().count(WORKER_READY_LINE) < self.starts:
            self._require_alive("registry worker")
            if time.monotonic() > deadline:
                raise AssertionError(f"registry worker did not start:\n{self.log_tail()}")
            time.sleep(0.05)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""
