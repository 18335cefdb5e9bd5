"""`registry districts import FILE` and `registry districts list`: the reference list
of districts within regions, with names in Azerbaijani, Russian and English.

The CSV has the header `region,district,name_az,name_ru,name_en`; the list is replaced
whole, so loading a corrected file is safe to repeat. Districts already named by
recorded decisions stay in the history whatever the list says; new decisions must
name a listed district.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from registry.cli import EXIT_FAILURE, EXIT_OK
from registry.database import open_database
from registry.districts import DistrictDirectory, DistrictFileError, read_csv
from registry.settings import Settings


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "districts", help="the reference list of districts within regions"
    )
    verbs = parser.add_subparsers(dest="districts_verb", required=True, metavar="ACTION")
    load = verbs.add_parser("import", help="replace the list of districts from a CSV file")
    load.add_argument("file", type=Path, help="CSV: region,district,name_az,name_ru,name_en")
    load.set_defaults(handler=_import)
    listing = verbs.add_parser("list", help="the loaded districts: region, code, names")
    listing.set_defaults(handler=_list)


def _import(arguments: argparse.Namespace) -> int:
    try:
        rows = read_csv(arguments.file)
    except (OSError, UnicodeDecodeError, DistrictFileError) as error:
        print(f"districts not loaded: {error}", file=sys.stderr)
        return EXIT_FAILURE
    directory = DistrictDirectory(open_database(Settings().database_url))
    try:
        loaded = directory.replace(rows)
    finally:
        directory.close()
    regions = len({row.region for row in rows})
    print(f"{loaded} districts in {regions} regions loaded")
    return EXIT_OK


def _list(arguments: argparse.Namespace) -> int:
    directory = DistrictDirectory(open_database(Settings().database_url))
    try:
        for district in directory.districts():
            names = "\t".join((district.name_az, district.name_ru, district.name_en))
            print(f"{district.region}\t{district.code}\t{names}")
    finally:
        directory.close()
    return EXIT_OK
