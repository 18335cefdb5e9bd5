"""`registry restore SOURCE`: a backup made by `registry backup` into the store
named by REGISTRY_DATABASE_URL, which must be absent or empty.

A store holding any events is refused: a restore never overwrites a registry.
SQLite: the backup is checked (`PRAGMA integrity_check`) and copied into the
store's path with SQLite's backup API. PostgreSQL: `pg_restore --no-owner` (from
PATH), in one transaction, into the database; the schema is the one the backup was
made from (named in the URL's `?schema=`), created unless it exists and is empty.
Then run `registry verify` on the restored store.
Exit 0: restored; 1: the store is not empty, or the restore failed (nothing
restored); 2: SOURCE is missing, not a backup, of the other backend, or of
another schema.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from registry.database import UnsupportedDatabaseURL
from registry.database.backups import BackupProblem, BadArgument, restore
from registry.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty store",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", type=Path, metavar="SOURCE", help="a file `backup` wrote")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    settings = Settings()
    try:
        store = restore(settings.database_url, arguments.source)
    except (BadArgument, UnsupportedDatabaseURL) as problem:
        print(f"registry restore: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except BackupProblem as problem:
        print(f"registry restore: {problem}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"restored {arguments.source} into {store}")
    print("now run `registry verify` on it: it checks every event and the hash chain")
    return EXIT_OK
