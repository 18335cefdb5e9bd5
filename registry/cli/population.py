"""`registry population import FILE`: load the child population for rates per 100,000.

The CSV has the header `district,sex,age_band,population` (age bands 0-2, 3-5, 6-11,
12-17); the table is replaced whole, so loading a corrected file is safe to repeat.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from projections.population import PopulationFileError, read_csv, replace_population
from registry.cli import EXIT_FAILURE, EXIT_OK
from registry.database import open_database
from registry.settings import Settings


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "population", help="child population figures for rates per 100,000"
    )
    verbs = parser.add_subparsers(dest="population_verb", required=True, metavar="ACTION")
    load = verbs.add_parser("import", help="replace the population table from a CSV file")
    load.add_argument("file", type=Path, help="CSV: district,sex,age_band,population")
    load.set_defaults(handler=_import)


def _import(arguments: argparse.Namespace) -> int:
    try:
        rows = read_csv(arguments.file)
    except (OSError, PopulationFileError) as error:
        print(f"population not loaded: {error}", file=sys.stderr)
        return EXIT_FAILURE
    database = open_database(Settings().database_url)
    try:
        loaded = replace_population(database, rows)
    except PopulationFileError as error:
        print(f"population not loaded: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        database.close()
    print(f"{loaded} population rows loaded")
    return EXIT_OK
