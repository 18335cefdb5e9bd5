"""Every GraphQL error carries an `extensions.code`, and a variable that does not fit
its type is refused as BAD_USER_INPUT naming the variable and the field, never the
value (which may be a child's name), and without a line in any log."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support.backends import OnSQLite

NAME = "Əliyeva"
PERSONAL_ID = "AZE-7"
CHILD_ID = "00000000-0000-4000-8000-000000000001"

FILTERED = "query($f: ChildFilter) { children(filter: $f) { totalCount } }"
COERCION_CASES: dict[str, tuple[str, dict[str, Any], list[str]]] = {
    "unknown input fields": (
        FILTERED,
        {"f": {"district": "north", "familyName": NAME, "personalId": PERSONAL_ID}},
        ["$f", "familyName", "ChildFilter"],
    ),
    "a string in an Int": (
        "query($n: Int) { children(first: $n) { totalCount } }",
        {"n": NAME},
        ["$n", "Int"],
    ),
    "a bad Date": (
        "query($id: ID!, $d: Date!) { childAsOf(id: $id, date: $d) { status } }",
        {"id": CHILD_ID, "d": f"{NAME} {PERSONAL_ID}"},
        ["$d", "Date"],
    ),
    "a bad DateTime": (
        "query($id: ID!, $at: DateTime!) { childAsRecorded(id: $id, at: $at) { status } }",
        {"id": CHILD_ID, "at": PERSONAL_ID},
        ["$at", "DateTime"],
    ),
    "a wrong field type": (FILTERED, {"f": {"district": 7}}, ["$f.district", "String"]),
    "not an object": (FILTERED, {"f": NAME}, ["$f", "ChildFilter"]),
    "a wrong list item": (
        'query($g: [Dimension!]) { indicators(from: "2024-01-01", to: "2024-12-31",'
        " groupBy: $g) { rows { value } } }",
        {"g": ["DISTRICT", NAME]},
        ["$g[1]", "Dimension"],
    ),
    "a null for a required variable": (
        "query($id: ID!) { child(id: $id) { status } }",
        {"id": None},
        ["$id", "null"],
    ),
    "a required variable left out": (
        "query($id: ID!) { child(id: $id) { status } }",
        {},
        ["$id", "not provided"],
    ),
}


class ErrorCodes:
    @pytest.mark.parametrize("case", sorted(COERCION_CASES))
    def test_a_variable_that_does_not_fit_is_bad_user_input_without_its_value(
        self,
        service: Service,
        case: str,
        caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
    ) -> None:
        query, variables, named = COERCION_CASES[case]
        capfd.readouterr()
        answer = service.post(query, variables)
        assert answer.get("data") is None
        (error,) = answer["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        for part in named:
            assert part in error["message"]
        for value in (NAME, PERSONAL_ID, "north"):
            assert value not in error["message"]
        assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
        assert '"level":"error"' not in capfd.readouterr().err

    def test_every_unknown_field_is_named_but_never_a_key_that_is_no_field_name(
        self, service: Service
    ) -> None:
        answer = service.post(FILTERED, {"f": {"familyName": "x", NAME: "y", "given name": "z"}})
        (error,) = answer["errors"]
        assert "'familyName' and 2 others" in error["message"]
        assert NAME not in error["message"] and "given name" not in error["message"]

    def test_validation_and_parse_errors_carry_their_codes(self, service: Service) -> None:
        assert error_codes(service.post("{ nowhere }")) == ["GRAPHQL_VALIDATION_FAILED"]
        assert error_codes(service.post("{ children ")) == ["GRAPHQL_PARSE_FAILED"]
        literal = service.post('{ children(filter: {familyName: "Əliyeva"}) { totalCount } }')
        assert error_codes(literal) == ["GRAPHQL_VALIDATION_FAILED"]

    def test_refusals_keep_their_codes(self, service: Service) -> None:
        anonymous = service.post("{ children { totalCount } }", user=None)
        assert error_codes(anonymous) == ["UNAUTHENTICATED"]
        evaluator = service.post(f'{{ child(id: "{CHILD_ID}") {{ id }} }}', user="evaluator")
        assert error_codes(evaluator) == ["FORBIDDEN"]
        assert error_codes(service.post('{ child(id: "seven") { id } }')) == ["BAD_USER_INPUT"]

    @pytest.mark.parametrize(
        "body",
        [
            b'{"query": "{ children { totalCount } }"',
            b'{"variables": {}}',
            b'{"query": "{ children { totalCount } }", "variables": [1]}',
            b'{"query": "query A { children { totalCount } }", "operationName": "B"}',
        ],
    )
    def test_a_request_that_cannot_be_executed_is_a_coded_bad_request(
        self, service: Service, body: bytes
    ) -> None:
        response = service.client.post(
            "/graphql",
            content=body,
            headers={
                "Authorization": f"Bearer {service.tokens['monitor']}",
                "Content-Type": "application/json",
            },
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/json"
        assert error_codes(response.json()) == ["BAD_REQUEST"]


class TestErrorCodesOnSQLite(ErrorCodes, GraphQLService, OnSQLite):
    pass
