"""`registry rebuild [PROJECTION]`: rebuild read models from zero, swapped in when done.

Readers keep the old tables until the new ones are complete; a running worker
keeps following and continues from the rebuilt tables' position after the swap.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from projections.read_side import all_projections, open_read_side
from projections.rebuild import REBUILD_BATCH_SIZE, rebuild
from registry.application import open_application
from registry.cli import EXIT_FAILURE, EXIT_OK, store_missing
from registry.database import open_database
from registry.settings import Settings


def register(subparsers: Any) -> None:
    names = [projection.name for projection in all_projections()]
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "rebuild", help="rebuild read models from zero without downtime"
    )
    parser.add_argument(
        "projection", nargs="?", choices=names, help="one projection (default: all)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=REBUILD_BATCH_SIZE, help="events applied per transaction"
    )
    parser.set_defaults(handler=_rebuild)


def _rebuild(arguments: argparse.Namespace) -> int:
    console = Console(stderr=True)
    settings = Settings()
    # Read models are rebuilt from a log: without a store there is none to read.
    if store_missing("rebuild", settings.database_url):
        return EXIT_FAILURE
    application = open_application(settings)
    try:
        # Opening the read side creates the live tables a first rebuild swaps out.
        open_read_side(application, settings.database_url).stop()
        database = open_database(settings.database_url)
        try:
            total = application.recorder.max_notification_id() or 0
            projections = [
                projection
                for projection in all_projections()
                if arguments.projection in (None, projection.name)
            ]
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>8.0f} events/s"),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                task = progress.add_task(
                    arguments.projection or "all projections", total=total, rate=0.0
                )

                def advance(consumed: int) -> None:
                    progress.advance(task, consumed)
                    (shown,) = progress.tasks
                    progress.update(
                        task, rate=shown.completed / shown.elapsed if shown.elapsed else 0.0
                    )

                report = rebuild(
                    application,
                    database,
                    projections,
                    batch_size=arguments.batch_size,
                    progress=advance,
                )
                progress.update(task, completed=max(report.events, total))
            console.print(
                f"rebuilt {', '.join(report.projections)}: {report.events} events "
                f"in {report.seconds:.1f} s, {report.events_per_second:.0f} events/s"
            )
        finally:
            database.close()
    finally:
        application.close()
    return EXIT_OK
