"""Every caller against every query: GraphQL root fields (and a child's history) and the
indicator exports over REST, with the exact outcome expected for each role.

The child read here lives in the north district, so an officer of the south is an
outsider to it. The table is the authorisation design of docs/design.md section 2 written
out: a change of who may read what must change this table.
"""

from __future__ import annotations

from typing import Any

from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.integration.graphql.test_authorisation import placed_child
from tests.support.backends import OnPostgres, OnSQLite

CALLERS = (None, "officer-north", "officer-south", "supervisor", "monitor", "evaluator", "admin")
QUERIES = {
    "child": "query($id: ID!) { child(id: $id) { id status } }",
    "history": "query($id: ID!) { child(id: $id) { history { version type } } }",
    "childAsOf": 'query($id: ID!) { childAsOf(id: $id, date: "2024-06-01") { status } }',
    "childAsRecorded": (
        'query($id: ID!) { childAsRecorded(id: $id, at: "2027-06-01T00:00:00Z") { status } }'
    ),
    "children": "{ children { totalCount } }",
    "providers": "{ providers { id name } }",
    "alerts": "{ alerts { kind } }",
    "indicators": '{ indicators(from: "2024-01-01", to: "2024-12-31") { rows { indicator } } }',
    "accessLog": "query($id: ID!) { accessLog(childId: $id) { userId } }",
}
OK, FORBIDDEN, UNAUTHENTICATED = "ok", "FORBIDDEN", "UNAUTHENTICATED"
NAMED_RECORD = {
    None: UNAUTHENTICATED,
    "officer-north": OK,
    "officer-south": FORBIDDEN,
    "supervisor": OK,
    "monitor": OK,
    "evaluator": FORBIDDEN,
    "admin": OK,
}
EVERY_ROLE = {caller: OK for caller in CALLERS} | {None: UNAUTHENTICATED}
EXPECTED: dict[str, dict[str | None, str]] = {
    "child": NAMED_RECORD,
    "history": NAMED_RECORD,
    "childAsOf": NAMED_RECORD,
    "childAsRecorded": NAMED_RECORD,
    "children": EVERY_ROLE,
    "providers": EVERY_ROLE | {"evaluator": FORBIDDEN},
    "alerts": EVERY_ROLE | {"evaluator": FORBIDDEN},
    "indicators": EVERY_ROLE,
    "accessLog": {
        None: UNAUTHENTICATED,
        "officer-north": FORBIDDEN,
        "officer-south": FORBIDDEN,
        "supervisor": OK,
        "monitor": OK,
        "evaluator": FORBIDDEN,
        "admin": FORBIDDEN,
    },
}
# Children each caller counts in `children { totalCount }`: districts bound officers,
# and a single child is a small count, suppressed for evaluators.
VISIBLE_CHILDREN: dict[str, int | None] = {"officer-south": 0, "evaluator": None}
EXPORTS = ("/api/v1/indicators.csv", "/api/v1/indicators.xlsx")


def outcome(answer: dict[str, Any]) -> str:
    codes = error_codes(answer)
    return codes[0] if codes else OK


class QueryMatrix:
    def test_every_caller_against_every_query(self, service: Service) -> None:
        child = placed_child(service, "north")
        variables = {"id": str(child)}
        seen: dict[str, dict[str | None, str]] = {}
        for name, query in QUERIES.items():
            seen[name] = {}
            for caller in CALLERS:
                answer = service.post(query, variables if "$id" in query else None, user=caller)
                seen[name][caller] = outcome(answer)
                if name == "children" and caller is not None:
                    total = answer["data"]["children"]["totalCount"]
                    assert total == VISIBLE_CHILDREN.get(caller, 1), caller
        assert seen == EXPECTED

    def test_every_caller_against_the_indicator_exports(self, service: Service) -> None:
        period = {"from": "2024-01-01", "to": "2024-12-31"}
        for path in EXPORTS:
            assert service.client.get(path, params=period).status_code == 401
            for caller in CALLERS[1:]:
                headers = {"Authorization": f"Bearer {service.tokens[caller]}"}
                response = service.client.get(path, params=period, headers=headers)
                assert response.status_code == 200, (path, caller)


class TestQueryMatrixOnSQLite(QueryMatrix, GraphQLService, OnSQLite):
    pass


class TestQueryMatrixOnPostgres(QueryMatrix, GraphQLService, OnPostgres):
    pass
