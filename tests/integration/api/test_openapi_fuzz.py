"""Schemathesis against the live OpenAPI schema, in process: generated requests
(valid and invalid) never meet a 5xx, and every answer matches the schema.

Generated child and provider ids would almost always be unknown (404), so half
of the cases aim at a real child in care and a real approved provider: those
reach the rules and answer 200 or a documented refusal.

Generated commands are also sent padded past the body limit and labelled with
media types other than JSON: each is refused as documented (413, 415), never 5xx.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok
from schemathesis.schemas import BaseSchema

from tests.integration.api.support import Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES_PER_OPERATION = 12
REFUSED_EXAMPLES_PER_COMMAND = 3
MISLABELLED: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    ("text/plain", json.dumps),
    ("application/octet-stream", lambda body: json.dumps(body).encode()),
    ("application/x-www-form-urlencoded", lambda body: {"body": json.dumps(body)}),
    ("application/xml", lambda body: body),
]
"""Media types a client may wrongly label a command with, and the body sent as each."""


class OpenApiFuzz(ApiCase):
    @pytest.fixture
    def schema(self, api: Api) -> Iterator[BaseSchema]:
        loaded = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
        yield loaded.include(path_regex="^/api/v1/")

    @pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    def test_no_server_error_and_no_schema_violation(
        self, api: Api, schema: BaseSchema, mode: GenerationMode
    ) -> None:
        real_ids = {"child_id": api.child_in_care(), "provider_id": api.provider(capacity=50)}
        operations = [
            result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)
        ]
        assert len(operations) == 23  # 19 commands, the children list, 2 exports, the districts

        for operation in operations:

            @given(case=operation.as_strategy(generation_mode=mode), aim=st.booleans())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any, aim: bool) -> None:
                path_parameters = case.path_parameters or {}
                if aim:
                    for name in path_parameters.keys() & real_ids.keys():
                        path_parameters[name] = real_ids[name]
                caller = (
                    "admin"
                    if case.path.startswith("/api/v1/providers")
                    else ("supervisor_national")
                )
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {api.tokens[caller]}"}, checks=CHECKS
                )

            check()

    def test_oversized_and_mislabelled_commands_are_refused_as_documented(
        self, api: Api, schema: BaseSchema
    ) -> None:
        limit = api.client.app.state.settings.http.max_body_bytes  # type: ignore[attr-defined]
        commands = [
            result.ok()
            for result in schema.get_all_operations()
            if isinstance(result, Ok) and result.ok().method.upper() == "POST"
        ]
        assert len(commands) == 19

        for operation in commands:

            @given(
                case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                mislabel=st.sampled_from(MISLABELLED),
            )
            @settings(
                max_examples=REFUSED_EXAMPLES_PER_COMMAND,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any, mislabel: tuple[str, Callable[[dict[str, Any]], Any]]) -> None:
                body = dict(case.body)
                caller = "admin" if case.path.startswith("/api/v1/providers") else "officer_north"
                headers = {"Authorization": f"Bearer {api.tokens[caller]}"}
                case.body = {**body, "padding": "x" * limit}
                oversized = case.call_and_validate(headers=headers, checks=CHECKS)
                assert oversized.status_code == 413
                assert oversized.json()["code"] == "payload_too_large"
                case.media_type, serialise = mislabel
                case.body = serialise(body)
                mislabelled = case.call_and_validate(headers=headers, checks=CHECKS)
                assert mislabelled.status_code == 415
                assert mislabelled.json()["code"] == "unsupported_media_type"

            check()


class TestOpenApiFuzzOnSQLite(OpenApiFuzz, OnSQLite):
    pass


class TestOpenApiFuzzOnPostgres(OpenApiFuzz, OnPostgres):
    pass
