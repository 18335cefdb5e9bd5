"""The stated reason for reading a child's record is stored exactly, in any script:
UTF-8 percent-encoded in `X-Access-Reason`, or as the request's
`extensions.accessReason`; one that cannot be stored exactly is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from registry.api.access_reason import MAX_LENGTH
from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import register_child

REASON = "Məhkəmə sorğusu №12"
READ = "query($id: ID!) { child(id: $id) { status } }"
LOG = "query($id: ID!) { accessLog(childId: $id) { field reason } }"


def read(
    service: Service,
    child: str,
    *,
    header: str | bytes | None = None,
    extensions: dict[str, Any] | None = None,
) -> Any:
    """The raw answer to reading the child as an officer stating a reason."""
    headers: dict[str, str | bytes] = {"Authorization": f"Bearer {service.tokens['officer-north']}"}
    if header is not None:
        headers["X-Access-Reason"] = header
    body: dict[str, Any] = {"query": READ, "variables": {"id": child}}
    if extensions is not None:
        body["extensions"] = extensions
    return service.client.post("/graphql", json=body, headers=headers)


class AccessReasons:
    @pytest.fixture
    def child(self, service: Service) -> str:
        child = str(register_child(service.registry).id)
        service.caught_up()
        return child

    def reasons(self, service: Service, child: str) -> list[str | None]:
        return [entry["reason"] for entry in service.data(LOG, {"id": child})["accessLog"]]

    def test_a_percent_encoded_header_is_stored_exactly(self, service: Service, child: str) -> None:
        answer = read(service, child, header=quote(REASON))
        assert answer.status_code == 200 and "errors" not in answer.json()
        assert self.reasons(service, child) == [REASON]

    def test_the_request_extension_is_stored_exactly(self, service: Service, child: str) -> None:
        answer = read(service, child, extensions={"accessReason": REASON})
        assert answer.status_code == 200 and "errors" not in answer.json()
        assert self.reasons(service, child) == [REASON]

    def test_a_plain_ascii_header_is_stored_as_sent(self, service: Service, child: str) -> None:
        read(service, child, header="case review, 50% done")
        assert self.reasons(service, child) == ["case review, 50% done"]

    def test_a_reason_at_the_limit_is_accepted(self, service: Service, child: str) -> None:
        longest = "ə" * MAX_LENGTH
        assert read(service, child, header=quote(longest)).status_code == 200
        assert self.reasons(service, child) == [longest]

    @pytest.mark.parametrize(
        "header",
        [
            quote("ə" * (MAX_LENGTH + 1)),
            "x" * 100_000,
            quote("line one\nline two"),
            "%C9",  # the first byte of ə alone: not UTF-8
            "Məhkəmə".encode(),  # raw UTF-8 in a header arrives as Latin-1
        ],
        ids=["too long", "100000 characters", "control character", "broken UTF-8", "raw UTF-8"],
    )
    def test_a_header_that_cannot_be_stored_exactly_is_refused(
        self, service: Service, child: str, header: str | bytes
    ) -> None:
        answer = read(service, child, header=header)
        assert answer.status_code == 422
        assert answer.json()["code"] == "validation"
        assert "X-Access-Reason" in answer.json()["detail"]
        assert self.reasons(service, child) == []

    @pytest.mark.parametrize(
        "stated",
        ["ə" * (MAX_LENGTH + 1), "bell\u0007", 12],
        ids=["too long", "control character", "not a string"],
    )
    def test_an_extension_that_cannot_be_stored_exactly_is_refused(
        self, service: Service, child: str, stated: object
    ) -> None:
        answer = read(service, child, extensions={"accessReason": stated}).json()
        assert answer.get("data") is None
        assert error_codes(answer) == ["BAD_USER_INPUT"]
        assert self.reasons(service, child) == []

    def test_a_reason_stated_twice_is_refused(self, service: Service, child: str) -> None:
        answer = read(service, child, header="one", extensions={"accessReason": "two"}).json()
        assert error_codes(answer) == ["BAD_USER_INPUT"]
        assert self.reasons(service, child) == []


class TestAccessReasonsOnSQLite(AccessReasons, GraphQLService, OnSQLite):
    pass


class TestAccessReasonsOnPostgres(AccessReasons, GraphQLService, OnPostgres):
    pass
