"""`registry serve` through the real entry point: its exit codes are the registry's
own. A taken port is 4, told in one line before anything is loaded; a store the
application cannot open is a failure, 1, never uvicorn's 3 (rejected import rows)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.cli import EXIT_CANNOT_LISTEN, EXIT_FAILURE
from tests.cli.runner import registry


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port: int = other.getsockname()[1]
        yield port


def test_a_port_in_use_has_its_own_exit_code(taken_port: int, tmp_path: Path) -> None:
    store = tmp_path / "registry.sqlite3"

    result = registry("serve", "--port", taken_port, "--demo", database_url=f"sqlite:///{store}")

    assert result.returncode == EXIT_CANNOT_LISTEN, result.stderr
    assert result.stderr.splitlines() == [
        f"serve: cannot listen on 127.0.0.1:{taken_port}: Address already in use"
    ]
    assert not store.exists()


def test_a_store_that_cannot_be_opened_is_a_failure(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = tmp_path / "no such folder" / "registry.sqlite3"

    result = registry("serve", "--port", port, database_url=f"sqlite:///{unreachable}")

    assert result.returncode == EXIT_FAILURE, result.stderr
