"""`registry demo` through the real entry point, on each database."""

from __future__ import annotations

from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.domain.child_events import ChildRegistered
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite


class DemoCommandCase:
    def test_writes_the_requested_children(self, database_url: str) -> None:
        result = registry("demo", "--children", "30", "--seed", "11", database_url=database_url)

        assert result.returncode == 0, result.stderr
        assert "30 children" in result.stdout
        assert _children(database_url) == 30

    def test_the_same_seed_twice_is_refused_without_writing(self, database_url: str) -> None:
        registry("demo", "--children", "5", "--seed", "3", database_url=database_url)
        result = registry("demo", "--children", "5", "--seed", "3", database_url=database_url)

        assert result.returncode == 1
        assert "run on this store before?" in result.stdout
        assert _children(database_url) == 5


def _children(database_url: str) -> int:
    app = RegistryApplication(persistence_env(database_url))
    try:
        registered = app.recorder.select_notifications(
            start=None, limit=10_000, topics=[ChildRegistered.TOPIC]
        )
    finally:
        app.close()
    return len(registered)


class TestDemoCommandOnSQLite(DemoCommandCase, OnSQLite):
    pass


class TestDemoCommandOnPostgres(DemoCommandCase, OnPostgres):
    pass
