"""A projection worker in its own process, so its time and peak memory are its own.

`python -m bench.projection_worker URL catch-up|rebuild` applies every pending
event to every read model (or rebuilds them all from zero and swaps them in)
and prints one JSON line with the seconds taken and the process's peak
resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from bench.processes import peak_rss_mb
from bench.timing import stopwatch
from projections.read_side import all_projections, open_read_side
from projections.rebuild import rebuild
from registry.application import RegistryApplication, open_application
from registry.database import open_database
from registry.settings import Settings

CATCH_UP = "catch-up"
REBUILD = "rebuild"


def catch_up(application: RegistryApplication, database_url: str) -> dict[str, Any]:
    read_side = open_read_side(application, database_url)
    try:
        with stopwatch() as watch:
            position = read_side.catch_up()
    finally:
        read_side.stop()
    return {"seconds": watch.seconds, "position": position}


def rebuild_all(application: RegistryApplication, database_url: str) -> dict[str, Any]:
    """Every read model rebuilt from zero in one pass over the log, then swapped in."""
    database = open_database(database_url)
    try:
        with stopwatch() as watch:
            report = rebuild(application, database, all_projections())
    finally:
        database.close()
    return {"seconds": watch.seconds, "position": report.events}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.projection_worker")
    parser.add_argument("database_url")
    parser.add_argument("mode", choices=[CATCH_UP, REBUILD])
    arguments = parser.parse_args(argv)
    application = open_application(Settings(database_url=arguments.database_url))
    try:
        work = catch_up if arguments.mode == CATCH_UP else rebuild_all
        report = work(application, arguments.database_url)
    finally:
        application.close()
    report["peak_rss_mb"] = peak_rss_mb(os.getpid())
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
