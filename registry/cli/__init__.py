"""The `registry` command.

Each verb lives in its own module of this package and is found by discovery: a
module defines `register(subparsers)`, which adds its parser and sets `handler`
(a function taking the parsed arguments and returning the exit code). Adding a
verb never edits a shared list.

The exit codes below are the only ones a verb returns, each meaning the same for
every verb (README.md and docs/operations.md list them for scripts).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from registry.database import missing_store

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
"""`import` finished, but rejected some rows (listed in its report)."""
EXIT_CANNOT_LISTEN = 4
"""`serve` cannot listen on its address (the port is in use, or not allowed)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="registry", description="Child Protection Registry: event-sourced registry."
    )
    subparsers = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def store_missing(verb: str, database_url: str) -> bool:
    """Whether `verb`, which reads an existing store (or rebuilds from its log), must
    stop because there is none; if so it is said in one line on standard error (the
    caller exits with EXIT_FAILURE). Opening the store would create an empty one."""
    location = missing_store(database_url)
    if location is None:
        return False
    print(f"registry {verb}: no registry store at {location}", file=sys.stderr)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    exit_code: int = arguments.handler(arguments)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
