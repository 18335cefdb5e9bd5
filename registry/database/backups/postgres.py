"""Backup and restore of a PostgreSQL store with `pg_dump` and `pg_restore`.

`pg_dump` reads the whole database (or the registry's schema) in one snapshot, so
the copy is consistent while the registry keeps writing. The connection settings
go to the tools through the environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
PGDATABASE), never on the command line, where `ps` would show the password to
every user of the machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from registry.database.backups.common import BackupProblem, BadArgument, Kind, staged

KIND: Kind = "PostgreSQL"
CONNECT_TIMEOUT_SECONDS = 10
EVENTS_TABLE = "registry_events"
"""Where `eventsourcing`'s PostgreSQL recorder keeps the events (the application's
name, then `_events`)."""
_TABLE_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA (\S+) ", re.MULTILINE)
_SCHEMA_ENTRY = re.compile(r"^(\d+; \d+ \d+ SCHEMA - (\S+) .*)$", re.MULTILINE)


def describe(env: dict[str, str]) -> str:
    """The store an environment names, for messages (never its password)."""
    where = f"database {env['POSTGRES_DBNAME']} on {env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    schema = env.get("POSTGRES_SCHEMA")
    return f"schema {schema} of {where}" if schema else where


def back_up(env: dict[str, str], dest: Path) -> None:
    """`pg_dump --format=custom` of the registry's database into the new file `dest`,
    limited to the registry's schema when the URL names one."""
    pg_dump = _tool("pg_dump")
    selection = []
    schema = env.get("POSTGRES_SCHEMA")
    if schema:
        # --schema takes a pattern; inside double quotes every character is literal.
        selection.append("--schema=" + '"' + schema.replace('"', '""') + '"')
    with staged(dest) as partial:
        _run([pg_dump, "--format=custom", "--no-password", f"--file={partial}", *selection], env)


def restore(env: dict[str, str], source: Path) -> str:
    """`pg_restore --no-owner` of the archive `source` into the store `env` names,
    whose schema must be absent or hold no tables; the store as described to the
    operator.

    An archive's objects carry the name of the schema they were dumped from, so the
    target schema is that one: a different name is refused rather than restored
    elsewhere. The restore is one transaction: when it fails, nothing is left behind
    and it can simply be run again.
    """
    pg_restore = _tool("pg_restore")
    contents = _run([pg_restore, "--list", str(source)], env).stdout
    schema = env.get("POSTGRES_SCHEMA") or "public"
    dumped = sorted(set(_TABLE_DATA.findall(contents)))
    if schema not in dumped:
        raise BadArgument(
            f"{source} was made from schema {', '.join(dumped) or '(none)'}, not {schema}: "
            f"restore it with ?schema={dumped[0] if dumped else 'NAME'} in REGISTRY_DATABASE_URL"
        )
    schema_exists = _refuse_unless_empty(env, schema)
    if schema_exists:
        # The administrator's empty schema stays (with its grants): skip creating it.
        contents = _SCHEMA_ENTRY.sub(
            lambda m: ";" + m.group(1) if m.group(2) == schema else m.group(0), contents
        )
    descriptor, name = tempfile.mkstemp(prefix="registry-restore-", suffix=".list")
    listing = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(contents)
        _run(
            [
                pg_restore,
                "--no-owner",
                "--single-transaction",
                "--no-password",
                f"--use-list={listing}",
                "--dbname=" + make_conninfo(dbname=env["POSTGRES_DBNAME"]),
                str(source),
            ],
            env,
        )
    finally:
        with suppress(FileNotFoundError):
            listing.unlink()
    return describe(env)


def _refuse_unless_empty(env: dict[str, str], schema: str) -> bool:
    """Whether `schema` exists; stop when it holds any table.

    pg_restore creates every table of the archive and fails on one that exists, so a
    schema with tables, even empty ones, cannot be restored into; one with events is
    a registry, never to be overwritten.
    """
    try:
        with psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        ) as connection:
            row = connection.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)", (schema,)
            ).fetchone()
            exists = bool(row and row[0])
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", (schema,)
                )
            ]
            events = 0
            if EVENTS_TABLE in tables:
                count = connection.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, EVENTS_TABLE))
                ).fetchone()
                events = int(count[0]) if count else 0
    except psycopg.OperationalError as problem:
        raise BackupProblem(f"cannot connect to {describe(env)}: {_first_line(problem)}") from None
    if events:
        raise BackupProblem(
            f"{describe({**env, 'POSTGRES_SCHEMA': schema})} holds {events} events: "
            "restore only into an absent or empty schema, never over a registry"
        )
    if tables:
        raise BackupProblem(
            f"{describe({**env, 'POSTGRES_SCHEMA': schema})} already holds {len(tables)} "
            f"tables ({', '.join(tables[:5])}{', ...' if len(tables) > 5 else ''}): "
            "restore only into an absent or empty schema"
        )
    return exists


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupProblem(
            f"{name} not found on PATH: install the PostgreSQL client tools "
            "of the server's major version (e.g. postgresql-client-15)"
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL client tool against the store; its first error, if any, is
    the one-line reason (the rest is on its standard error, unseen)."""
    result = subprocess.run(
        command, env=_client_env(env), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = next((line for line in lines if "error" in line.lower()), None)
        tool = Path(command[0]).name
        raise BackupProblem(f"{tool} failed: {reason or (lines[0] if lines else 'no message')}")
    return result


def _client_env(env: dict[str, str]) -> dict[str, str]:
    """The process environment with the store's connection settings in libpq's names.
    Without a password in the URL, libpq's own sources apply (PGPASSWORD as set by the
    caller, ~/.pgpass)."""
    client = {
        **os.environ,
        "PGHOST": env["POSTGRES_HOST"],
        "PGPORT": env["POSTGRES_PORT"],
        "PGUSER": env["POSTGRES_USER"],
        "PGDATABASE": env["POSTGRES_DBNAME"],
    }
    if env["POSTGRES_PASSWORD"]:
        client["PGPASSWORD"] = env["POSTGRES_PASSWORD"]
    return client


def _first_line(problem: Exception) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__
