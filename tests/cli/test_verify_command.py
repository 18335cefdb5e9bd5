"""`registry verify` through the real entry point: 0 on a healthy store, 1 when a
row was changed or slipped in behind the application's back."""

from __future__ import annotations

import json
from pathlib import Path

from psycopg import sql

from tests.cli.runner import registry
from tests.support import superuser
from tests.support.backends import OnPostgres, OnSQLite


class VerifyCommandCase:
    def tamper(self, database_url: str, statement: str) -> None:
        """Run `statement` on the events table with its append-only trigger dropped."""
        raise NotImplementedError

    def test_a_healthy_store_verifies(self, database_url: str) -> None:
        registry("demo", "--children", "10", "--seed", "1", database_url=database_url)

        first = registry("verify", database_url=database_url)
        second = registry("verify", database_url=database_url)

        assert first.returncode == 0, first.stdout + first.stderr
        assert "healthy" in first.stdout
        assert second.returncode == 0
        assert "newly sealed: 0" in second.stdout

    def test_a_signed_head_archived_today_is_checked_tomorrow(
        self, database_url: str, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "5", "--seed", "1", database_url=database_url)
        today = registry("verify", "--head", database_url=database_url)
        archive = tmp_path / "heads.jsonl"
        archive.write_text(today.stdout.splitlines()[-1] + "\n")
        registry("demo", "--children", "5", "--seed", "2", database_url=database_url)

        tomorrow = registry("verify", "--against", str(archive), database_url=database_url)
        garbled = tmp_path / "garbled.jsonl"
        garbled.write_text("not a head\n")
        refused = registry("verify", "--against", str(garbled), database_url=database_url)

        assert today.returncode == tomorrow.returncode == 0, tomorrow.stdout
        assert json.loads(archive.read_text())["position"] > 0
        assert "archived heads checked: 1" in tomorrow.stdout
        assert refused.returncode == 2 and "line 1 is not a signed chain head" in refused.stderr

    def test_an_altered_sealed_row_is_found(self, database_url: str) -> None:
        registry("demo", "--children", "10", "--seed", "1", database_url=database_url)
        registry("verify", database_url=database_url)
        self.tamper(database_url, "UPDATE {events} SET state = {blob} WHERE originator_version = 2")

        result = registry("verify", database_url=database_url)

        assert result.returncode == 1
        assert "does not match its seal: altered" in result.stdout

    def test_a_corrupt_row_inserted_behind_the_application_is_found(
        self, database_url: str
    ) -> None:
        registry("demo", "--children", "5", "--seed", "1", database_url=database_url)
        self.tamper(
            database_url,
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "VALUES ({stream}, 2, 'registry.child:EnteredCare', {blob})",
        )

        result = registry("verify", database_url=database_url)

        assert result.returncode == 1
        assert "carries no signature (not written by the registry" in result.stdout
        assert "version 2 at notification" in result.stdout


class TestVerifyCommandOnSQLite(VerifyCommandCase, OnSQLite):
    def tamper(self, database_url: str, statement: str) -> None:
        superuser.on_sqlite(
            database_url,
            statement,
            blob="x'7b7d'",
            stream="'00000000000000000000000000000001'",
        )


class TestVerifyCommandOnPostgres(VerifyCommandCase, OnPostgres):
    def tamper(self, database_url: str, statement: str) -> None:
        superuser.on_postgres(
            database_url,
            statement,
            blob=sql.SQL("'\\x7b7d'::bytea"),
            stream=sql.SQL("'00000000-0000-0000-0000-000000000001'::uuid"),
        )
