"""`/docs` (Swagger UI) and `/redoc` (ReDoc), served with the vendored assets.

FastAPI's own docs routes load their scripts, stylesheets, favicon and (for ReDoc)
Google Fonts from public hosts. The app is therefore created with `docs_url=None`
and `redoc_url=None`, and these routes render the same pages with every asset
taken from `/static` and a policy that keeps the browser on this server, at the
same public paths, plus Swagger UI's OAuth2 redirect.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

from registry.api.assets import REDOC, SWAGGER_UI, local_only, static_url

DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
FAVICON = f"{SWAGGER_UI}/favicon-32x32.png"

# Swagger UI would otherwise ask its public validator for a badge about the spec.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def install_docs(app: FastAPI) -> None:
    """Add `/docs`, its OAuth2 redirect and `/redoc` for the app's `/openapi.json`."""
    openapi_url = app.openapi_url
    if openapi_url is None:
        raise ValueError("the API docs need the OpenAPI schema (openapi_url is None)")
    oauth2_redirect_path = app.swagger_ui_oauth2_redirect_url

    async def swagger_ui(request: Request) -> HTMLResponse:
        root_path = str(request.scope.get("root_path", "")).rstrip("/")
        page = get_swagger_ui_html(
            openapi_url=root_path + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=static_url(request, f"{SWAGGER_UI}/swagger-ui-bundle.js"),
            swagger_css_url=static_url(request, f"{SWAGGER_UI}/swagger-ui.css"),
            swagger_favicon_url=static_url(request, FAVICON),
            oauth2_redirect_url=(
                root_path + oauth2_redirect_path if oauth2_redirect_path else None
            ),
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters={**SWAGGER_UI_PARAMETERS, **(app.swagger_ui_parameters or {})},
        )
        return local_only(page)

    async def redoc(request: Request) -> HTMLResponse:
        root_path = str(request.scope.get("root_path", "")).rstrip("/")
        page = get_redoc_html(
            openapi_url=root_path + openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=static_url(request, f"{REDOC}/redoc.standalone.js"),
            redoc_favicon_url=static_url(request, FAVICON),
            with_google_fonts=False,
        )
        return local_only(page)

    async def swagger_ui_oauth2_redirect(request: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_route(DOCS_PATH, swagger_ui, include_in_schema=False)
    if oauth2_redirect_path:
        app.add_route(oauth2_redirect_path, swagger_ui_oauth2_redirect, include_in_schema=False)
    app.add_route(REDOC_PATH, redoc, include_in_schema=False)
