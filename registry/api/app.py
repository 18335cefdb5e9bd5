"""`create_app(settings)`: the HTTP service, built on demand and never at import.

The lifespan opens the one `RegistryApplication` of the process, the read side
(which follows the store in a background thread), and the API's own tables
(users, idempotency keys, access log) in the same database; all are closed on
shutdown. REST commands live under `/api/v1`, queries at `/graphql`, health and
metrics at `/healthz`, `/readyz` and `/metrics`, the API docs at `/docs` and
`/redoc`; the docs and GraphiQL load their scripts from `/static`, never a CDN.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from projections.read_side import ReadSide, open_read_side
from registry.api.access_log import open_access_log
from registry.api.assets import mount_static
from registry.api.authentication import Authenticator
from registry.api.body_limit import install_body_limit
from registry.api.docs import install_docs
from registry.api.graphql import make_graphql_router
from registry.api.idempotency import RefusalStore
from registry.api.indicator_exports import router as indicator_exports_router
from registry.api.oidc import OidcVerifier
from registry.api.problem_language import install_problem_language
from registry.api.problems import install_problem_handlers
from registry.api.routes import child_lists, children, districts, providers
from registry.api.users import UserStore
from registry.application import RegistryApplication, open_application
from registry.database import multi_process, open_database
from registry.integrity.alarms import IntegrityAlarms
from registry.integrity.watch import IntegrityWatch
from registry.observability.install import install_observability
from registry.pages.accounts import open_accounts
from registry.pages.install import install_pages
from registry.settings import Settings

DESCRIPTION = """
Commands of the Child Protection Registry. Every decision is appended to the
event store and never changed.

* Authenticate with `Authorization: Bearer <token>` (tokens from `registry users add`).
* `If-Match: <version>` makes a command conditional (409 `version_conflict` when stale).
* `Idempotency-Key: <key>` makes a retry return the first answer without a second write.
* Every answer carries the `position` of its write; `Prefer: read-your-writes` makes the
  answer wait until the read models include it (or send `X-Min-Position` with the next
  GraphQL request).
* Errors are `application/problem+json` with `status`, `title`, `detail` and a stable `code`.
"""


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        registry = open_application(settings)
        follower = _follower_application(settings, registry)
        database = open_database(settings.database_url)
        read_side: ReadSide | None = None
        watching = threading.Event()
        watch: threading.Thread | None = None
        try:
            read_side = open_read_side(follower, settings.database_url)
            read_side.start_following()
            metrics.follow_projection_lag(read_side.lag)
            alarms = IntegrityAlarms(registry.recorder)
            app.state.alarms = alarms
            metrics.follow_integrity_failures(lambda: alarms.current().count)
            if _embedded(settings):
                watch = threading.Thread(
                    target=IntegrityWatch(registry).run_until_stopped,
                    args=(watching,),
                    name="integrity-watch",
                    daemon=True,
                )
                watch.start()
            oidc = OidcVerifier(settings.oidc) if settings.oidc.enabled else None
            app.state.registry = registry
            app.state.read_side = read_side
            app.state.database = database
            app.state.access_log = open_access_log(database)
            users = UserStore(
                database, settings.secret_key, cache_seconds=settings.http.token_cache_seconds
            )
            app.state.users = users
            app.state.accounts = open_accounts(database, settings)
            app.state.authenticator = Authenticator(users, oidc)
            app.state.refusals = RefusalStore(database, settings.http.idempotency_ttl_hours * 3600)
            yield
        finally:
            watching.set()
            if watch is not None:
                watch.join()
            if read_side is not None:
                read_side.stop()
            database.close()
            if follower is not registry:
                follower.close()
            registry.close()

    app = FastAPI(
        title="Child Protection Registry",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served by install_docs with the vendored assets, at the same paths.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_pages(app, settings)
    install_body_limit(app, settings.http.max_body_bytes)
    install_problem_language(app)
    metrics = install_observability(app, settings)
    app.include_router(children.router)
    app.include_router(child_lists.router)
    app.include_router(providers.router)
    app.include_router(districts.router)
    app.include_router(indicator_exports_router)
    app.include_router(make_graphql_router(), prefix="/graphql")
    install_docs(app)
    mount_static(app)
    return app


def _embedded(settings: Settings) -> bool:
    """An embedded store is served by this one process, with no worker beside it: the
    process watches the log's integrity itself (where several processes serve a
    store, the workers do)."""
    return not multi_process(settings.database_url)


def _follower_application(settings: Settings, registry: RegistryApplication) -> RegistryApplication:
    """The application the in-process follower reads the log through.

    In an embedded store (SQLite) the follower holds the file's write lock for a batch
    while it reads the log through the library's connection pool, whose requests queue
    one behind the other. Sharing that pool with the request threads deadlocks until a
    timeout: a request saving events holds the pool's writer and waits for the file
    lock, a second request queues for the writer at the head of the pool's queue, and
    the follower queues behind it. The follower therefore gets a pool of its own there.
    On a server (PostgreSQL) nothing a follower locks is needed by a save, so it shares.
    """
    if _embedded(settings):
        return open_application(settings)
    return registry
