"""`registry backup` and `registry restore` through the real entry point: the restore
drill (back up, write on, restore into an empty store, verify) on each backend, a
backup taken while the registry writes, and the refusals that protect a registry."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from registry.application import Receipt, RegistryApplication
from registry.database import persistence_env
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import register_child


def exported(database_url: str) -> list[str]:
    """The store's events as `registry export` writes them: positions, streams, data."""
    result = registry("export", database_url=database_url)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def last_position(database_url: str) -> int:
    app = RegistryApplication(persistence_env(database_url))
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def head_seal(verify_output: str) -> str:
    found = re.search(r"^head seal: (\S+)$", verify_output, re.MULTILINE)
    assert found, verify_output
    return found.group(1)


class BackupCommandCase:
    @pytest.fixture
    def fresh_url(self, database_url: str) -> Iterator[str]:
        """An absent store of the same backend, for a restore to create."""
        raise NotImplementedError

    def test_the_restore_drill_brings_back_the_store_as_it_was_backed_up(
        self, database_url: str, fresh_url: str, app: RegistryApplication, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "6", "--seed", "1", database_url=database_url)
        sealed = registry("verify", database_url=database_url)
        at_backup = exported(database_url)
        backup = tmp_path / "registry.backup"

        backed_up = registry("backup", backup, database_url=database_url)
        for _ in range(3):
            register_child(app)
        restored = registry("restore", backup, database_url=fresh_url)
        verified = registry("verify", database_url=fresh_url)

        assert backed_up.returncode == 0, backed_up.stderr
        assert backed_up.stdout.startswith(f"backup written: {backup} (")
        assert restored.returncode == 0, restored.stderr
        assert "registry verify" in restored.stdout
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert f"sealed rows checked: {len(at_backup)}; newly sealed: 0" in verified.stdout
        assert head_seal(verified.stdout) == head_seal(sealed.stdout)
        assert exported(fresh_url) == at_backup
        assert last_position(fresh_url) == len(at_backup)
        assert app.recorder.max_notification_id() == len(at_backup) + 3

    def test_a_backup_taken_while_the_registry_writes_is_the_store_at_one_moment(
        self, database_url: str, fresh_url: str, app: RegistryApplication, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "3", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        receipts: list[Receipt] = []
        failures: list[BaseException] = []
        stop = threading.Event()

        def keep_writing() -> None:
            try:
                while not stop.is_set():
                    receipts.append(register_child(app))
            except BaseException as failure:
                failures.append(failure)

        writer = threading.Thread(target=keep_writing)
        writer.start()
        try:
            while len(receipts) < 3 and not failures:
                time.sleep(0.01)
            before = len(receipts)
            backed_up = registry("backup", backup, database_url=database_url)
            written_meanwhile = len(receipts) - before
        finally:
            stop.set()
            writer.join()
        restored = registry("restore", backup, database_url=fresh_url)
        verified = registry("verify", database_url=fresh_url)

        assert not failures
        assert backed_up.returncode == 0, backed_up.stderr
        assert written_meanwhile > 0
        assert restored.returncode == 0, restored.stderr
        assert verified.returncode == 0, verified.stdout + verified.stderr
        copy, live = exported(fresh_url), exported(database_url)
        assert copy == live[: len(copy)]

    def test_a_backup_never_overwrites_a_file(self, database_url: str, tmp_path: Path) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        earlier = tmp_path / "registry.backup"
        earlier.write_text("an earlier backup")

        result = registry("backup", earlier, database_url=database_url)

        assert result.returncode == 2
        assert (
            result.stderr.strip()
            == f"registry backup: {earlier} exists: a backup never overwrites a file"
        )
        assert earlier.read_text() == "an earlier backup"
        assert list(tmp_path.glob(".registry.backup.*")) == []

    def test_a_restore_never_overwrites_a_registry(self, database_url: str, tmp_path: Path) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        registry("backup", backup, database_url=database_url)
        registry("demo", "--children", "2", "--seed", "2", database_url=database_url)
        events = last_position(database_url)

        result = registry("restore", backup, database_url=database_url)

        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert f"holds {events} events" in result.stderr
        assert "never over a registry" in result.stderr
        assert last_position(database_url) == events

    def test_a_missing_backup_is_refused(self, fresh_url: str, tmp_path: Path) -> None:
        missing = tmp_path / "no.backup"

        result = registry("restore", missing, database_url=fresh_url)

        assert result.returncode == 2
        assert result.stderr.strip() == f"registry restore: no such file: {missing}"

    def test_a_file_that_is_no_backup_is_refused(self, fresh_url: str, tmp_path: Path) -> None:
        other = tmp_path / "events.jsonl"
        other.write_text('{"position": 1}\n')

        result = registry("restore", other, database_url=fresh_url)

        assert result.returncode == 2
        assert "is not a registry backup" in result.stderr


class TestBackupCommandOnSQLite(BackupCommandCase, OnSQLite):
    @pytest.fixture
    def fresh_url(self, tmp_path: Path) -> Iterator[str]:
        (tmp_path / "restored").mkdir()
        yield f"sqlite:///{tmp_path / 'restored' / 'registry.sqlite3'}"

    def test_a_backup_of_no_store_is_refused(self, fresh_url: str, tmp_path: Path) -> None:
        result = registry("backup", tmp_path / "registry.backup", database_url=fresh_url)

        assert result.returncode == 1
        assert "no registry store at" in result.stderr
        assert not (tmp_path / "registry.backup").exists()

    def test_a_restore_into_a_file_holding_rows_is_refused(
        self, database_url: str, fresh_url: str, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        registry("backup", backup, database_url=database_url)
        target = Path(fresh_url.removeprefix("sqlite:///"))
        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE notes (text TEXT)")
            conn.execute("INSERT INTO notes VALUES ('keep me')")

        result = registry("restore", backup, database_url=fresh_url)

        assert result.returncode == 1
        assert "is not empty (notes hold rows)" in result.stderr


class TestBackupCommandOnPostgres(BackupCommandCase, OnPostgres):
    @pytest.fixture
    def fresh_url(self, database_url: str) -> Iterator[str]:
        """A database of its own (dropped after the test), for the same schema name
        as the store's: an archive's objects carry their schema's name."""
        database, schema = database_url.split("?schema=")
        name = f"registry_restore_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield f"{database.rsplit('/', 1)[0]}/{name}?schema={schema}"
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def run_in(self, url: str, statement: str) -> None:
        database, schema = url.split("?schema=")
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(sql.SQL(statement).format(schema=sql.Identifier(schema)))

    def test_a_restore_keeps_an_empty_schema_made_by_the_administrator(
        self, database_url: str, fresh_url: str, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        registry("backup", backup, database_url=database_url)
        self.run_in(fresh_url, "CREATE SCHEMA {schema}")

        restored = registry("restore", backup, database_url=fresh_url)
        verified = registry("verify", database_url=fresh_url)

        assert restored.returncode == 0, restored.stderr
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert exported(fresh_url) == exported(database_url)

    def test_a_schema_holding_tables_is_refused_and_left_alone(
        self, database_url: str, fresh_url: str, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        registry("backup", backup, database_url=database_url)
        self.run_in(fresh_url, "CREATE SCHEMA {schema}")
        self.run_in(fresh_url, "CREATE TABLE {schema}.notes (text text)")

        result = registry("restore", backup, database_url=fresh_url)

        assert result.returncode == 1
        assert "already holds 1 tables (notes)" in result.stderr

    def test_a_restore_into_another_schema_is_refused(
        self, database_url: str, fresh_url: str, tmp_path: Path
    ) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        backup = tmp_path / "registry.backup"
        registry("backup", backup, database_url=database_url)
        schema = database_url.split("?schema=")[1]

        result = registry("restore", backup, database_url=fresh_url.replace(schema, "elsewhere"))

        assert result.returncode == 2
        assert f"was made from schema {schema}, not elsewhere" in result.stderr

    def test_without_pg_dump_the_backup_says_so(self, database_url: str, tmp_path: Path) -> None:
        registry("demo", "--children", "2", "--seed", "1", database_url=database_url)
        (tmp_path / "bin").mkdir()

        result = registry(
            "backup",
            tmp_path / "registry.backup",
            database_url=database_url,
            env={"PATH": str(tmp_path / "bin")},
        )

        assert result.returncode == 1
        assert "pg_dump not found on PATH" in result.stderr
        assert not (tmp_path / "registry.backup").exists()
