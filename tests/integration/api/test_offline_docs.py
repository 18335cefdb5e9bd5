"""The API docs and GraphiQL work on a network without internet: every script,
stylesheet and icon their pages load is served by the registry itself, and is there.

A page that names another host stays blank on a ministry intranet, and one whose
local asset is missing or served with the wrong type is refused by the browser; both
are read here from the HTML a browser gets, over the real app on SQLite. What the
vendored scripts ask for once running is bounded by the pages' content security
policy, which must name no other host either.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx
import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.settings import Settings
from tests.integration.api.support import Api, ApiCase
from tests.support.backends import OnSQLite

PAGES = ("/docs", "/redoc", "/graphql")
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
"""A URL that leaves the server: `http://`, `https://` or scheme-relative `//`."""
REMOTE_IN_CODE = re.compile(r"""(?:url\(\s*|["'`])(?:https?:)?//""", re.IGNORECASE)
"""A remote URL as a string literal, `url(...)` or `import` argument in inline code."""
JAVASCRIPT = {"text/javascript", "application/javascript"}
LOCAL_SOURCES = {"'self'", "'unsafe-inline'", "data:", "blob:"}
"""Sources a policy may allow: this server, the page itself, and in-page data."""


@dataclass(frozen=True)
class Asset:
    """One URL a page makes the browser load, and what it must be to be used."""

    url: str
    types: frozenset[str]
    integrity: str | None


class Page(HTMLParser):
    """The URLs in a page's attributes, its assets, and its inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.assets: list[Asset] = []
        self.inline: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.urls += [attributes[name] for name in ("src", "href") if name in attributes]
        self._in_code = tag == "style" or (tag == "script" and "src" not in attributes)
        rel = attributes.get("rel", "").split()
        if tag == "script" and "src" in attributes:
            self._asset(attributes["src"], JAVASCRIPT, attributes)
        elif tag == "link" and "stylesheet" in rel:
            self._asset(attributes["href"], {"text/css"}, attributes)
        elif tag == "link" and "icon" in rel and not attributes["href"].startswith("data:"):
            self._asset(attributes["href"], {"image/png"}, attributes)

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.inline.append(data)

    def _asset(self, url: str, types: set[str], attributes: dict[str, str]) -> None:
        self.assets.append(Asset(url, frozenset(types), attributes.get("integrity")))


def fetch_page(client: TestClient, path: str) -> httpx.Response:
    response: httpx.Response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response


def read_page(client: TestClient, path: str) -> Page:
    response = fetch_page(client, path)
    page = Page()
    page.feed(response.text)
    page.close()
    return page


def sri(algorithm: str, content: bytes) -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, content).digest()).decode()}"


class TestOfflineDocs(ApiCase, OnSQLite):
    @pytest.mark.parametrize("path", PAGES)
    def test_the_page_names_no_other_host(self, api: Api, path: str) -> None:
        page = read_page(api.client, path)

        assert page.assets, f"{path}: no script or stylesheet found"
        assert [url for url in page.urls if REMOTE.match(url)] == []
        assert [match for code in page.inline for match in REMOTE_IN_CODE.findall(code)] == []

    @pytest.mark.parametrize("path", PAGES)
    def test_the_browser_may_load_from_this_server_only(self, api: Api, path: str) -> None:
        policy = fetch_page(api.client, path).headers["content-security-policy"]

        directives = {
            name: sources
            for name, *sources in (directive.split() for directive in policy.split(";"))
        }
        assert directives["default-src"] == ["'self'"]
        assert {source for sources in directives.values() for source in sources} <= LOCAL_SOURCES

    @pytest.mark.parametrize("path", PAGES)
    def test_every_asset_of_the_page_is_served_with_its_type(self, api: Api, path: str) -> None:
        page = read_page(api.client, path)

        for asset in page.assets:
            response = api.client.get(urljoin(f"http://testserver{path}", asset.url))
            assert response.status_code == 200, asset.url
            content_type = response.headers["content-type"].split(";")[0].strip()
            assert content_type in asset.types, asset.url
            if asset.integrity:
                algorithm = asset.integrity.split("-", 1)[0]
                assert sri(algorithm, response.content) == asset.integrity, asset.url

    @pytest.mark.parametrize("path", PAGES)
    def test_behind_a_path_prefix_the_assets_keep_it(self, settings: Settings, path: str) -> None:
        with TestClient(create_app(settings), root_path="/registry") as client:
            page = read_page(client, f"/registry{path}")

            assert page.assets
            for asset in page.assets:
                assert asset.url.startswith("/registry/static/vendor/"), asset.url
                assert client.get(asset.url).status_code == 200, asset.url

    def test_the_docs_keep_their_public_paths_outside_the_schema(self, api: Api) -> None:
        schema = api.client.get("/openapi.json")
        redirect = api.client.get("/docs/oauth2-redirect")

        assert schema.status_code == 200
        assert not any(
            path.startswith(("/docs", "/redoc", "/static")) for path in schema.json()["paths"]
        )
        assert redirect.status_code == 200
        assert "swaggerUIRedirectOauth2" in redirect.text
