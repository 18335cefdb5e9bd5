"""`registry verify`: check the stored log; exit 0 when healthy, 1 otherwise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.application import open_application
from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, store_missing
from registry.database import UnsupportedDatabaseURL
from registry.importing.progress import progress_bar
from registry.integrity.chain import Chain
from registry.integrity.head import MalformedHead, SignedHead, check_heads, read_heads, sign_head
from registry.integrity.verify import VerifyReport, verify
from registry.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check the integrity of the stored log",
        description=(
            "Check the stored log: every stream's versions contiguous from 1, every event "
            "decodes, every sealed row matches the hash chain, and no projection is ahead "
            "of the log. When healthy, rows written since the last run are sealed. "
            "Exit 0: healthy; 1: problems found (listed); 2: usage error."
        ),
    )
    parser.add_argument("--no-seal", action="store_true", help="check only; do not seal new rows")
    parser.add_argument(
        "--head",
        action="store_true",
        help="when healthy, print the chain's head as a signed JSON line, last, to archive "
        "outside the database (docs/operations.md)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="also check that every signed head archived in FILE still lies on the chain",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    settings = Settings()
    if store_missing("verify", settings.database_url):
        return EXIT_FAILURE
    try:
        archived = read_heads(arguments.against.read_text()) if arguments.against else []
    except (OSError, MalformedHead) as problem:
        print(f"registry verify: {arguments.against}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    app = open_application(settings)
    signed: SignedHead | None = None
    try:
        total = app.recorder.max_notification_id() or 0
        with progress_bar("events") as bar:
            task = bar.add_task("verify", total=total)
            report = verify(
                app, seal=not arguments.no_seal, progress=lambda n: bar.advance(task, n)
            )
        chain = Chain(app.recorder, app.signing_key)
        for finding in check_heads(chain, archived):
            report.problem(finding)
        head = chain.head()
        if arguments.head and report.healthy and head is not None:
            signed = sign_head(chain, head)
    except UnsupportedDatabaseURL as problem:
        print(f"registry verify: {problem}")
        return EXIT_USAGE
    finally:
        app.close()
    _print(report)
    if archived and report.healthy:
        print(f"archived heads checked: {len(archived)}")
    if signed is not None:
        print(signed.line())
    return EXIT_OK if report.healthy else EXIT_FAILURE


def _print(report: VerifyReport) -> None:
    print(f"events: {report.events} in {report.streams} streams")
    print(f"last notification id: {report.max_notification_id}")
    print(f"sealed rows checked: {report.sealed}; newly sealed: {report.newly_sealed}")
    print(f"head seal: {report.head_seal or '(none)'}")
    for name, position in sorted(report.tracking.items()):
        print(f"projection {name}: position {position}")
    if report.healthy:
        print("healthy")
        return
    print(f"PROBLEMS: {report.problem_count}")
    for problem in report.problems:
        print(f"  - {problem}")
    if report.problem_count > len(report.problems):
        print(f"  ... and {report.problem_count - len(report.problems)} more")
