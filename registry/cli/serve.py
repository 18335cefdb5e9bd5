"""`registry serve`: the API (REST commands and GraphQL) under uvicorn.

`--demo` fills an empty store with the synthetic demonstration data set before
the server starts; a store that already holds decisions is never touched. Its
users, one per role, are made once per store: each start shows fresh tokens for
them, and the tokens shown by the previous start stop working.

The address is taken first: when it cannot be listened on (the port is in use),
the command says so in one line and exits EXIT_CANNOT_LISTEN, having loaded nothing.

`--workers N` runs N server processes on one port (PostgreSQL only): each has its
own connections and follows the store, and the projections' advisory locks let one
process at a time apply each read model. On SQLite nothing would keep two processes
from applying the same events to the read models, so it is refused there.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
from typing import TYPE_CHECKING, Any

from registry.accounts.passwords import PasswordStore
from registry.api.users import UserStore
from registry.application import open_application
from registry.cli import EXIT_CANNOT_LISTEN, EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from registry.database import multi_process, open_database
from registry.demo import load_demo
from registry.demo.catalogue import DISTRICTS
from registry.observability.server_log import uvicorn_log_config
from registry.permissions import Role
from registry.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

# The demo officer works in one district, the supervisor covers the country.
DEMO_DISTRICTS: dict[Role, frozenset[str]] = {Role.OFFICER: frozenset(DISTRICTS[:1])}
DEMO_PASSWORD_BYTES = 12
"""A demo password: 16 characters, shown once per start."""


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
    if workers > 1 and not multi_process(settings.database_url):
        return "--workers above 1 needs PostgreSQL (the read models are applied per process)"
    return None


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's socket, bound to `host`:`port`; OSError when the address cannot
    be had (in use, not this machine's, a privileged port).

    The socket is made here rather than by uvicorn, which opens it without naming
    the TCP protocol: asyncio then leaves Nagle's algorithm on for the accepted
    connections, and a response written in two parts waits for the client's delayed
    acknowledgement (about 40 ms on Linux), a fourfold slower single connection.
    Made by the command, it also lets the command tell a taken port by its own exit
    code, where uvicorn exits 3 (the code of an import that rejected rows).
    """
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)
    return listener


def serve_one(app: FastAPI, listener: socket.socket) -> int:
    """One server process on `listener`, until it is stopped; the exit code.

    uvicorn exits 3 when the application cannot start (a store it cannot open): that
    is a failure here, EXIT_FAILURE, since 3 means rejected import rows.
    """
    import uvicorn

    # uvicorn's own access line would repeat each request with its raw path; the JSON
    # request log (route templates, request ids) is the one line per request.
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_config=uvicorn_log_config()))
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass  # Ctrl-C: uvicorn shut the server down in order, then raised it again.
    except SystemExit:
        return EXIT_FAILURE
    return EXIT_OK if server.started else EXIT_FAILURE


def serve_workers(listener: socket.socket, workers: int) -> None:
    """uvicorn's supervisor over `workers` processes sharing one listening socket."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        f"{__name__}:{create_app_from_environment.__name__}",
        factory=True,
        workers=workers,
        access_log=False,
        log_config=uvicorn_log_config(),
    )
    Multiprocess(config, sockets=[listener]).run()


def create_app_from_environment() -> FastAPI:
    """The app of one worker process, built from the same `REGISTRY_*` variables."""
    from registry.api.app import create_app

    return create_app(Settings())


def _serve(arguments: argparse.Namespace) -> int:
    # The web stack (GraphQL schema, uvicorn) is imported only when serving:
    # every other verb of the command starts without it.
    from registry.api.app import create_app

    settings = Settings()
    refusal = workers_refusal(settings, arguments.workers)
    if refusal is not None:
        print(f"serve: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    address = f"{arguments.host}:{arguments.port}"
    try:
        listener = listening_socket(arguments.host, arguments.port)
    except OSError as error:
        print(f"serve: cannot listen on {address}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    with listener:
        if arguments.demo:
            load_demo_into_empty_store(settings)
            print_demo_tokens(settings)
        print(
            f"registry: http://{address}/ (pages), http://{address}/docs (REST), "
            f"http://{address}/graphql (GraphQL)",
            file=sys.stderr,
        )
        if arguments.workers == 1:
            return serve_one(create_app(settings), listener)
        serve_workers(listener, arguments.workers)
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
    """Show each demo user, one per role, made the first time only, with a password
    for the pages and a token for the APIs. Both are stored hashed, so each `serve
    --demo` makes fresh ones rather than showing old ones again; the old ones stop
    working, so the last shown are the only ones that open the store."""
    database = open_database(settings.database_url)
    try:
        users, passwords = UserStore(database, settings.secret_key), PasswordStore(database)
        print(
            "demo users (pages: sign in with NAME and PASSWORD; APIs: "
            "Authorization: Bearer TOKEN):",
            file=sys.stderr,
        )
        for role in Role:
            name = f"demo-{role.value}"
            districts = DEMO_DISTRICTS.get(role, frozenset())
            token = users.issue(name, role, districts)
            password = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
            user = users.active(name)
            assert user is not None
            passwords.set(user.id, password)
            scope = f" ({', '.join(sorted(districts))})" if districts else ""
            print(f"  {role.value:<10}{scope:<10} {name:<16} {password}  {token}", file=sys.stderr)
    finally:
        database.close()
