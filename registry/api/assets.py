"""The browser assets of the API docs and GraphiQL, served by the app itself at `/static`.

The registry runs on intranets without internet access, where pages that load their
scripts from a public CDN stay blank. Swagger UI, ReDoc and GraphiQL therefore load
pinned copies vendored under `static/vendor/<package>-<version>/` (provenance,
licences and checksums in `static/vendor/README.md`); bumping a version means
replacing that folder and its name here. The pages are also sent with a content
security policy that lets the browser load nothing from another host: the scripts
themselves may try (ReDoc's sidebar shows its maker's logo from a CDN), and are refused.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_PATH = "/static"
STATIC_DIR = Path(__file__).parent / "static"

SWAGGER_UI = "vendor/swagger-ui-dist-5.35.0"
REDOC = "vendor/redoc-2.5.4"
GRAPHIQL = "vendor/graphiql-3.8.3"
GRAPHIQL_EXPLORER = "vendor/graphiql-plugin-explorer-1.0.2"
REACT = "vendor/react-18.2.0"
REACT_DOM = "vendor/react-dom-18.2.0"

LOCAL_ONLY_POLICY = "; ".join(
    (
        "default-src 'self'",
        # The pages' inline bootstrap scripts, and the styles the UIs set inline.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        # Icons and fonts inlined as data: URLs; ReDoc's search runs in a blob: worker.
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
    )
)
"""The Content-Security-Policy of the docs and GraphiQL pages: this server only."""


def mount_static(app: FastAPI) -> None:
    """Serve `static/` at `/static` (outside the OpenAPI schema, like any mount)."""
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="static")


def static_url(request: Request, path: str) -> str:
    """The URL of an asset under `static/`, relative to the host the page came from.

    Behind a proxy that serves the app under a prefix (`root_path`), the prefix is
    kept, as FastAPI does for `/openapi.json`; no scheme or host is ever written, so
    the browser asks the server it already talks to.
    """
    root_path = str(request.scope.get("root_path", "")).rstrip("/")
    return f"{root_path}{STATIC_PATH}/{path}"


def local_only(page: HTMLResponse) -> HTMLResponse:
    """The page, with the policy that keeps every request it makes on this server."""
    page.headers["Content-Security-Policy"] = LOCAL_ONLY_POLICY
    return page
