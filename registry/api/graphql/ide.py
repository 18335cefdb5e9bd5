"""GraphiQL at `/graphql` with the vendored assets instead of Strawberry's CDN links.

Strawberry renders its own `graphiql.html`, which loads React, GraphiQL and the
explorer plugin from a public CDN: on an intranet without internet the page stays
blank. `render_graphql_ide` is the hook Strawberry's integrations provide for
serving another page; this one serves `graphiql.html` beside this module, a copy
of Strawberry's whose asset URLs point at `/static`, with the policy that keeps the
browser on this server.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from strawberry.fastapi import GraphQLRouter

from registry.api.assets import (
    GRAPHIQL,
    GRAPHIQL_EXPLORER,
    REACT,
    REACT_DOM,
    local_only,
    static_url,
)
from registry.api.graphql.context import GraphQLContext

TEMPLATE = Path(__file__).with_name("graphiql.html")
ASSET_FOLDERS = {
    "react": REACT,
    "react_dom": REACT_DOM,
    "graphiql": GRAPHIQL,
    "graphiql_explorer": GRAPHIQL_EXPLORER,
}
"""Each `{{ name }}` of the template and the vendored folder it stands for."""


class LocalGraphiQLRouter(GraphQLRouter[GraphQLContext, None]):
    """Strawberry's FastAPI router, rendering GraphiQL from the app's own assets."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return local_only(HTMLResponse(render_graphiql(request)))


def render_graphiql(request: Request) -> str:
    """The GraphiQL page with each asset folder's URL as this request reaches it."""
    html = _template()
    for name, folder in ASSET_FOLDERS.items():
        html = html.replace(f"{{{{ {name} }}}}", static_url(request, folder))
    return html


@cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")
