"""`registry import FILE`: load historic decisions from CSV or JSON Lines.

Exit codes: 0 every row is in the registry (imported now or before), 3 some rows
were rejected (see the report), 2 the command could not run (usage, file).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from projections.duplicate_screen import ReadModelScreen
from registry.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from registry.database import UnsupportedDatabaseURL, open_database
from registry.districts import DistrictDirectory
from registry.importing.batch import BatchedRegistry
from registry.importing.importer import Importer, write_report
from registry.importing.progress import progress_bar
from registry.importing.recorders import bulk_env
from registry.importing.rows import FORMATS, UnreadableFile, detect_format, read_rows
from registry.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import historic decisions from a CSV or JSON Lines file",
        description=(
            "Import historic decisions (one per row, see docs/import-format.md). Rows are "
            "grouped per child and applied in effective-date order through the registry's "
            "rules; a child's rows are saved all together or not at all. Re-running skips "
            "rows already imported. Exit 0: all rows imported; 3: some rejected (see the "
            "report); 2: usage error."
        ),
    )
    parser.add_argument("file", type=Path, help="the CSV or JSON Lines file")
    parser.add_argument("--format", choices=FORMATS, help="default: from the file's extension")
    parser.add_argument("--report", type=Path, help="rejected rows (default: FILE.report.csv)")
    parser.add_argument(
        "--recorded-by",
        default="import",
        help="user id recorded on rows without a recorded_by column",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    report: Path = arguments.report or path.with_name(path.name + ".report.csv")
    if not path.is_file():
        print(f"registry import: no such file: {path}")
        return EXIT_USAGE
    settings = Settings()
    try:
        file_format = detect_format(path, arguments.format)
        env = bulk_env(settings.persistence_env)
        rows = list(read_rows(path, file_format))
    except (UnreadableFile, UnsupportedDatabaseURL, UnicodeDecodeError, csv.Error) as problem:
        print(f"registry import: {problem}")
        return EXIT_USAGE
    app = BatchedRegistry(
        env,
        today=settings.today,
        personal_id_key=settings.personal_id_key,
        districts=DistrictDirectory(open_database(settings.database_url)),
        duplicates=ReadModelScreen(open_database(settings.database_url)),
    )
    try:
        with progress_bar("rows") as bar:
            task = bar.add_task("import", total=len(rows))
            importer = Importer(
                app,
                recorded_by=arguments.recorded_by,
                progress=lambda done: bar.advance(task, done),
            )
            result = importer.run(rows)
    finally:
        app.close()
    write_report(report, result.rejections)
    print(
        f"{result.imported} rows imported, {result.already_imported} already imported, "
        f"{result.rejected} rejected (report: {report})"
    )
    return EXIT_REJECTED if result.rejected else EXIT_OK
