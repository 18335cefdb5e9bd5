"""Dates outside 1900-01-01 .. today + 1 year are refused wherever a caller gives one:
422 `date_out_of_range` over REST, `BAD_USER_INPUT` over GraphQL, never a 500.

The service's today is the suite's (2026-06-30), so the latest date allowed is
2027-06-30. The command line's refusal is tested in tests/cli/test_indicators_command.py.
"""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest

from registry.api.routes import API_PREFIX
from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child

RANGE = ("1900-01-01", "2027-06-30")
# (from, to, the argument refused): the ends of the calendar and the first day
# outside the range on either side.
OUT_OF_RANGE = [
    ("0001-01-01", "0001-03-01", "from"),
    ("2025-01-01", "9999-12-31", "to"),
    ("1899-12-31", "2025-12-31", "from"),
    ("2025-01-01", "2027-07-01", "to"),
]
EXPORTS = ("/indicators.csv", "/indicators.xlsx")
INDICATORS = """
query ($from: Date!, $to: Date!) { indicators(from: $from, to: $to) { referenceDate } }
"""
AS_OF = """
query ($id: ID!, $date: Date!) { childAsOf(id: $id, date: $date) { status } }
"""
AS_RECORDED = """
query ($id: ID!, $at: DateTime!) { childAsRecorded(id: $id, at: $at) { status } }
"""


def admitted_child(service: Service) -> UUID:
    child = register_child(service.registry).id
    admit(service.registry, child, open_provider(service.registry))
    service.caught_up()
    return child


def logged_reads(service: Service, child: UUID) -> int:
    """Entries of the child's access log: a refused question reads nothing."""
    return len(service.client.app.state.access_log.for_child(child))  # type: ignore[attr-defined]


def assert_refused(message: str, argument: str) -> None:
    """The message names the argument and the range, and nothing the caller sent."""
    assert f"`{argument}`" in message and all(end in message for end in RANGE), message


class DateRange(GraphQLService):
    def export(self, service: Service, path: str, from_: str, to: str) -> httpx.Response:
        response: httpx.Response = service.client.get(
            f"{API_PREFIX}{path}",
            params={"from": from_, "to": to},
            headers={"Authorization": f"Bearer {service.tokens['monitor']}"},
        )
        return response

    @pytest.mark.parametrize("path", EXPORTS)
    @pytest.mark.parametrize(("from_", "to", "argument"), OUT_OF_RANGE)
    def test_an_export_outside_the_range_is_a_422(
        self, service: Service, path: str, from_: str, to: str, argument: str
    ) -> None:
        response = self.export(service, path, from_, to)

        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "date_out_of_range"
        assert_refused(problem["detail"], argument)

    @pytest.mark.parametrize("path", EXPORTS)
    def test_the_ends_of_the_range_are_allowed(self, service: Service, path: str) -> None:
        assert self.export(service, path, *RANGE).status_code == 200

    @pytest.mark.parametrize("path", EXPORTS)
    def test_openapi_lists_the_code(self, service: Service, path: str) -> None:
        operation = service.client.get("/openapi.json").json()["paths"][f"{API_PREFIX}{path}"]
        assert "`date_out_of_range`" in operation["get"]["responses"]["422"]["description"]

    @pytest.mark.parametrize(("from_", "to", "argument"), OUT_OF_RANGE)
    def test_graphql_indicators_outside_the_range_are_bad_input(
        self, service: Service, from_: str, to: str, argument: str
    ) -> None:
        answer = service.post(INDICATORS, {"from": from_, "to": to})

        assert error_codes(answer) == ["BAD_USER_INPUT"]
        assert_refused(answer["errors"][0]["message"], argument)
        assert answer["data"] is None

    def test_graphql_indicators_at_the_ends_of_the_range(self, service: Service) -> None:
        data = service.data(INDICATORS, {"from": RANGE[0], "to": RANGE[1]})
        assert data["indicators"]["referenceDate"] == RANGE[1]

    @pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2027-07-01", "9999-12-31"])
    def test_child_as_of_a_date_outside_the_range_is_bad_input(
        self, service: Service, day: str
    ) -> None:
        child = admitted_child(service)

        answer = service.post(AS_OF, {"id": str(child), "date": day})

        assert error_codes(answer) == ["BAD_USER_INPUT"]
        assert_refused(answer["errors"][0]["message"], "date")
        assert logged_reads(service, child) == 0

    @pytest.mark.parametrize(
        "moment", ["0001-01-01T00:00:00+01:00", "1899-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00"]
    )
    def test_child_as_recorded_at_a_moment_outside_the_range_is_bad_input(
        self, service: Service, moment: str
    ) -> None:
        child = admitted_child(service)

        answer = service.post(AS_RECORDED, {"id": str(child), "at": moment})

        assert error_codes(answer) == ["BAD_USER_INPUT"]
        assert_refused(answer["errors"][0]["message"], "at")
        assert logged_reads(service, child) == 0

    def test_time_travel_at_the_ends_of_the_range(self, service: Service) -> None:
        child = admitted_child(service)
        early = service.data(AS_OF, {"id": str(child), "date": RANGE[0]})
        late = service.data(AS_RECORDED, {"id": str(child), "at": f"{RANGE[1]}T23:59:59Z"})
        assert early == {"childAsOf": None}
        assert late["childAsRecorded"]["status"] == "in_care"
        assert logged_reads(service, child) == 2


class TestDateRangeOnSQLite(OnSQLite, DateRange):
    pass


class TestDateRangeOnPostgres(OnPostgres, DateRange):
    pass
