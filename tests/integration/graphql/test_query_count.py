"""A page of children with their providers costs a constant number of SQL statements.

Statements are counted on the read side's query connections (the projection
follower's own thread is left out). The page of 50 children with current
providers costs exactly 3 statements: the filtered total, the page, and one
batched provider lookup — the same as a page of 5. Adding plans, alerts and
history costs 6 (one more each); the history reads are logged in one more
statement on the API's own connection, where the deciders of every history entry
on the page cost one statement of the user store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from registry.domain import commands
from registry.domain.values import AssessmentOutcome
from tests.integration.graphql.service import GraphQLService, Service
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, on, open_provider, register_child

PAGE_WITH_PROVIDERS = """
query($first: Int) {
  children(first: $first) {
    edges { node { id currentPlacement { setting provider { id name } } } }
  }
}
"""
PAGE_WITH_EVERYTHING = """
query($first: Int) {
  children(first: $first) {
    edges { node {
      id familyName daysInCare
      currentPlacement { provider { name } }
      plans { id } alerts { kind } history { type }
    } }
  }
}
"""
PAGE_WITH_DECIDERS = """
query($first: Int) {
  children(first: $first) {
    edges { node { id history { decider { name } } } }
  }
}
"""
USER_LOOKUP = "FROM registry_users WHERE id IN"
STATEMENTS_FOR_A_PAGE_WITH_PROVIDERS = 3
STATEMENTS_FOR_A_PAGE_WITH_EVERYTHING = 6
FOLLOWER_THREAD = "read-side"


class CountingConnection:
    def __init__(self, connection: Any, statements: list[str]) -> None:
        self._connection = connection
        self._statements = statements

    def execute(self, statement: str, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name != FOLLOWER_THREAD:
            self._statements.append(statement)
        return self._connection.execute(statement, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class CountingSession:
    def __init__(self, session: Any, statements: list[str]) -> None:
        self._session = session
        self._statements = statements

    def execute(self, statement: str, *args: Any, **kwargs: Any) -> Any:
        self._statements.append(statement)
        return self._session.execute(statement, *args, **kwargs)


class QueryCount:
    @pytest.fixture
    def statements(self, service: Service, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        """SQL statements the read side runs for requests, from now on."""
        database = service.read_side.queries.database
        original = database.reading
        seen: list[str] = []

        @contextmanager
        def reading() -> Iterator[CountingConnection]:
            with original() as connection:
                yield CountingConnection(connection, seen)

        monkeypatch.setattr(database, "reading", reading)
        return seen

    @pytest.fixture
    def api_statements(self, service: Service, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        """SQL statements run on the API's own connection (users, access log), from now on."""
        database = service.client.app.state.database  # type: ignore[attr-defined]
        original = database.transaction
        seen: list[str] = []

        @contextmanager
        def transaction() -> Iterator[CountingSession]:
            with original() as session:
                yield CountingSession(session, seen)

        monkeypatch.setattr(database, "transaction", transaction)
        return seen

    def fifty_placed_children(self, service: Service) -> None:
        providers = [open_provider(service.registry, capacity=10) for _ in range(5)]
        for number in range(50):
            child = register_child(service.registry, family_name=f"Family{number:02}").id
            admit(service.registry, child, providers[number % 5])
        service.caught_up()

    def count(self, service: Service, statements: list[str], query: str, first: int) -> int:
        statements.clear()
        page = service.data(query, {"first": first})["children"]["edges"]
        assert len(page) == first
        assert all(edge["node"]["currentPlacement"]["provider"] for edge in page)
        return len(statements)

    def test_a_page_of_50_children_with_providers_costs_3_statements(
        self, service: Service, statements: list[str]
    ) -> None:
        self.fifty_placed_children(service)
        fifty = self.count(service, statements, PAGE_WITH_PROVIDERS, 50)
        assert fifty == STATEMENTS_FOR_A_PAGE_WITH_PROVIDERS
        assert self.count(service, statements, PAGE_WITH_PROVIDERS, 5) == fifty

    def test_plans_alerts_and_history_cost_one_statement_each(
        self, service: Service, statements: list[str]
    ) -> None:
        self.fifty_placed_children(service)
        fifty = self.count(service, statements, PAGE_WITH_EVERYTHING, 50)
        assert fifty == self.count(service, statements, PAGE_WITH_EVERYTHING, 5)
        assert fifty == STATEMENTS_FOR_A_PAGE_WITH_EVERYTHING

    def test_the_deciders_of_a_page_cost_one_user_store_statement(
        self, service: Service, api_statements: list[str]
    ) -> None:
        self.fifty_placed_children(service)
        page = service.data(PAGE_WITH_PROVIDERS, {"first": 50})["children"]["edges"]
        deciders = [service.user_ids[name] for name in ("officer-north", "supervisor", "admin")]
        for number, edge in enumerate(page):
            service.registry.handle(
                commands.AssessNeeds(
                    header=on(date(2024, 3, 1), by=deciders[number % 3]),
                    child_id=UUID(edge["node"]["id"]),
                    outcome=AssessmentOutcome.DIVERTED,
                    recommended_setting=None,
                    options_considered=[],
                )
            )
        service.caught_up()
        api_statements.clear()
        page = service.data(PAGE_WITH_DECIDERS, {"first": 50})["children"]["edges"]
        named = {
            entry["decider"]["name"] if entry["decider"] else None
            for edge in page
            for entry in edge["node"]["history"]
        }
        assert named == {None, "officer-north", "supervisor", "admin"}
        assert sum(USER_LOOKUP in statement for statement in api_statements) == 1


class TestQueryCountOnSQLite(QueryCount, GraphQLService, OnSQLite):
    pass


class TestQueryCountOnPostgres(QueryCount, GraphQLService, OnPostgres):
    pass
