"""`registry export` through the real entry point: every stored event, one JSON line
each, in notification order; `--after` continues an earlier export."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite


class ExportCommandCase:
    def test_every_event_is_exported_in_order(self, database_url: str, tmp_path: Path) -> None:
        registry("demo", "--children", "8", "--seed", "2", database_url=database_url)
        output = tmp_path / "events.jsonl"

        result = registry("export", "--output", output, database_url=database_url)
        records = [json.loads(line) for line in output.read_text().splitlines()]
        later = registry("export", "--after", records[9]["position"], database_url=database_url)

        assert result.returncode == 0, result.stderr
        positions = [record["position"] for record in records]
        assert positions == sorted(positions)
        assert f"{len(records)} events exported" in result.stderr
        assert {"ProviderRegistered", "ChildRegistered", "PlacementStarted"} <= {
            record["type"] for record in records
        }
        first_child = next(r for r in records if r["type"] == "ChildRegistered")
        assert first_child["version"] == 1
        assert set(first_child["data"]) >= {"effective_date", "recorded_by", "district", "sex"}
        assert [json.loads(line) for line in later.stdout.splitlines()] == records[10:]


class TestExportCommandOnSQLite(ExportCommandCase, OnSQLite):
    pass


class TestExportCommandOnPostgres(ExportCommandCase, OnPostgres):
    pass
