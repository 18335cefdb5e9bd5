"""`registry import` through the real entry point: good rows land, each kind of bad
row is reported with its line and code, and a second run imports nothing new."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.domain import commands
from registry.domain.commands import DecisionHeader
from registry.domain.values import ChildStatus, ProviderKind
from registry.importing.decisions import child_id_for
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite

COLUMNS = [
    "row_key",
    "child_key",
    "decision",
    "effective_date",
    "decision_ref",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "district",
    "parental_status",
    "removal_date",
    "manner",
    "reasons",
    "setting",
    "provider_id",
    "carer",
    "goals",
    "next_review_due",
    "reason",
    "placement_still_necessary",
    "child_heard",
    "outcome",
]


def _row(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS}


GIVEN_NAMES = {
    "good-1": "Ana",
    "full": "Maria",
    "bad-code": "Elena",
    "no-episode": "Irina",
    "duplicate": "Olga",
    "future": "Sofia",
    "good-2": "Vera",
}
"""A given name per child: children alike in every field would be possible duplicates."""


def _registration(key: str, child: str, day: str = "2024-01-10") -> dict[str, str]:
    return _row(
        row_key=key,
        child_key=child,
        decision="registration",
        effective_date=day,
        given_name=GIVEN_NAMES[child],
        family_name="Petrova",
        birth_date="2016-04-02",
        sex="female",
        district="north",
        parental_status="orphan",
    )


def _admission(key: str, child: str, provider: UUID, day: str = "2024-02-01") -> dict[str, str]:
    return _row(
        row_key=key,
        child_key=child,
        decision="admission",
        effective_date=day,
        decision_ref="DEC-1",
        removal_date=day,
        manner="court_ordered",
        reasons="neglect;abandonment",
        setting="foster_family",
        provider_id=str(provider),
    )


def import_file(provider: UUID) -> list[dict[str, str]]:
    """Rows in file order (line 2 is the first row); the comment names each line's fate."""
    return [
        _admission("a2", "good-1", provider),  # 2: imported (sorted after its registration)
        _registration("a1", "good-1"),  # 3: imported
        _row(
            row_key="a3",
            child_key="good-1",
            decision="plan",
            effective_date="2024-02-10",
            goals="health:checks;education:school",
            next_review_due="2024-05-10",
        ),  # 4: imported
        _row(
            row_key="a4",
            child_key="good-1",
            decision="review",
            effective_date="2024-05-09",
            placement_still_necessary="true",
            child_heard="yes",
            outcome="plan continued",
            next_review_due="2024-08-09",
        ),  # 5: imported
        _registration("b1", "full"),  # 6: group_refused
        _admission("b2", "full", provider),  # 7: provider_full (capacity 1, taken by good-1)
        {**_registration("c1", "bad-code"), "parental_status": "unknown"},  # 8: validation
        _registration("d1", "no-episode"),  # 9: group_refused
        _row(
            row_key="d2",
            child_key="no-episode",
            decision="exit",
            effective_date="2024-03-01",
            reason="reunification",
        ),  # 10: no_open_episode
        _registration("a1", "duplicate"),  # 11: duplicate_row_key
        _row(row_key="e1", child_key="odd", decision="promotion", effective_date="2024-01-10"),
        # 12: unknown_decision
        _registration("f1", "future", day="2999-01-01"),  # 13: future_date
        _registration("g1", "good-2"),  # 14: imported
    ]


EXPECTED_REJECTIONS = {
    6: "group_refused",
    7: "provider_full",
    8: "validation",
    9: "group_refused",
    10: "no_open_episode",
    11: "duplicate_row_key",
    12: "unknown_decision",
    13: "future_date",
}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _report(path: Path) -> dict[int, str]:
    with path.open(newline="") as stream:
        return {int(row["line"]): row["code"] for row in csv.DictReader(stream)}


@pytest.fixture
def provider(database_url: str) -> UUID:
    app = RegistryApplication(persistence_env(database_url))
    try:
        decision = DecisionHeader(
            recorded_by="admin-1", effective_date=date(2020, 1, 1), decision_ref="MIN-1"
        )
        receipt = app.handle(
            commands.RegisterProvider(
                header=decision,
                kind=ProviderKind.FOSTER_FAMILY,
                name="F",
                district="north",
                capacity=1,
            )
        )
        app.handle(commands.ApproveProvider(header=decision, provider_id=receipt.id))
        return receipt.id
    finally:
        app.close()


