"""The `registry` command.

Each verb lives in its own module of this package and is found by discovery: a
module defines `register(subparsers)`, which adds its parser and sets `handler`
(a function taking the parsed arguments and returning the exit code). Adding a
verb never edits a shared list.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


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


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    exit_code: int = arguments.handler(arguments)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
