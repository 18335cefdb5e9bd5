"""`registry export`: the stored events as JSON Lines, in notification order.

One line per event: `position` (notification id), `stream`, `version`, `type`
(the event's name, e.g. `PlacementStarted`), `recorded_at` and `data` (the
event's own fields, coded values as in docs/design.md). The output holds the
children's personal data as recorded: it is for backups and migrations by
administrators, not for sharing. `--after N` exports what came after position N,
so an export can be continued.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from registry.application import RegistryApplication, open_application
from registry.cli import EXIT_FAILURE, EXIT_OK, store_missing
from registry.importing.progress import progress_bar
from registry.settings import Settings

PAGE = 2000
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the stored events as JSON Lines",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--after", type=int, default=0, help="export events after this position")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    settings = Settings()
    if store_missing("export", settings.database_url):
        return EXIT_FAILURE
    app = open_application(settings)
    try:
        total = max(0, (app.recorder.max_notification_id() or 0) - arguments.after)
        with progress_bar("events") as bar:
            task = bar.add_task("export", total=total)
            if arguments.output is None:
                written = _write(app, arguments.after, sys.stdout, lambda: bar.advance(task))
            else:
                with arguments.output.open("w", encoding="utf-8") as stream:
                    written = _write(app, arguments.after, stream, lambda: bar.advance(task))
    finally:
        app.close()
    print(f"{written} events exported", file=sys.stderr)
    return EXIT_OK


def _write(app: RegistryApplication, after: int, stream: TextIO, tick: Any) -> int:
    written = 0
    for line in export_lines(app, after):
        stream.write(line + "\n")
        written += 1
        tick()
    return written


def export_lines(app: RegistryApplication, after: int = 0) -> Iterator[str]:
    position = after
    while True:
        page = app.recorder.select_notifications(
            start=position, limit=PAGE, inclusive_of_start=False
        )
        for notification in page:
            event: Any = app.mapper.to_domain_event(notification)
            data = {
                f.name: getattr(event, f.name)
                for f in dataclasses.fields(event)
                if f.name not in ENVELOPE
            }
            record = {
                "position": notification.id,
                "stream": str(notification.originator_id),
                "version": notification.originator_version,
                "type": type(event).__name__,
                "recorded_at": event.timestamp,
                "data": data,
            }
            yield json.dumps(record, default=_plain, ensure_ascii=False)
        if len(page) < PAGE:
            return
        position = page[-1].id


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot export a {type(value).__name__}")