class ImportCommandCase:
    def test_good_rows_land_and_each_bad_row_is_reported(
        self, database_url: str, provider: UUID, tmp_path: Path
    ) -> None:
        source = tmp_path / "history.csv"
        _write_csv(source, import_file(provider))

        result = registry("import", source, database_url=database_url)

        assert result.returncode == 3, result.stderr
        assert "5 rows imported" in result.stdout
        assert _report(tmp_path / "history.csv.report.csv") == EXPECTED_REJECTIONS
        app = RegistryApplication(persistence_env(database_url))
        try:
            child = app.get_child(child_id_for("good-1"))
            assert child.state.status is ChildStatus.IN_CARE
            assert len(child.state.plans) == 1
            assert app.get_provider(provider).occupied == 1
            assert app.get_child(child_id_for("good-2")).version == 1
            assert app._stream_version(child_id_for("full")) is None
            assert app._stream_version(child_id_for("no-episode")) is None
        finally:
            app.close()

    def test_a_second_run_imports_nothing_new(
        self, database_url: str, provider: UUID, tmp_path: Path
    ) -> None:
        source = tmp_path / "history.csv"
        _write_csv(source, import_file(provider))
        registry("import", source, database_url=database_url)

        again = registry(
            "import", source, "--report", tmp_path / "again.csv", database_url=database_url
        )

        assert again.returncode == 3
        assert "0 rows imported, 5 already imported" in again.stdout
        assert _report(tmp_path / "again.csv") == EXPECTED_REJECTIONS

    def test_a_clean_json_lines_file_exits_zero(
        self, database_url: str, provider: UUID, tmp_path: Path
    ) -> None:
        rows = [
            {"row_key": "j1", "child_key": "json-1", "decision": "registration",
             "effective_date": "2024-01-10", "given_name": "Ivan", "family_name": "Rusu",
             "birth_date": "2015-04-02", "sex": "male", "district": "south",
             "parental_status": "orphan", "disability": True},
            {"row_key": "j2", "child_key": "json-1", "decision": "admission",
             "effective_date": "2024-02-01", "manner": "administrative",
             "reasons": ["neglect"], "setting": "kinship_care", "carer": "grandmother"},
            {"row_key": "j3", "child_key": "json-1", "decision": "plan",
             "effective_date": "2024-02-03", "next_review_due": "2024-05-03",
             "goals": [{"area": "health", "objective": "checks"}]},
        ]  # fmt: skip
        source = tmp_path / "history.jsonl"
        source.write_text("".join(json.dumps(row) + "\n" for row in rows))

        result = registry("import", source, database_url=database_url)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 rows imported" in result.stdout
        assert _report(tmp_path / "history.jsonl.report.csv") == {}

    def test_a_broken_json_line_is_reported_with_its_line(
        self, database_url: str, tmp_path: Path
    ) -> None:
        source = tmp_path / "broken.jsonl"
        source.write_text('{"row_key": "x1", "child_key": "c", \n[1, 2]\n')

        result = registry("import", source, database_url=database_url)

        assert result.returncode == 3
        assert _report(tmp_path / "broken.jsonl.report.csv") == {1: "validation", 2: "validation"}


class TestImportCommandOnSQLite(ImportCommandCase, OnSQLite):
    pass


class TestImportCommandOnPostgres(ImportCommandCase, OnPostgres):
    pass


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    missing = registry("import", tmp_path / "missing.csv", database_url=database_url)
    unknown = tmp_path / "history.txt"
    unknown.write_text("row_key\n")
    no_format = registry("import", unknown, database_url=database_url)
    no_header = tmp_path / "history.csv"
    no_header.write_text("row_key,child_key\n1,2\n")
    bad_header = registry("import", no_header, database_url=database_url)

    assert [missing.returncode, no_format.returncode, bad_header.returncode] == [2, 2, 2]
    assert "the header lacks the column(s): decision, effective_date" in bad_header.stdout
