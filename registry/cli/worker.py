"""`registry worker`: keep the read models up to date until SIGTERM or SIGINT.

Meant for PostgreSQL deployments: any number of workers may run; each projection
is applied by one of them at a time (advisory lock) and the others stand by to
take over. On SQLite the API process follows the store itself; a worker there
is still correct (writers take turns) but rarely useful.

The worker also watches the log's integrity (`registry.integrity.watch`): every few
seconds it checks the signatures of new rows and seals them into the hash chain,
and on a schedule it verifies the whole log. Sealing is deterministic: workers
sealing at once write the same seals.
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType
from typing import Any

from rich.console import Console

from projections.applier import BATCH_SIZE
from projections.read_side import open_read_side
from registry.application import open_application
from registry.cli import EXIT_OK
from registry.integrity.watch import (
    SEAL_INTERVAL_SECONDS,
    VERIFY_INTERVAL_SECONDS,
    IntegrityWatch,
)
from registry.settings import Settings


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "worker", help="follow the event store and keep the read models up to date"
    )
    parser.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, help="events applied per transaction"
    )
    parser.add_argument(
        "--seal-interval",
        type=float,
        default=SEAL_INTERVAL_SECONDS,
        help="seconds between checking new rows and sealing them into the log's hash chain",
    )
    parser.add_argument(
        "--verify-interval",
        type=float,
        default=VERIFY_INTERVAL_SECONDS,
        help="seconds between verifications of the whole log",
    )
    parser.set_defaults(handler=_work)


def _work(arguments: argparse.Namespace) -> int:
    console = Console(stderr=True)
    settings = Settings()
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    application = open_application(settings)
    try:
        read_side = open_read_side(
            application, settings.database_url, batch_size=arguments.batch_size
        )
        read_side.start_following()
        console.print(f"worker following the event store from position {read_side.position()}")
        watch = IntegrityWatch(
            application,
            seal_interval=arguments.seal_interval,
            verify_interval=arguments.verify_interval,
        )
        watch.run_until_stopped(stopping)
        read_side.stop()
        console.print("worker stopped")
    finally:
        application.close()
    return EXIT_OK
