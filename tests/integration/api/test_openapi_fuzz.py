"""Schemathesis against the live OpenAPI schema, in process: generated requests
(valid and invalid) never meet a 5xx, and every answer matches the schema.

Generated child and provider ids would almost always be unknown (404), so half
of the cases aim at a real child in care and a real approved provider: those
reach the rules and answer 200 or a documented refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
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
        assert len(operations) == 19  # 17 commands and the two indicator exports

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


class TestOpenApiFuzzOnSQLite(OpenApiFuzz, OnSQLite):
    pass


class TestOpenApiFuzzOnPostgres(OpenApiFuzz, OnPostgres):
    pass
