"""`registry indicators --from D --to D [--group-by DIM ...] --output FILE`.

Writes the indicator report as CSV or as an Excel workbook (by the file's suffix)
from the read models as they stand; run it where the projections are kept current
(`registry serve` or `registry worker`). Figures are exact unless `--suppress` asks
for the evaluators' version, with the threshold from REGISTRY_SUPPRESSION_THRESHOLD.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from projections.indicators import DIMENSIONS, Period, compute_report
from projections.indicators.export import to_csv, to_xlsx
from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, store_missing
from registry.database import DRIVER_ERRORS, open_database
from registry.domain.date_range import DateOutOfRange, require_in_range
from registry.settings import Settings


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "indicators", help="export the indicator report to CSV or Excel"
    )
    parser.add_argument(
        "--from",
        dest="from_",
        type=date.fromisoformat,
        required=True,
        help="first day of the period (1900-01-01 or later)",
    )
    parser.add_argument(
        "--to",
        type=date.fromisoformat,
        required=True,
        help="last day, the reference date (at most a year after today)",
    )
    parser.add_argument(
        "--group-by", action="append", default=[], choices=DIMENSIONS, dest="group_by"
    )
    parser.add_argument("--suppress", action="store_true", help="suppress small cells")
    parser.add_argument("--output", type=Path, required=True, help="FILE.csv or FILE.xlsx")
    parser.set_defaults(handler=_export)


def _export(arguments: argparse.Namespace) -> int:
    suffix = arguments.output.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        print("the output file must end in .csv or .xlsx", file=sys.stderr)
        return EXIT_FAILURE
    settings = Settings()
    today = settings.today()
    try:
        require_in_range("--from", arguments.from_, today)
        require_in_range("--to", arguments.to, today)
    except DateOutOfRange as refusal:
        print(f"registry indicators: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    try:
        period = Period(arguments.from_, arguments.to)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return EXIT_FAILURE
    if store_missing("indicators", settings.database_url):
        return EXIT_FAILURE
    threshold = settings.suppression_threshold if arguments.suppress else None
    database = open_database(settings.database_url)
    try:
        with database.reading() as connection:
            report = compute_report(
                connection, period, arguments.group_by, suppression_threshold=threshold
            )
    except DRIVER_ERRORS as error:
        print(
            f"the read models could not be queried ({type(error).__name__}); "
            "run `registry rebuild` first",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        database.close()
    if suffix == ".csv":
        arguments.output.write_text(to_csv(report), encoding="utf-8")
    else:
        arguments.output.write_bytes(to_xlsx(report))
    print(f"{len(report.rows)} rows written to {arguments.output}")
    return EXIT_OK
