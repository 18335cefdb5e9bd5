"""`registry backup DEST`: a consistent copy of the whole store into the new file DEST.

SQLite: SQLite's online backup API, while the registry keeps writing, then
`PRAGMA integrity_check` on the copy. PostgreSQL: `pg_dump --format=custom` (from
PATH) of the registry's database, or of its schema when the URL names one; the
connection settings go to pg_dump in its environment, never on its command line.
The copy holds children's personal data as recorded: keep it as safe as the store.
DEST is never overwritten and appears only when complete.
Exit 0: written; 1: no store, or the copy failed; 2: DEST exists, or a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, store_missing
from registry.database import UnsupportedDatabaseURL
from registry.database.backups import BackupProblem, BadArgument, back_up, human_size
from registry.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="write a consistent copy of the whole store",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="the backup file to create")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    settings = Settings()
    try:
        if store_missing("backup", settings.database_url):
            return EXIT_FAILURE
        written = back_up(settings.database_url, arguments.dest)
    except (BadArgument, UnsupportedDatabaseURL) as problem:
        print(f"registry backup: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except BackupProblem as problem:
        print(f"registry backup: {problem}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"backup written: {written.path} ({human_size(written.size)}, {written.kind})")
    return EXIT_OK
