"""Searching children by name in any script, birth date and personal id over GraphQL,
on SQLite and PostgreSQL: matching, ranking, pagination, scope, refusals, the access log."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from registry.domain.values import Sex
from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support import journeys
from tests.support.backends import OnPostgres, OnSQLite

SEARCH = """
query Search($filter: ChildFilter, $first: Int, $after: String) {
  children(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id givenName familyName } }
  }
}
"""
LOG = "query($id: ID!) { accessLog(childId: $id) { userId field } }"


def register(service: Service, given: str, family: str, **fields: Any) -> UUID:
    return journeys.register_child(
        service.registry, given_name=given, family_name=family, **fields
    ).id


def found(service: Service, user: str = "officer-north", **criteria: Any) -> list[str]:
    """The family names of the first page a search returns, in its order."""
    page = service.data(SEARCH, {"filter": criteria}, user=user)["children"]
    return [edge["node"]["familyName"] for edge in page["edges"]]


class NameSearch:
    @pytest.fixture
    def register_of_names(self, service: Service) -> dict[str, UUID]:
        ids = {
            "Məmmədova": register(
                service, "Aysel", "Məmmədova", patronymic="Şahin qızı", personal_id="5ZK7Q2P"
            ),
            "Мамедова": register(service, "Айсель", "Мамедова", patronymic="Шахиновна"),
            "Mamedov": register(service, "Elvin", "Mamedov", sex=Sex.MALE),
            "Əliyeva": register(service, "Nigar", "Əliyeva", birth_date=date(2015, 3, 4)),
            "Həsənova": register(service, "Nigara", "Həsənova", birth_date=date(2015, 4, 3)),
            "Petrova": register(service, "Ana", "Petrova"),
            "Quliyeva": register(service, "Aysel", "Quliyeva", district="south"),
        }
        service.caught_up()
        return ids

    def test_the_scripts_and_spellings_of_a_name_find_each_other(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        both = ["Məmmədova", "Мамедова"]
        for spelling in ("Məmmədova", "Mammadova", "MAMEDOVA", "Мамедова", "Мәммәдова"):
            assert sorted(found(service, query=spelling)) == both, spelling
        assert found(service, query="Mamedov") == ["Mamedov", *both]

    def test_a_word_may_be_the_start_of_a_name_and_all_words_must_match(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        assert sorted(found(service, query="мамед")) == ["Mamedov", "Məmmədova", "Мамедова"]
        assert sorted(found(service, query="Aysel Məmm")) == ["Məmmədova", "Мамедова"]
        assert found(service, query="Aysel Petrova") == []

    def test_a_patronymic_in_either_form_is_searched_by_the_fathers_name(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        assert sorted(found(service, query="Şahin qızı")) == ["Məmmədova", "Мамедова"]
        assert sorted(found(service, query="Shakhin")) == ["Məmmədova", "Мамедова"]

    def test_a_word_typed_whole_ranks_before_the_start_of_a_longer_one(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        register(service, "Nigar", "Zeynalova")
        service.caught_up()
        # Zeynalova comes last in the order of names, but Nigar is her whole given name.
        assert found(service, query="Nigar") == ["Əliyeva", "Zeynalova", "Həsənova"]

    def test_birth_date_birth_year_and_personal_id(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        assert found(service, birthDate="2015-03-04") == ["Əliyeva"]
        assert found(service, birthYear=2015) == ["Əliyeva", "Həsənova"]
        assert found(service, personalId=" 5ZK7Q2P ") == ["Məmmədova"]
        assert found(service, query="Nigar", birthDate="2015-04-03") == ["Həsənova"]

    def test_pages_of_a_search_follow_its_ranking_to_the_end(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        whole = found(service, user="supervisor", query="a")
        assert len(whole) == 6 and "Həsənova" not in whole
        seen: list[str] = []
        after = None
        while True:
            page = service.data(
                SEARCH, {"filter": {"query": "a"}, "first": 2, "after": after}, user="supervisor"
            )["children"]
            assert page["totalCount"] == len(whole)
            seen.extend(edge["node"]["familyName"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
            assert after == page["edges"][-1]["cursor"]
        assert seen == whole

    def test_a_search_sees_only_the_callers_districts(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        assert found(service, query="Aysel") == ["Məmmədova", "Мамедова"]
        assert found(service, user="officer-south", query="Aysel") == ["Quliyeva"]
        assert found(service, user="officer-south", query="Məmmədova") == []
        # Q follows K in the Azerbaijani alphabet, before L and M.
        assert found(service, user="monitor", query="Aysel") == [
            "Quliyeva",
            "Məmmədova",
            "Мамедова",
        ]

    def test_refusals(self, service: Service, register_of_names: dict[str, UUID]) -> None:
        def codes(criteria: dict[str, Any], user: str = "officer-north", **kw: Any) -> list[str]:
            return error_codes(service.post(SEARCH, {"filter": criteria, **kw}, user=user))

        for criteria in ({"query": "Aysel"}, {"birthYear": 2015}, {"personalId": "5ZK7Q2P"}):
            assert codes(criteria, user="evaluator") == ["FORBIDDEN"]
        assert codes({"query": "12 - 3"}) == ["BAD_USER_INPUT"]
        assert codes({"birthYear": 1800}) == ["BAD_USER_INPUT"]
        assert codes({"birthDate": "1899-12-31"}) == ["BAD_USER_INPUT"]
        plain = service.data(SEARCH, {"first": 1}, user="officer-north")["children"]
        cursor = plain["pageInfo"]["endCursor"]
        assert codes({"query": "Aysel"}, after=cursor) == ["BAD_USER_INPUT"]

    def test_each_child_a_search_returns_is_logged_under_the_searchs_hash(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        found(service, query="Məmmədova")
        found(service, query="  MƏMMƏDOVA ")
        found(service, query="Mamedov")
        entries = service.data(LOG, {"id": str(register_of_names["Məmmədova"])})["accessLog"]
        fields = [entry["field"] for entry in entries]
        assert len(fields) == 3 and all(field.startswith("search:") for field in fields)
        assert fields[0] == fields[1] != fields[2]
        assert {entry["userId"] for entry in entries} == {service.user_ids["officer-north"]}
        assert service.data(LOG, {"id": str(register_of_names["Petrova"])})["accessLog"] == []
        with service.read_side.database.reading() as connection:
            logged = connection.execute("SELECT field FROM access_log").fetchall()
        assert not any("mam" in field.casefold() for (field,) in logged)

    def test_a_corrected_name_is_found_by_the_correction(
        self, service: Service, register_of_names: dict[str, UUID]
    ) -> None:
        journeys.correct(
            service.registry,
            register_of_names["Petrova"],
            date(2024, 2, 1),
            corrects=1,
            changes={"family_name": "Rzayeva"},
            reason="spelling",
        )
        service.caught_up()
        assert found(service, query="Rzaeva") == ["Rzayeva"]
        assert found(service, query="Petrova") == []


class TestNameSearchOnSQLite(NameSearch, GraphQLService, OnSQLite):
    pass


class TestNameSearchOnPostgres(NameSearch, GraphQLService, OnPostgres):
    pass
