"""Who may read what through GraphQL (docs/design.md section 2), on SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child

NAMED_READS = {
    "child": "query($id: ID!) { child(id: $id) { id status } }",
    "childAsOf": 'query($id: ID!) { childAsOf(id: $id, date: "2024-06-01") { status } }',
    "childAsRecorded": (
        'query($id: ID!) { childAsRecorded(id: $id, at: "2027-06-01T00:00:00Z") { status } }'
    ),
    "accessLog": "query($id: ID!) { accessLog(childId: $id) { userId } }",
}


def placed_child(service: Service, district: str = "north") -> UUID:
    provider = open_provider(service.registry, district=district)
    child = register_child(service.registry, district=district).id
    admit(service.registry, child, provider)
    service.caught_up()
    return child


class Authorisation:
    @pytest.mark.parametrize("field", sorted(NAMED_READS))
    def test_evaluators_never_read_a_named_record(self, service: Service, field: str) -> None:
        child = placed_child(service)
        answer = service.post(NAMED_READS[field], {"id": str(child)}, user="evaluator")
        assert error_codes(answer) == ["FORBIDDEN"]
        assert answer["data"] == {field: None} or answer["data"] is None

    @pytest.mark.parametrize(
        "field", ["edges { node { district sex } }", "pageInfo { hasNextPage }"]
    )
    def test_evaluators_get_no_row_of_any_child(self, service: Service, field: str) -> None:
        placed_child(service)
        answer = service.post(f"{{ children {{ totalCount {field} }} }}", user="evaluator")
        assert error_codes(answer) == ["FORBIDDEN"]
        assert "north" not in str(answer) and "female" not in str(answer)

    def test_evaluators_see_counts_suppressed_as_one_table(self, service: Service) -> None:
        """Seven children in north and two in south: the two are hidden, and north with
        them, since the total less north would give south away."""
        for _ in range(7):
            placed_child(service, "north")
        for _ in range(2):
            placed_child(service, "south")

        def total(**filter: str) -> int | None:
            arguments = ", ".join(f'{key}: "{value}"' for key, value in filter.items())
            query = f"{{ children(filter: {{ {arguments} }}) {{ totalCount }} }}"
            count: int | None = service.data(query, user="evaluator")["children"]["totalCount"]
            return count

        assert total() == 9
        assert total(district="south") is None
        assert total(district="north") is None
        assert total(status="in_care") == 9
        assert total(setting="foster_family") == 9
        assert total(district="atlantis") == 0
        assert service.data("{ children { totalCount } }", user="monitor")["children"] == {
            "totalCount": 9
        }

    def test_evaluators_do_not_see_alerts(self, service: Service) -> None:
        placed_child(service)
        answer = service.post("{ alerts { kind childId } }", user="evaluator")
        assert error_codes(answer) == ["FORBIDDEN"]
        assert answer["data"] is None

    def test_evaluators_do_not_see_carers(self, service: Service) -> None:
        placed_child(service)
        answer = service.post("{ providers { name } }", user="evaluator")
        assert error_codes(answer) == ["FORBIDDEN"]

    def test_officers_read_children_of_their_districts_only(self, service: Service) -> None:
        north = placed_child(service, "north")
        south = placed_child(service, "south")
        query = NAMED_READS["child"]
        assert service.data(query, {"id": str(north)}, user="officer-north")["child"]
        refused = service.post(query, {"id": str(south)}, user="officer-north")
        assert error_codes(refused) == ["FORBIDDEN"]
        as_of = service.post(NAMED_READS["childAsOf"], {"id": str(south)}, user="officer-north")
        assert error_codes(as_of) == ["FORBIDDEN"]
        listed = service.data("{ children { edges { node { id } } } }", user="officer-north")
        assert [edge["node"]["id"] for edge in listed["children"]["edges"]] == [str(north)]

    def test_monitors_and_supervisors_read_every_district(self, service: Service) -> None:
        south = placed_child(service, "south")
        for user in ("monitor", "supervisor", "admin"):
            found = service.data(NAMED_READS["child"], {"id": str(south)}, user=user)
            assert found["child"]["id"] == str(south)

    @pytest.mark.parametrize("user", ["officer-north", "admin", "evaluator"])
    def test_only_monitors_and_supervisors_read_the_access_log(
        self, service: Service, user: str
    ) -> None:
        child = placed_child(service)
        answer = service.post(NAMED_READS["accessLog"], {"id": str(child)}, user=user)
        assert error_codes(answer) == ["FORBIDDEN"]

    def test_without_a_token_every_field_is_refused(self, service: Service) -> None:
        child = placed_child(service)
        for query in (*NAMED_READS.values(), "{ children { totalCount } }", "{ alerts { kind } }"):
            answer = service.post(query, {"id": str(child)}, user=None)
            assert error_codes(answer) == ["UNAUTHENTICATED"], query

    def test_a_bad_token_is_a_401_problem(self, service: Service) -> None:
        response = service.client.post(
            "/graphql",
            json={"query": "{ children { totalCount } }"},
            headers={"Authorization": "Bearer not-a-token"},
        )
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"


class TestAuthorisationOnSQLite(Authorisation, GraphQLService, OnSQLite):
    pass


class TestAuthorisationOnPostgres(Authorisation, GraphQLService, OnPostgres):
    pass
