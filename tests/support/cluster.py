"""A throw-away PostgreSQL cluster for one test module, so fault tests can stop, kill
and restart the database server itself without touching the server other tests share
(127.0.0.1:5432 is never used: the cluster listens on a free port of its own).

The cluster is made by `initdb` in a temporary directory with trust authentication on
the loopback interface. Durability is what the fault tests check, so `fsync`,
`synchronous_commit` and `full_page_writes` stay on: a commit the server acknowledged
must survive an immediate stop. initdb and postgres refuse to run as root; when the
tests run as root, the binaries run as the `postgres` OS user (`runuser`), owning
the directory.

Without the binaries the tests that need a cluster are skipped with the reason, or fail
when `REGISTRY_REQUIRE_POSTGRES` is set (CI), as the shared-server tests do.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

import psycopg
import pytest
from psycopg import sql

StopMode = Literal["smart", "fast", "immediate"]

BIN_ENVIRONMENT = "REGISTRY_TEST_POSTGRES_BIN"
"""Names the folder of initdb, pg_ctl and postgres when they live elsewhere."""
DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"
SHARED_PORT = 5432
COMMAND_TIMEOUT_SECONDS = 90.0
"""Bounds every initdb and pg_ctl call (pg_ctl's own wait is given as -t, below it)."""
PG_CTL_WAIT_SECONDS = 60
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    # Durability under test: never fsync=off.
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "max_connections": "100",
    "shared_buffers": "32MB",
    "max_wal_size": "256MB",
    "logging_collector": "off",
    "log_min_messages": "warning",
    "log_line_prefix": "'%m [%p] '",
}


class ClusterUnavailable(Exception):
    """The binaries or the OS user a cluster needs are missing on this machine."""


def _required() -> bool:
    return os.environ.get("REGISTRY_REQUIRE_POSTGRES", "") not in {"", "0", "false", "no"}


def _free_port() -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if port != SHARED_PORT:
            return port


def find_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres; ClusterUnavailable with the
    reason when there is none."""
    candidates = []
    if os.environ.get(BIN_ENVIRONMENT):
        candidates.append(Path(os.environ[BIN_ENVIRONMENT]))
    candidates.append(DEFAULT_BIN)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise ClusterUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in "
        + ", ".join(str(folder) for folder in candidates)
        + f" (set {BIN_ENVIRONMENT})"
    )


class PostgresCluster:
    """One PostgreSQL server, its data directory in a temporary folder of its own.

    `start()` makes the cluster on first use; `stop()`, `restart()` and `kill()` act
    on the running server; `close()` stops it and deletes everything."""

    def __init__(self, binaries: Path | None = None) -> None:
        self.binaries = binaries or find_binaries()
        self._as_user: list[str] = []
        self._owner: tuple[int, int] | None = None
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(OS_USER)
            except KeyError:
                raise ClusterUnavailable(
                    f"running as root, and no {OS_USER!r} OS user to run PostgreSQL as"
                ) from None
            runuser = shutil.which("runuser")
            if runuser is None:
                raise ClusterUnavailable("running as root, and no runuser to drop privileges")
            self._as_user = [runuser, "-u", OS_USER, "--"]
            self._owner = (entry.pw_uid, entry.pw_gid)
        # Not pytest's tmp_path: its folders are root's alone (mode 0700), which the
        # postgres user could not enter.
        self.root = Path(tempfile.mkdtemp(prefix="registry-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log_file = self.root / "server.log"
        self.port = _free_port()
        self._initialised = False
        if self._owner is not None:
            os.chown(self.root, *self._owner)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        """Start the server (making the cluster first), waiting until it accepts
        connections; after an immediate stop this includes crash recovery."""
        if not self._initialised:
            self._initdb()
        self._pg_ctl("start", "-l", str(self.log_file))

    def stop(self, mode: StopMode = "fast") -> None:
        """`pg_ctl stop -m MODE`: `fast` rolls back open transactions and checkpoints;
        `immediate` aborts every process at once, as a power cut would, leaving crash
        recovery to the next start."""
        self._pg_ctl("stop", "-m", mode)

    def restart(self, mode: StopMode = "fast") -> None:
        """`pg_ctl restart -m MODE`: stop as `stop(mode)` does, then start again."""
        self._pg_ctl("restart", "-m", mode, "-l", str(self.log_file))

    def running(self) -> bool:
        result = self._run([str(self.binaries / "pg_ctl"), "-D", str(self.data), "status"])
        return result.returncode == 0

    def close(self) -> None:
        """Stop the server if it runs (immediately: nothing in it is kept) and delete
        the cluster's folder."""
        if self._initialised and self.running():
            with suppress(subprocess.SubprocessError, AssertionError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- connecting --------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{OS_USER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """A new database in the cluster; its URL."""
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for assertion messages."""
        with suppress(OSError):
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        return "(no server log)"

    # -- internals -----------------------------------------------------------------------

    def _initdb(self) -> None:
        self.data.mkdir(mode=0o700)
        self.socket_dir.mkdir(mode=0o700)
        if self._owner is not None:
            for path in (self.data, self.socket_dir):
                os.chown(path, *self._owner)
        result = self._run(
            [
                str(self.binaries / "initdb"),
                "-D",
                str(self.data),
                "-U",
                OS_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ]
        )
        if result.returncode != 0:
            raise AssertionError(f"initdb failed ({result.returncode}): {result.stderr}")
        settings = {
            **SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/support/cluster.py\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self._initialised = True

    def _pg_ctl(self, action: str, *options: str) -> None:
        command = [
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-t",
            str(PG_CTL_WAIT_SECONDS),
            action,
            *options,
        ]
        result = self._run(command)
        if result.returncode != 0:
            raise AssertionError(
                f"pg_ctl {action} failed ({result.returncode}): {result.stdout}{result.stderr}\n"
                f"{self.log_tail()}"
            )

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        # pg_ctl start leaves the server behind with its output sent to the log file
        # (-l), so nothing keeps these pipes open once pg_ctl is done.
        return subprocess.run(
            [*self._as_user, *command],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
            cwd=self.root,
            stdin=subprocess.DEVNULL,
        )


def wait_for_connections(url: str, timeout: float = 30.0) -> None:
    """Until the server of `url` accepts a connection and runs a query (bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as connection:
                connection.execute("SELECT 1")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def throwaway_cluster() -> Iterator[PostgresCluster]:
    """A started cluster for the block, deleted afterwards; skips the test (fails it
    under REGISTRY_REQUIRE_POSTGRES) when this machine cannot run one."""
    try:
        cluster = PostgresCluster()
    except ClusterUnavailable as reason:
        if _required():
            pytest.fail(f"{reason} (required: REGISTRY_REQUIRE_POSTGRES is set)")
        pytest.skip(str(reason))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()
