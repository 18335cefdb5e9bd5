"""`registry serve`: the API (REST commands and GraphQL) under uvicorn.

`--demo` fills an empty store with the synthetic demonstration data set before
the server starts; a store that already holds decisions is never touched.

`--workers N` runs N server processes on one port (PostgreSQL only): each has its
own connections and follows the store, and the projections' advisory locks let one
process at a time apply each read model. On SQLite nothing would keep two processes
from applying the same events to the read models, so it is refused there.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import TYPE_CHECKING, Any

from registry.api.auth import Role
from registry.api.database import open_database
from registry.api.users import UserStore
from registry.application import open_application
from registry.cli import EXIT_OK, EXIT_USAGE
from registry.demo import load_demo
from registry.demo.catalogue import DISTRICTS
from registry.settings import Settings
from registry.storage import persistence_env

if TYPE_CHECKING:
    from fastapi import FastAPI

# The demo officer works in one district, the supervisor covers the country.
DEMO_DISTRICTS: dict[Role, frozenset[str]] = {Role.OFFICER: frozenset(DISTRICTS[:1])}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("serve", help="run the API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--demo", action="store_true", help="load the demo data set when the store is empty"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (more than one on PostgreSQL only)",
    )
    parser.set_defaults(handler=_serve)


def workers_refusal(settings: Settings, workers: int) -> str | None:
    """Why `workers` server processes cannot serve this store, or None when they can."""
    if workers < 1:
        return "--workers must be at least 1"
    if workers > 1 and persistence_env(settings.database_url)["PERSISTENCE_MODULE"] != (
        "eventsourcing.postgres"
    ):
        return "--workers above 1 needs PostgreSQL (the read models are applied per process)"
    return None


def serve_workers(host: str, port: int, workers: int) -> None:
    """uvicorn's supervisor over `workers` processes sharing one listening socket.

    The socket is made here rather than by uvicorn, which opens it without naming
    the TCP protocol: asyncio then leaves Nagle's algorithm on for the accepted
    connections, and a response written in two parts waits for the client's delayed
    acknowledgement (about 40 ms on Linux), a fourfold slower single connection.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        f"{__name__}:{create_app_from_environment.__name__}",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        access_log=False,
    )
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(address)
    listener.set_inheritable(True)
    Multiprocess(config, sockets=[listener]).run()


def create_app_from_environment() -> FastAPI:
    """The app of one worker process, built from the same `REGISTRY_*` variables."""
    from registry.api.app import create_app

    return create_app(Settings())


def _serve(arguments: argparse.Namespace) -> int:
    # The web stack (GraphQL schema, uvicorn) is imported only when serving:
    # every other verb of the command starts without it.
    import uvicorn

    from registry.api.app import create_app

    settings = Settings()
    refusal = workers_refusal(settings, arguments.workers)
    if refusal is not None:
        print(f"serve: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.demo:
        load_demo_into_empty_store(settings)
        print_demo_tokens(settings)
    print(
        f"registry: http://{arguments.host}:{arguments.port}/docs (REST), "
        f"http://{arguments.host}:{arguments.port}/graphql (GraphQL)",
        file=sys.stderr,
    )
    # uvicorn's own access line would repeat each request with its raw path; the JSON
    # request log (route templates, request ids) is the one line per request.
    if arguments.workers == 1:
        uvicorn.run(
            create_app(settings), host=arguments.host, port=arguments.port, access_log=False
        )
    else:
        serve_workers(arguments.host, arguments.port, arguments.workers)
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
