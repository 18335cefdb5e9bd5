"""`registry population import` and `registry indicators`: rates per 100,000 appear
once a population is loaded, and the report is written as CSV or a workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.cli import EXIT_FAILURE, EXIT_OK, main
from registry.database import persistence_env
from tests.integration.indicators.fixture import Registry
from tests.support.backends import OnPostgres, OnSQLite

BANDS = ("0-2", "3-5", "6-11", "12-17")


def population_file(folder: Path, per_cell: int = 1000) -> Path:
    path = folder / "population.csv"
    lines = ["district,sex,age_band,population"] + [
        f"{district},{sex},{band},{per_cell}"
        for district in ("north", "south")
        for sex in ("female", "male")
        for band in BANDS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def exported(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {(row["indicator"], row["group"]): row for row in csv.DictReader(handle)}


class IndicatorCommands:
    @pytest.fixture
    def registry(
        self,
        app: RegistryApplication,
        read_side: ReadSide,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> RegistryApplication:
        Registry(app).build()
        read_side.catch_up()
        monkeypatch.setenv("REGISTRY_DATABASE_URL", database_url)
        return app

    def test_rates_per_100000_follow_a_loaded_population(
        self, registry: RegistryApplication, tmp_path: Path
    ) -> None:
        output = tmp_path / "report.csv"
        arguments = ["indicators", "--from", "2025-01-01", "--to", "2025-12-31"]
        assert main([*arguments, "--group-by", "district", "--output", str(output)]) == EXIT_OK
        assert not any(key[0] == "in_care_per_100000" for key in exported(output))

        assert main(["population", "import", str(population_file(tmp_path))]) == EXIT_OK
        assert main([*arguments, "--group-by", "district", "--output", str(output)]) == EXIT_OK
        rows = exported(output)
        # 9 in care of 16,000 children; north 4 of 8,000; entries 9 of 16,000.
        assert rows[("in_care_per_100000", "total")]["value"] == "56.25"
        assert rows[("in_care_per_100000", "district=north")]["value"] == "50"
        assert rows[("in_care_per_100000", "district=north")]["denominator"] == "8000"
        assert rows[("entries_per_100000", "total")]["value"] == "56.25"

    def test_a_bad_population_file_changes_nothing(
        self, registry: RegistryApplication, tmp_path: Path
    ) -> None:
        assert main(["population", "import", str(population_file(tmp_path))]) == EXIT_OK
        bad = tmp_path / "bad.csv"
        bad.write_text("district,sex,age_band,population\nnorth,female,0-2,many\n")
        assert main(["population", "import", str(bad)]) == EXIT_FAILURE
        output = tmp_path / "report.csv"
        main(["indicators", "--from", "2025-01-01", "--to", "2025-12-31", "--output", str(output)])
        assert exported(output)[("in_care_per_100000", "total")]["denominator"] == "16000"

    def test_suppressed_workbook(self, registry: RegistryApplication, tmp_path: Path) -> None:
        output = tmp_path / "report.xlsx"
        command = ["indicators", "--from", "2025-01-01", "--to", "2025-12-31"]
        assert main([*command, "--group-by", "sex", "--suppress", "--output", str(output)]) == 0
        sheet = load_workbook(output)["in_care"]
        header = [cell.value for cell in sheet[1]]
        assert header == ["sex", "value", "numerator", "denominator", "suppressed"]
        # 9 in care: female A C G I (4, hidden), male B F H K M (5, its complement).
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert rows["all"][1:] == (9, 9, None, False)
        assert rows["female"][4] is True and rows["male"][4] is True


class TestIndicatorCommandsOnSQLite(OnSQLite, IndicatorCommands):
    pass


class TestIndicatorCommandsOnPostgres(OnPostgres, IndicatorCommands):
    pass


def test_without_read_models_the_export_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    RegistryApplication(persistence_env(database_url)).close()  # a store, no read models
    monkeypatch.setenv("REGISTRY_DATABASE_URL", database_url)
    output = tmp_path / "report.csv"
    command = ["indicators", "--from", "2025-01-01", "--to", "2025-12-31"]
    assert main([*command, "--output", str(output)]) == EXIT_FAILURE
    assert "registry rebuild" in capsys.readouterr().err
    assert not output.exists()
