"""The suppression audit (`tests.support.disclosure`) on registries built through the
application: the hand-worked one, on both backends, in several groupings, and
random histories on SQLite. Its true finest counts are read with the report's own
unit queries at every dimension."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.indicators import DIMENSIONS, Period, compute_report
from projections.indicators import sql as unit_sql
from projections.indicators.report import unit_columns
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.database import dialect_of
from tests.integration.indicators.fixture import FROM, TO, Registry
from tests.integration.indicators.test_properties import PERIOD, Story, registry_of, stories
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.disclosure import Audit

GROUPINGS = [(), ("district",), ("setting",), ("district", "sex"), ("age_band", "setting")]
Fact = tuple[str, Mapping[str, Any], int]


def finest_counts(side: ReadSide, period: Period) -> list[Fact]:
    """(measure, attributes, count) at every dimension of every unit query."""
    side.catch_up()
    facts: list[Fact] = []
    with side.queries.connection() as connection:
        dialect = dialect_of(connection)
        params = dialect.params(period.parameters())
        for statement in dialect.begin_snapshot():
            connection.execute(statement)
        try:
            for unit in unit_sql.UNIT_QUERIES:
                columns = unit_columns(unit, DIMENSIONS)
                statement = dialect.render(unit.statement(dialect, columns))
                width = len(columns) + (1 if unit.by_days else 0)
                for record in connection.execute(statement, params).fetchall():
                    attributes = dict(zip(columns, record[: len(columns)], strict=True))
                    for measure, count in zip(unit.measures, record[width:], strict=True):
                        if measure not in {"moves", "days_in_care"}:
                            facts.append((measure, attributes, int(count or 0)))
        finally:
            connection.execute("ROLLBACK")
    return facts


def audit(side: ReadSide, period: Period, facts: Iterable[Fact], threshold: int) -> None:
    facts = list(facts)
    districts = sorted({str(attributes["district"]) for _, attributes, _ in facts})
    for group_by in GROUPINGS:
        with side.queries.connection() as connection:
            report = compute_report(connection, period, group_by, suppression_threshold=threshold)
        model = Audit(districts, group_by)
        assert model.leaks(report, model.facts(facts), threshold) == [], group_by


class HandWorkedDisclosure:
    @pytest.mark.parametrize("threshold", [3, 5])
    def test_no_small_count_can_be_narrowed(
        self, app: RegistryApplication, read_side: ReadSide, threshold: int
    ) -> None:
        Registry(app).build()
        period = Period(FROM, TO)
        audit(read_side, period, finest_counts(read_side, period), threshold)


class TestHandWorkedOnSQLite(OnSQLite, HandWorkedDisclosure):
    pass


@pytest.mark.postgres
class TestHandWorkedOnPostgres(OnPostgres, HandWorkedDisclosure):
    pass


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(stories, min_size=1, max_size=30))
def test_random_histories_reveal_no_small_count(histories: list[Story]) -> None:
    with registry_of(histories) as side:
        audit(side, PERIOD, finest_counts(side, PERIOD), 5)
