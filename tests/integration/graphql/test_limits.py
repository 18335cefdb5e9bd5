"""Request limits and read-your-writes over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from strawberry.extensions import AddValidationRules

from registry.api.app import create_app
from registry.api.graphql.errors import BadUserInput
from registry.api.graphql.limits import (
    DEFAULT_PAGE,
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_DOCUMENT_LENGTH,
    MAX_PAGE,
    MAX_TOKENS,
    extensions,
    page_length,
)
from registry.settings import HttpGroup
from tests.integration.graphql.service import FixedDaySettings, GraphQLService, Service, error_codes
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import register_child
from tests.support.tokens import make_token


def alert_chain(depth: int) -> str:
    """A valid query whose leaf is `depth` levels below the root field:
    alerts { child { alerts { child ... } } }, ending in a scalar."""
    fields = ["alerts" if level % 2 == 0 else "child" for level in range(depth)]
    leaf = "kind" if fields[-1] == "alerts" else "id"
    query = leaf
    for field in reversed(fields):
        query = f"{field} {{ {query} }}"
    return f"{{ {query} }}"


def aliased_query(count: int) -> str:
    fields = " ".join(f"a{number}: children {{ totalCount }}" for number in range(count))
    return f"{{ {fields} }}"


def limit_rules() -> list[type]:
    """The validation rules the limit extensions of one request add."""
    built = [factory() for factory in extensions()]
    return [
        rule
        for extension in built
        if isinstance(extension, AddValidationRules)
        for rule in extension.validation_rules
    ]


def test_every_request_carries_the_same_limit_rules() -> None:
    """The validation cache is keyed by the rule classes: new classes per request
    would validate every repeated document again."""
    assert len(limit_rules()) == 2
    assert limit_rules() == limit_rules()


class Limits:
    def test_a_query_deeper_than_the_limit_is_refused(self, service: Service) -> None:
        assert "errors" not in service.post(alert_chain(MAX_DEPTH))
        answer = service.post(alert_chain(MAX_DEPTH + 1))
        assert answer.get("data") is None
        (error,) = answer["errors"]
        assert f"exceeds maximum operation depth of {MAX_DEPTH}" in error["message"]

    def test_a_query_with_too_many_aliases_is_refused(self, service: Service) -> None:
        allowed = service.post(aliased_query(MAX_ALIASES))
        assert "errors" not in allowed
        answer = service.post(aliased_query(MAX_ALIASES + 1))
        assert answer.get("data") is None
        (error,) = answer["errors"]
        assert f"Allowed: {MAX_ALIASES}" in error["message"]

    def test_a_huge_query_is_refused_by_its_token_count(self, service: Service) -> None:
        fields = " ".join(["n"] * (MAX_TOKENS + 1))
        answer = service.post(f"{{ children {{ {fields} }} }}")
        assert answer.get("data") is None
        assert "token" in answer["errors"][0]["message"].lower()
        assert error_codes(answer) == ["GRAPHQL_PARSE_FAILED"]

    @pytest.mark.parametrize("padding", ["#", " ", "\n"])
    def test_comments_and_whitespace_cannot_pad_a_query_past_the_length_limit(
        self, service: Service, padding: str
    ) -> None:
        query = "{ children { totalCount } }\n"
        at_limit = query + padding * (MAX_DOCUMENT_LENGTH - len(query))
        assert "errors" not in service.post(at_limit)
        answer = service.post(at_limit + padding)
        assert answer.get("data") is None
        assert error_codes(answer) == ["DOCUMENT_TOO_LARGE"]
        assert str(MAX_DOCUMENT_LENGTH) in answer["errors"][0]["message"]

    def test_a_five_megabyte_query_is_refused_by_its_length_under_a_larger_body_limit(
        self, database_url: str
    ) -> None:
        settings = FixedDaySettings(
            database_url=database_url, http=HttpGroup(max_body_bytes=8 * 2**20)
        )
        app = create_app(settings)
        with TestClient(app) as client:
            token = make_token(settings, "monitor")
            padded = "{ children { totalCount } }" + "#" * 5 * 2**20
            response = client.post(
                "/graphql", json={"query": padded}, headers={"Authorization": f"Bearer {token}"}
            )
        assert error_codes(response.json()) == ["DOCUMENT_TOO_LARGE"]

    def test_min_position_waits_for_the_read_models(self, service: Service) -> None:
        receipt = register_child(service.registry)
        assert receipt.position is not None
        found = service.data(
            "query($id: ID!) { child(id: $id) { version } }",
            {"id": str(receipt.id)},
            headers={"X-Min-Position": str(receipt.position)},
        )
        assert found == {"child": {"version": 1}}

    def test_a_position_never_reached_is_a_503_problem(self, service: Service) -> None:
        ahead = (service.registry.recorder.max_notification_id() or 0) + 1_000
        response = service.client.post(
            "/graphql",
            json={"query": "{ children { totalCount } }"},
            headers={"X-Min-Position": str(ahead)},
        )
        assert response.status_code == 503 and response.json()["code"] == "read_side_behind"

    def test_a_malformed_min_position_is_a_validation_problem(self, service: Service) -> None:
        response = service.client.post(
            "/graphql",
            json={"query": "{ children { totalCount } }"},
            headers={"X-Min-Position": "soon"},
        )
        assert response.status_code == 422 and response.json()["code"] == "validation"


def test_page_length_defaults_and_caps() -> None:
    assert page_length(None) == DEFAULT_PAGE
    assert page_length(7) == 7
    assert page_length(MAX_PAGE + 1) == MAX_PAGE
    with pytest.raises(BadUserInput):
        page_length(0)


class TestLimitsOnSQLite(Limits, GraphQLService, OnSQLite):
    pass


class TestLimitsOnPostgres(Limits, GraphQLService, OnPostgres):
    pass
