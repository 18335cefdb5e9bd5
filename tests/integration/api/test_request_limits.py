"""Request bodies over the limit are refused (413 `payload_too_large`), whether their
length is declared or they stream in chunks, and bodies that are not JSON are refused
(415 `unsupported_media_type`), on REST and GraphQL alike."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

import httpx
import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.settings import HttpGroup, Settings
from tests.integration.api.support import CHILD, Api, ApiCase, make_users
from tests.support.backends import OnSQLite

LIMIT = 4096
QUERY = {"query": "{ children { totalCount } }"}


def chunks(size: int, chunk: int = 1024) -> Iterator[bytes]:
    """A body of `size` bytes sent in chunks: httpx declares no Content-Length for it."""
    for start in range(0, size, chunk):
        yield b" " * min(chunk, size - start)


def padded(body: Mapping[str, object], size: int) -> bytes:
    """`body` as JSON, padded with whitespace to exactly `size` bytes."""
    text = json.dumps(body).encode()
    return text + b" " * (size - len(text))


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


class Limited:
    """The API with a small body limit, so the cases stay small."""

    @pytest.fixture
    def limited(self, settings: Settings) -> Iterator[Api]:
        tokens = make_users(settings.database_url, settings.secret_key)
        app = create_app(
            Settings(database_url=settings.database_url, http=HttpGroup(max_body_bytes=LIMIT))
        )
        with TestClient(app) as client:
            yield Api(client, tokens)

    def headers(self, api: Api, content_type: str | None = "application/json") -> dict[str, str]:
        sent = {"Authorization": f"Bearer {api.tokens['officer_north']}"}
        if content_type is not None:
            sent["Content-Type"] = content_type
        return sent


class BodyLimit(Limited, ApiCase):
    @pytest.mark.parametrize("path", ["/api/v1/children", "/graphql"])
    def test_a_declared_length_over_the_limit_is_refused(self, limited: Api, path: str) -> None:
        before = limited.max_notification_id()
        response = limited.client.post(
            path, content=padded(CHILD, LIMIT + 1), headers=self.headers(limited)
        )
        assert_problem(response, 413, "payload_too_large")
        assert str(LIMIT) in response.json()["detail"]
        assert limited.max_notification_id() == before

    @pytest.mark.parametrize("path", ["/api/v1/children", "/graphql"])
    def test_a_chunked_body_over_the_limit_is_refused(self, limited: Api, path: str) -> None:
        response = limited.client.post(
            path, content=chunks(LIMIT + 1), headers=self.headers(limited)
        )
        assert "content-length" not in response.request.headers
        assert_problem(response, 413, "payload_too_large")

    def test_a_body_at_the_limit_is_accepted(self, limited: Api) -> None:
        response = limited.client.post(
            "/api/v1/children", content=padded(CHILD, LIMIT), headers=self.headers(limited)
        )
        assert response.status_code == 201, response.text
        graphql = limited.client.post(
            "/graphql", content=padded(QUERY, LIMIT), headers=self.headers(limited)
        )
        assert graphql.status_code == 200 and "errors" not in graphql.json()

    @pytest.mark.parametrize("path", ["/api/v1/children", "/graphql"])
    def test_ten_megabytes_are_refused_by_default(self, api: Api, path: str) -> None:
        body = {**QUERY, **CHILD, "padding": "x" * 10 * 2**20}
        response = api.client.post(path, json=body, headers=self.headers(api))
        assert_problem(response, 413, "payload_too_large")

    def test_the_limit_is_set_by_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        assert Settings().http.max_body_bytes == 2**20
        monkeypatch.setenv("REGISTRY_MAX_BODY_BYTES", "65536")
        assert Settings().http.max_body_bytes == 65536


class MediaTypes(Limited, ApiCase):
    @pytest.mark.parametrize(
        "content_type",
        [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/xml",
            "application/json; charset=iso-8859-1",
            "application/jsonl",
            None,
        ],
    )
    def test_a_command_not_sent_as_json_is_refused(
        self, api: Api, content_type: str | None
    ) -> None:
        before = api.max_notification_id()
        response = api.client.post(
            "/api/v1/children",
            content=json.dumps(CHILD).encode(),
            headers=self.headers(api, content_type),
        )
        assert_problem(response, 415, "unsupported_media_type")
        assert api.max_notification_id() == before

    @pytest.mark.parametrize(
        "content_type",
        ["application/json", "application/json; charset=UTF-8", "application/merge-patch+json"],
    )
    def test_json_and_structured_json_types_are_accepted(self, api: Api, content_type: str) -> None:
        response = api.client.post(
            "/api/v1/children",
            content=json.dumps(CHILD).encode(),
            headers=self.headers(api, content_type),
        )
        assert response.status_code == 201, response.text

    @pytest.mark.parametrize(
        "content_type", ["text/plain", "application/graphql", "application/merge-patch+json", None]
    )
    def test_a_graphql_post_not_sent_as_json_is_refused(
        self, api: Api, content_type: str | None
    ) -> None:
        response = api.client.post(
            "/graphql", content=json.dumps(QUERY).encode(), headers=self.headers(api, content_type)
        )
        assert_problem(response, 415, "unsupported_media_type")

    def test_graphql_over_get_and_json_with_a_charset_are_answered(self, api: Api) -> None:
        headers = self.headers(api, "application/json; charset=utf-8")
        post = api.client.post("/graphql", content=json.dumps(QUERY).encode(), headers=headers)
        assert post.status_code == 200 and "errors" not in post.json()
        get = api.client.get("/graphql", params=QUERY, headers=self.headers(api, None))
        assert get.status_code == 200 and "errors" not in get.json()

    def test_openapi_documents_both_refusals(self, api: Api) -> None:
        register = api.client.get("/openapi.json").json()["paths"]["/api/v1/children"]["post"]
        assert {"413", "415"} <= set(register["responses"])


class TestBodyLimitOnSQLite(BodyLimit, OnSQLite):
    pass


class TestMediaTypesOnSQLite(MediaTypes, OnSQLite):
    pass
