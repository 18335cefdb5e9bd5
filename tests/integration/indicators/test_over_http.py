"""The indicator report over HTTP: the CSV and workbook exports and a real GraphQL
query, with exact figures for monitors and suppressed ones for evaluators."""

from __future__ import annotations

import io
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from registry.api.routes import API_PREFIX
from tests.integration.graphql.service import GraphQLService, Service
from tests.integration.indicators.fixture import Registry
from tests.support.backends import OnPostgres, OnSQLite

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


@dataclass
class Served:
    client: TestClient
    tokens: dict[str, str]

    def get(self, path: str, user: str, **params: str) -> httpx.Response:
        response: httpx.Response = self.client.get(
            f"{API_PREFIX}{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.tokens[user]}"},
        )
        return response


class IndicatorsOverHttp(GraphQLService):
    @pytest.fixture
    def served(self, service: Service) -> Served:
        """The service with the hand-worked fixture recorded and projected."""
        Registry(service.registry).build()
        service.caught_up()
        return Served(service.client, service.tokens)

    def test_csv_for_a_monitor_is_exact(self, served: Served) -> None:
        response = served.get("/indicators.csv", "monitor", group_by="district", **PERIOD)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        lines = response.text.splitlines()
        assert lines[0] == "indicator,group,value,numerator,denominator,suppressed,from,to"
        assert "in_care,district=north,4,4,,false,2025-01-01,2025-12-31" in lines
        assert "family_based_share,total,66.67,6,9,false,2025-01-01,2025-12-31" in lines

    def test_csv_for_an_evaluator_hides_small_cells(self, served: Served) -> None:
        response = served.get("/indicators.csv", "evaluator", group_by="district", **PERIOD)
        lines = response.text.splitlines()
        assert "in_care,district=north,,,,true,2025-01-01,2025-12-31" in lines
        assert "in_care,district=south,,,,true,2025-01-01,2025-12-31" in lines

    def test_workbook_has_a_sheet_per_indicator_with_its_formula(self, served: Served) -> None:
        response = served.get("/indicators.xlsx", "monitor", **PERIOD)
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        assert "permanency_12_months" in workbook.sheetnames
        sheet = workbook["permanency_12_months"]
        assert [cell.value for cell in sheet[2]] == [57.14, 4, 7, False]
        comment = sheet.cell(row=1, column=1).comment
        assert comment is not None and "CFSR" in comment.text

    def test_unknown_dimension_is_a_validation_problem(self, served: Served) -> None:
        response = served.get("/indicators.csv", "monitor", group_by="religion", **PERIOD)
        assert response.status_code == 422
        assert response.json()["code"] == "validation"

    def test_graphql_indicators_query(self, served: Served) -> None:
        query = """
          query ($from: Date!, $to: Date!) {
            indicators(from: $from, to: $to, groupBy: [DISTRICT]) {
              referenceDate suppressionThreshold
              rows { indicator group { dimension value } value numerator denominator suppressed }
            }
          }"""
        answers = {}
        for user in ("monitor", "evaluator"):
            response = served.client.post(
                "/graphql",
                json={"query": query, "variables": PERIOD},
                headers={"Authorization": f"Bearer {served.tokens[user]}"},
            )
            assert "errors" not in response.json(), response.json()
            answers[user] = response.json()["data"]["indicators"]
        exact, hidden = answers["monitor"], answers["evaluator"]
        assert exact["referenceDate"] == "2025-12-31" and exact["suppressionThreshold"] is None
        north = {"dimension": "district", "value": "north"}
        in_care = [
            r for r in exact["rows"] if r["indicator"] == "in_care" and r["group"] == [north]
        ]
        assert in_care[0]["value"] == 4.0 and in_care[0]["suppressed"] is False
        assert hidden["suppressionThreshold"] == 5
        in_care = [
            r for r in hidden["rows"] if r["indicator"] == "in_care" and r["group"] == [north]
        ]
        assert in_care[0] == {
            "indicator": "in_care",
            "group": [north],
            "value": None,
            "numerator": None,
            "denominator": None,
            "suppressed": True,
        }


class TestIndicatorsOverHttpOnSQLite(OnSQLite, IndicatorsOverHttp):
    pass


class TestIndicatorsOverHttpOnPostgres(OnPostgres, IndicatorsOverHttp):
    pass
