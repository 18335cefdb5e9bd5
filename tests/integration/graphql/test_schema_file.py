"""`graphql/schema.graphql` is the schema the code serves: regenerate it with
`registry graphql-schema --output graphql/schema.graphql` when this fails."""

from __future__ import annotations

from pathlib import Path

from registry.api.graphql.schema import sdl
from registry.cli import EXIT_FAILURE, EXIT_OK, main

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "graphql" / "schema.graphql"


def test_the_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == sdl()


def test_the_check_verb_reports_drift(tmp_path: Path) -> None:
    assert main(["graphql-schema", "--check", str(SCHEMA_FILE)]) == EXIT_OK
    stale = tmp_path / "schema.graphql"
    stale.write_text(sdl().replace("childAsOf", "childOn"))
    assert main(["graphql-schema", "--check", str(stale)]) == EXIT_FAILURE


def test_the_fixed_root_fields_are_present() -> None:
    text = sdl()
    for field in (
        "child(id: ID!): Child",
        "children(filter: ChildFilter = null, first: Int = null, after: String = null): "
        "ChildConnection!",
        "childAsOf(id: ID!, date: Date!): ChildSnapshot",
        "childAsRecorded(id: ID!, at: DateTime!): ChildSnapshot",
        "providers(district: String = null, kind: String = null): [Provider!]!",
        "alerts(district: String = null, kind: String = null): [Alert!]!",
    ):
        assert field in text
