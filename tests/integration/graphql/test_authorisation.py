"""Who may read what through GraphQL (DESIGN.md section 1), on SQLite and PostgreSQL."""

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
        'query($id: ID!) { childAsRecorded(id: $id, at: "2030-01-01T00:00:00Z") { status } }'
    ),
    "accessLog": "query($id: ID!) { accessLog(childId: $id) { userId } }",
}
PERSONAL_FIELDS = ("givenName", "familyName", "patronymic", "birthDate", "history { version }")


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

    @pytest.mark.parametrize("field", PERSONAL_FIELDS)
    def test_evaluators_get_no_personal_field_in_children(
        self, service: Service, field: str
    ) -> None:
        placed_child(service)
        answer = service.post(
            f"{{ children {{ edges {{ node {{ district {field} }} }} }} }}", user="evaluator"
        )
        assert error_codes(answer) == ["FORBIDDEN"]
        node = answer["data"]["children"]["edges"][0]["node"]
        assert node["district"] == "north"
        assert node[field.split(" ")[0]] is None
        assert "Petrova" not in str(answer) and "Ana" not in str(answer)

    def test_evaluators_see_de_identified_listings(self, service: Service) -> None:
        placed_child(service)
        listing = (
            "{ children { totalCount edges { node { status sex currentPlacement { setting } } } } }"
        )
        page = service.data(
            listing,
            user="evaluator",
        )["children"]
        assert page["totalCount"] == 1
        assert page["edges"][0]["node"]["currentPlacement"] == {"setting": "foster_family"}

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
