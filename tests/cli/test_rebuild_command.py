"""`registry rebuild` through the real entry point, on each database."""

from __future__ import annotations

from projections.read_side import open_read_side
from registry.application import RegistryApplication
from registry.database import persistence_env
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite


class RebuildCommandCase:
    def test_rebuilds_every_read_model_from_the_log(self, database_url: str) -> None:
        made = registry("demo", "--children", "25", "--seed", "4", database_url=database_url)
        assert made.returncode == 0, made.stderr

        result = registry("rebuild", database_url=database_url)

        assert result.returncode == 0, result.stderr
        assert "events/s" in result.stdout + result.stderr
        app = RegistryApplication(persistence_env(database_url))
        try:
            read_side = open_read_side(app, database_url)
            try:
                assert read_side.lag() == 0
                assert read_side.queries.children(first=100).total_count == 25
            finally:
                read_side.stop()
        finally:
            app.close()

    def test_an_unknown_projection_is_a_usage_error(self, database_url: str) -> None:
        result = registry("rebuild", "no_such_model", database_url=database_url)

        assert result.returncode == 2
        assert "invalid choice" in result.stderr


class TestRebuildCommandOnSQLite(RebuildCommandCase, OnSQLite):
    pass


class TestRebuildCommandOnPostgres(RebuildCommandCase, OnPostgres):
    pass
