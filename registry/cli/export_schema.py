"""`registry graphql-schema`: the GraphQL schema in SDL, as exported from the code.

`graphql/schema.graphql` is this command's output, committed; `--check` compares
a file with the code and fails on drift, so clients never read a stale contract.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from registry.cli import EXIT_FAILURE, EXIT_OK


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "graphql-schema",
        help="print or write the GraphQL schema (SDL)",
        description="Export the GraphQL schema in SDL; --check fails when a file has drifted.",
    )
    parser.add_argument("--output", type=Path, help="write the SDL to this file")
    parser.add_argument("--check", type=Path, help="exit 1 when this file differs from the code")
    parser.set_defaults(handler=_export)


def _export(arguments: argparse.Namespace) -> int:
    # Strawberry is imported only by this verb: every other verb starts without it.
    from registry.api.graphql.schema import sdl

    text = sdl()
    if arguments.check is not None:
        if not arguments.check.exists() or arguments.check.read_text() != text:
            print(f"{arguments.check} differs from the schema in the code", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_OK
    if arguments.output is not None:
        arguments.output.write_text(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
