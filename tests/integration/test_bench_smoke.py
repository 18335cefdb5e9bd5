"""The benchmark in its smoke mode (`--scale 0.01`): every measurement runs and the
results are written, so the benchmark code never rots. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import report, wrk
from bench.config import BenchConfig
from bench.run import run
from tests.conftest import POSTGRES_ADMIN_URL

EXPECTED_KEYS = {
    "bulk_generation_postgres_vs_executemany",
    "bulk_generation_postgres_vs_copy",
    "catch_up_postgres_vs_log",
    "catch_up_postgres_vs_decoded",
    "library_runner_postgres",
    "rebuild_postgres_vs_log",
    "rebuild_postgres_vs_decoded",
    "worker_memory_postgres",
    "worker_memory_rebuild_postgres",
    "direct_decisions_postgres",
    "bulk_generation_sqlite_vs_executemany",
    "catch_up_sqlite_vs_log",
    "catch_up_sqlite_vs_decoded",
    "library_runner_sqlite",
    "worker_memory_sqlite",
    "direct_decisions_sqlite",
    "duplicate_recall",
    "duplicate_precision",
    "duplicate_check_p99_postgres",
    "name_search_p99_postgres",
    "duplicate_check_p99_sqlite",
    "name_search_p99_sqlite",
}
HTTP_KEYS = {
    "http_decisions_1",
    "http_decisions_16",
    "graphql_child_with_history_throughput",
    "graphql_child_with_history_p99",
    "graphql_children_page_throughput",
    "graphql_children_page_p99",
    "graphql_child_with_history_throughput_1",
    "graphql_child_with_history_p99_1",
    "graphql_children_page_throughput_1",
    "graphql_children_page_p99_1",
    "graphql_child_as_of_throughput",
    "graphql_child_as_of_p99",
    "graphql_indicators_year_throughput",
    "graphql_indicators_year_p99",
    "graphql_indicators_year_first",
    "graphql_indicators_year_single",
    "api_memory",
    *(
        f"page_{page}_{percentile}{suffix}"
        for page in ("caseload", "child")
        for percentile in ("p50", "p99")
        for suffix in ("", "_1")
    ),
    "page_decision_form_p50",
    "page_decision_form_p99",
}


@pytest.mark.postgres
def test_every_measurement_runs_and_results_are_written(
    postgres_database: str, tmp_path: Path
) -> None:
    # `postgres_database` only skips (or fails, where PostgreSQL is required) without a
    # server: the benchmark makes and drops its own database from the admin URL.
    config = BenchConfig(
        scale=0.01, admin_url=POSTGRES_ADMIN_URL, output=tmp_path, load_seconds=1.0
    )

    results = run(config, "python -m bench --scale 0.01")
    markdown_path, json_path = report.write(results, tmp_path)

    expected = EXPECTED_KEYS | (HTTP_KEYS if wrk.available() else set())
    assert [failure.step for failure in results.failures] == (
        [] if wrk.available() else ["HTTP and GraphQL (PostgreSQL)"]
    ), results.failures
    assert {figure.key for figure in results.figures} == expected
    written = json.loads(json_path.read_text())
    assert {figure["key"] for figure in written["figures"]} == expected
    assert written["machine"]["cores"] >= 1
    table = markdown_path.read_text()
    assert "| Figure | Value | Baseline |" in table
    assert "python -m bench --scale 0.01" in table
