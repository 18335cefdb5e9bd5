"""`registry serve --demo` fills an empty store and never touches a used one."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.application import open_application
from registry.cli.serve import load_demo_into_empty_store
from registry.settings import Settings


def _max_notification_id(settings: Settings) -> int:
    application = open_application(settings)
    try:
        return application.recorder.max_notification_id() or 0
    finally:
        application.close()


def test_the_demo_loads_into_an_empty_store_only_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}")

    load_demo_into_empty_store(settings)
    loaded = _max_notification_id(settings)
    load_demo_into_empty_store(settings)

    assert loaded > 0
    assert _max_notification_id(settings) == loaded
    messages = capsys.readouterr().err
    assert "demo: loaded" in messages and "nothing loaded" in messages
