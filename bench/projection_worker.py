"""A projection worker in its own process, so its time and peak memory are its own.

`python -m bench.projection_worker URL MODE` applies every pending event to every
read model (`catch-up`), rebuilds them all from zero and swaps them in (`rebuild`),
or catches `child_status` alone up from zero, by the registry's runner
(`child-status`) or by the library's (`library-child-status`); it prints one JSON
line with the seconds taken and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench import library_projection
from bench.processes import peak_rss_mb
from bench.timing import stopwatch
from projections.child_status import ChildStatusProjection
from projections.read_side import ReadSide, all_projections, open_read_side
from projections.rebuild import rebuild
from registry.application import RegistryApplication, open_application
from registry.database import notification_channel, open_database
from registry.settings import Settings

CATCH_UP = "catch-up"
REBUILD = "rebuild"
CHILD_STATUS = "child-status"
LIBRARY_CHILD_STATUS = "library-child-status"


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


def child_status(application: RegistryApplication, database_url: str) -> dict[str, Any]:
    """`child_status` alone from zero by the registry's runner, timed as the library's
    is (`library_projection.catch_up`): from constructing the runner (its tables
    created) to the commit of its last batch."""
    channel = notification_channel(application.recorder)
    started = time.perf_counter()
    read_side = ReadSide(
        application,
        open_database(database_url, channel),
        projections=(ChildStatusProjection(),),
    )
    try:
        position = read_side.catch_up()
        seconds = time.perf_counter() - started
    finally:
        read_side.stop()
    return {"seconds": seconds, "position": position}


WORK = {
    CATCH_UP: catch_up,
    REBUILD: rebuild_all,
    CHILD_STATUS: child_status,
    LIBRARY_CHILD_STATUS: library_projection.catch_up,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.projection_worker")
    parser.add_argument("database_url")
    parser.add_argument("mode", choices=list(WORK))
    arguments = parser.parse_args(argv)
    application = open_application(Settings(database_url=arguments.database_url))
    try:
        report = WORK[arguments.mode](application, arguments.database_url)
    finally:
        application.close()
    report["peak_rss_mb"] = peak_rss_mb(os.getpid())
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
