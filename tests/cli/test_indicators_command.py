"""`registry indicators` through the real entry point: a date outside 1900-01-01 ..
today + 1 year is a usage error (exit 2) told in one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.application import RegistryApplication
from registry.cli import EXIT_USAGE
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite

OUT_OF_RANGE = [
    ("0001-01-01", "0001-03-01", "--from"),
    ("2025-01-01", "9999-12-31", "--to"),
    ("1899-12-31", "2025-12-31", "--from"),
]


class IndicatorsCommandCase:
    @pytest.mark.parametrize(("from_", "to", "option"), OUT_OF_RANGE)
    def test_a_date_out_of_range_is_a_usage_error(
        self,
        app: RegistryApplication,
        database_url: str,
        tmp_path: Path,
        from_: str,
        to: str,
        option: str,
    ) -> None:
        output = tmp_path / "report.csv"

        result = registry(
            "indicators", "--from", from_, "--to", to, "--output", output, database_url=database_url
        )

        assert result.returncode == EXIT_USAGE
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"registry indicators: `{option}` must be a date from 1900-01-01")
        assert not output.exists()


class TestIndicatorsCommandOnSQLite(IndicatorsCommandCase, OnSQLite):
    pass


class TestIndicatorsCommandOnPostgres(IndicatorsCommandCase, OnPostgres):
    pass
