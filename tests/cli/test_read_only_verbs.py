"""Verbs that only read the store refuse one that does not exist, in one line and
with exit 1, and create nothing: opening a SQLite store would create an empty one
wherever the command was run, and then answer as if the registry were empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import registry

PERIOD = ("--from", "2025-01-01", "--to", "2025-12-31")
READ_ONLY: dict[str, tuple[str, ...]] = {
    "export": (),
    "verify": (),
    "rebuild": (),
    "indicators": PERIOD,
}


@pytest.mark.parametrize("verb", sorted(READ_ONLY))
def test_a_store_that_does_not_exist_is_refused(tmp_path: Path, verb: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    store = folder / "registry.sqlite3"
    output = ("--output", tmp_path / "out.csv") if verb in {"export", "indicators"} else ()

    result = registry(verb, *READ_ONLY[verb], *output, database_url=f"sqlite:///{store}")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"registry {verb}: no registry store at {store}"]
    assert not any(folder.iterdir())
    assert not (tmp_path / "out.csv").exists()
