"""`registry serve`: the API (REST commands and GraphQL) under uvicorn.

`--demo` fills an empty store with the synthetic demonstration data set before
the server starts; a store that already holds decisions is never touched.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import Any

from registry.api.auth import Role
from registry.api.database import open_database
from registry.api.users import UserStore
from registry.application import open_application
from registry.cli import EXIT_OK
from registry.demo import load_demo
from registry.demo.catalogue import DISTRICTS
from registry.settings import Settings

# The demo officer works in one district, the supervisor covers the country.
DEMO_DISTRICTS: dict[Role, frozenset[str]] = {Role.OFFICER: frozenset(DISTRICTS[:1])}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("serve", help="run the API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--demo", action="store_true", help="load the demo data set when the store is empty"
    )
    parser.set_defaults(handler=_serve)


def _serve(arguments: argparse.Namespace) -> int:
    # The web stack (GraphQL schema, uvicorn) is imported only when serving:
    # every other verb of the command starts without it.
    import uvicorn

    from registry.api.app import create_app

    settings = Settings()
    if arguments.demo:
        load_demo_into_empty_store(settings)
        print_demo_tokens(settings)
    print(
        f"registry: http://{arguments.host}:{arguments.port}/docs (REST), "
        f"http://{arguments.host}:{arguments.port}/graphql (GraphQL)",
        file=sys.stderr,
    )
    uvicorn.run(create_app(settings), host=arguments.host, port=arguments.port)
    return EXIT_OK


def load_demo_into_empty_store(settings: Settings) -> None:
    """Load the demo data set unless the store already holds a decision: a demo must
    never mix with, or be mistaken for, real records."""
    application = open_application(settings)
    try:
        if application.recorder.max_notification_id() is not None:
            print("demo: the store already holds decisions; nothing loaded", file=sys.stderr)
            return
        summary = load_demo(application)
    finally:
        application.close()
    print(
        f"demo: loaded {summary.children} children, {summary.providers} providers, "
        f"{summary.events} events",
        file=sys.stderr,
    )


def print_demo_tokens(settings: Settings) -> None:
    """Make one demo user per role and show their tokens: tokens are stored hashed, so
    each `serve --demo` mints fresh ones rather than showing old ones again."""
    database = open_database(settings.database_url)
    try:
        users = UserStore(database, settings.secret_key)
        suffix = secrets.token_hex(3)
        print("demo tokens (Authorization: Bearer TOKEN):", file=sys.stderr)
        for role in Role:
            districts = DEMO_DISTRICTS.get(role, frozenset())
            token = users.add(f"demo-{role.value}-{suffix}", role, districts)
            scope = f" ({', '.join(sorted(districts))})" if districts else ""
            print(f"  {role.value:<10}{scope:<10} {token}", file=sys.stderr)
    finally:
        database.close()
