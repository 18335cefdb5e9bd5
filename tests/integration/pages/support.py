"""The pages over HTTP: a site with the API suites' users, each with a password."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.settings import PagesGroup, Settings
from tests.integration.api.support import Api
from tests.support.passwords import PASSWORD, users_with_passwords

SECRET = "pages-test-secret"


@dataclass
class Site:
    client: TestClient
    api: Api

    def token(self) -> str:
        """The CSRF token a form carries (the one its cookie holds)."""
        if "csrftoken" not in self.client.cookies:
            self.client.get("/sign-in")
        return str(self.client.cookies["csrftoken"])

    def sign_in(self, name: str, password: str = PASSWORD, language: str = "en") -> httpx.Response:
        body = {"name": name, "password": password, "csrftoken": self.token()}
        response: httpx.Response = self.client.post(
            "/sign-in",
            data=body,
            headers={"Accept-Language": language},
            follow_redirects=False,
        )
        return response

    def post(self, path: str, data: dict[str, Any], language: str = "en") -> httpx.Response:
        response: httpx.Response = self.client.post(
            path,
            data={**data, "csrftoken": self.token()},
            headers={"Accept-Language": language},
            follow_redirects=False,
        )
        return response


def text_of(html: str) -> str:
    """The page's words, without tags: what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class PagesCase:
    """Base of the pages' suites: `site` for the subclass's backend (`database_url`)."""

    @pytest.fixture
    def pages_settings(self) -> PagesGroup:
        return PagesGroup()

    @pytest.fixture
    def settings(self, database_url: str, pages_settings: PagesGroup) -> Settings:
        return Settings(
            database_url=database_url,
            secret_key=SECRET,
            pages=pages_settings,
        )

    @pytest.fixture
    def site(self, settings: Settings) -> Iterator[Site]:
        tokens = users_with_passwords(settings.database_url, settings.secret_key)
        # Pages answer in English unless a test asks for another language.
        with TestClient(create_app(settings), headers={"Accept-Language": "en"}) as client:
            yield Site(client, Api(client, tokens))
