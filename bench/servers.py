"""The registry's own server (`registry serve`) and the plain baseline server, each in
a subprocess on loopback, plus the users whose bearer tokens (and passwords, for the
pages) the load carries."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.processes import Server, free_port, python_module, serving

HEALTH_PATH = "/healthz"


def _env(database_url: str) -> dict[str, str]:
    return {"REGISTRY_DATABASE_URL": database_url}


def add_user(
    database_url: str,
    role: str,
    *,
    name: str | None = None,
    districts: Sequence[str] = (),
    password: str | None = None,
) -> str:
    """A new user of `role` in `districts` (a supervisor with none covers the whole
    country), with `password` for the pages when one is given (on standard input, as
    scripts give it, so it never shows in a process listing); returns their token."""
    arguments = ["users", "add", name or f"bench-{role}-{uuid.uuid4().hex[:8]}", "--role", role]
    for district in districts:
        arguments += ["--district", district]
    if password is not None:
        arguments.append("--password-stdin")
    completed = subprocess.run(
        python_module("registry", *arguments),
        env={**os.environ, **_env(database_url)},
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"registry users add failed: {completed.stderr[-1000:]}")
    return completed.stdout.strip().splitlines()[-1]


@contextmanager
def registry_server(database_url: str, logs: Path) -> Iterator[Server]:
    port = free_port()
    with serving(
        python_module("registry", "serve", "--host", "127.0.0.1", "--port", str(port)),
        port=port,
        env=_env(database_url),
        log=logs / "registry-serve.log",
        probe_path=HEALTH_PATH,
    ) as server:
        yield server


@contextmanager
def plain_server(database_url: str, logs: Path) -> Iterator[Server]:
    port = free_port()
    with serving(
        python_module(
            "uvicorn",
            "--factory",
            "bench.plain_api:create_plain_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ),
        port=port,
        env=_env(database_url),
        log=logs / "plain-api.log",
        probe_path="/docs",
    ) as server:
        yield server
