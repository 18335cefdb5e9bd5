"""Figure 4: GraphQL reads under wrk beside a plain FastAPI endpoint running the same
read queries: child with history, a page of 50 children, childAsOf, and the
indicator report for a year over the whole data set."""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from bench import wrk
from bench.config import GRAPHQL_CONNECTIONS
from bench.figures import Figure, at_most
from bench.processes import Server

CHILD_QUERY = """query Child($id: ID!) {
  child(id: $id) {
    id givenName familyName birthDate sex district status daysInCare version
    currentPlacement { setting since provider { id name } }
    history {
      version type effectiveDate recordedAt recordedBy decisionRef summary corrected voided
    }
  }
}"""
PAGE_QUERY = """query Page($district: String) {
  children(filter: {district: $district}, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id givenName familyName district status currentPlacement { setting } } }
  }
}"""
AS_OF_QUERY = """query AsOf($id: ID!, $date: Date!) {
  childAsOf(id: $id, date: $date) { status setting providerId episodeOpen version }
}"""
INDICATORS_QUERY = """query Indicators($from: Date!, $to: Date!) {
  indicators(from: $from, to: $to) {
    rows { indicator group { dimension value } value numerator denominator suppressed }
  }
}"""

CHILD_P99_MS = 25.0
PAGE_P99_MS = 50.0
INDICATORS_MS = 1000.0
AS_OF_DAYS_BACK = 365
CHANGES = 3


@dataclass(frozen=True)
class ReadKind:
    """One read, as a GraphQL request and as the plain endpoint's request, per subject."""

    key: str
    title: str
    graphql: list[wrk.Request]
    plain: list[wrk.Request]
    p99_target_ms: float | None = None


def connections_text(connections: int) -> str:
    return "1 connection" if connections == 1 else f"{connections} connections"


def graphql_request(query: str, variables: dict[str, Any]) -> wrk.Request:
    return wrk.Request("POST", "/graphql", json.dumps({"query": query, "variables": variables}))


def _get(path: str) -> wrk.Request:
    return wrk.Request("GET", path)


def last_full_year(today: date) -> tuple[date, date]:
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def read_kinds(child_ids: Sequence[UUID], districts: Sequence[str], today: date) -> list[ReadKind]:
    as_of = today - timedelta(days=AS_OF_DAYS_BACK)
    start, end = last_full_year(today)
    return [
        ReadKind(
            "child_with_history",
            "GraphQL child with history",
            [graphql_request(CHILD_QUERY, {"id": str(child)}) for child in child_ids],
            [_get(f"/plain/children/{child}") for child in child_ids],
            CHILD_P99_MS,
        ),
        ReadKind(
            "children_page",
            "GraphQL page of 50 children",
            [graphql_request(PAGE_QUERY, {"district": district}) for district in districts],
            [_get(f"/plain/children?district={district}") for district in districts],
            PAGE_P99_MS,
        ),
        ReadKind(
            "child_as_of",
            "GraphQL childAsOf",
            [
                graphql_request(AS_OF_QUERY, {"id": str(child), "date": as_of.isoformat()})
                for child in child_ids
            ],
            [_get(f"/plain/children/{child}/as-of/{as_of.isoformat()}") for child in child_ids],
        ),
        ReadKind(
            "indicators_year",
            "GraphQL indicators for a year, whole data set",
            [graphql_request(INDICATORS_QUERY, {"from": start.isoformat(), "to": end.isoformat()})],
            [_get(f"/plain/indicators?start={start.isoformat()}&end={end.isoformat()}")],
        ),
    ]


def probe(server: Server, request: wrk.Request, token: str | None) -> float:
    """One request before the load: a broken query fails the step with its message.
    Its latency in milliseconds, as one caller saw it."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    call = urllib.request.Request(
        server.base_url + request.path,
        data=request.body.encode() if request.body else None,
        headers=headers,
        method=request.method,
    )
    started = time.perf_counter()
    with urllib.request.urlopen(call, timeout=120) as response:
        body = response.read().decode()
    elapsed_ms = (time.perf_counter() - started) * 1000
    if '"errors":' in body:
        raise RuntimeError(f"{request.path} answered with errors: {body[:500]}")
    return elapsed_ms


def load_details(load: wrk.LoadResult, prefix: str = "") -> dict[str, Any]:
    details: dict[str, Any] = {
        f"{prefix}p50_ms": load.p50_ms,
        f"{prefix}p99_ms": load.p99_ms,
        f"{prefix}requests_per_s": load.succeeded_per_second,
        f"{prefix}requests": load.requests,
        f"{prefix}failed": load.failed,
    }
    if load.none_completed:
        details[f"{prefix}note"] = (
            f"no request completed within wrk's {wrk.TIMEOUT_SECONDS} s timeout: "
            "latencies shown are that timeout, a lower bound"
        )
    return details


def figures(
    api: Server,
    plain: Server,
    token: str,
    kind: ReadKind,
    connections: int,
    seconds: float,
) -> list[Figure]:
    """Requests/s and p99 of one read under `connections`, beside the plain endpoint
    (keys without a suffix are the figures under `GRAPHQL_CONNECTIONS`)."""
    suffix = "" if connections == GRAPHQL_CONNECTIONS else f"_{connections}"
    probe(api, kind.graphql[0], token)
    probe(plain, kind.plain[0], None)
    graphql = wrk.run_load(
        api.base_url, kind.graphql, token=token, connections=connections, seconds=seconds
    )
    baseline = wrk.run_load(
        plain.base_url, kind.plain, token=None, connections=connections, seconds=seconds
    )
    details = {
        "connections": connections,
        **load_details(graphql),
        **load_details(baseline, "plain_"),
        "first_failure": graphql.first_failure or None,
    }
    target = (
        at_most(graphql.p99_ms, kind.p99_target_ms, f"p99 < {kind.p99_target_ms:g} ms")
        if kind.p99_target_ms is not None
        else None
    )
    return [
        Figure(
            key=f"graphql_{kind.key}_throughput{suffix}",
            title=f"{kind.title}, {connections_text(connections)}",
            value=graphql.succeeded_per_second,
            unit="requests/s",
            baseline_title="plain FastAPI endpoint, same queries",
            baseline=baseline.succeeded_per_second,
            details=details,
        ),
        Figure(
            key=f"graphql_{kind.key}_p99{suffix}",
            title=f"{kind.title}, p99 latency, {connections_text(connections)}",
            value=graphql.p99_ms,
            unit="ms",
            baseline_title="plain FastAPI endpoint, p99",
            baseline=baseline.p99_ms,
            target=target,
        ),
    ]


def single_request_figures(
    api: Server,
    plain: Server,
    token: str,
    kind: ReadKind,
    seconds: float,
    change: Callable[[], None],
) -> list[Figure]:
    """The latency one caller sees, alone on the server (the indicator target's sense).

    Reports keep their counts while the read models stay at the same positions, so
    the first request after a change counts afresh and repeats answer from memory:
    both are reported. The first is the median of `CHANGES` rounds of `change()`
    (one decision, applied) then one request to each server, after a request
    each that warms the processes; the target is judged on it."""
    probe(api, kind.graphql[0], token)
    probe(plain, kind.plain[0], None)
    firsts, plain_firsts = [], []
    for _ in range(CHANGES):
        change()
        firsts.append(probe(api, kind.graphql[0], token))
        plain_firsts.append(probe(plain, kind.plain[0], None))
    first, plain_first = statistics.median(firsts), statistics.median(plain_firsts)
    graphql = wrk.run_load(api.base_url, kind.graphql, token=token, connections=1, seconds=seconds)
    baseline = wrk.run_load(plain.base_url, kind.plain, token=None, connections=1, seconds=seconds)
    return [
        Figure(
            key=f"graphql_{kind.key}_first",
            title=f"{kind.title}, first request after a change (counted afresh), median",
            value=first,
            unit="ms",
            baseline_title="plain FastAPI endpoint, first request",
            baseline=plain_first,
            target=at_most(first, INDICATORS_MS, f"< {INDICATORS_MS:g} ms"),
            details={
                "rounds_ms": [round(ms) for ms in firsts],
                "plain_rounds_ms": [round(ms) for ms in plain_firsts],
            },
        ),
        Figure(
            key=f"graphql_{kind.key}_single",
            title=f"{kind.title}, repeated requests (counts kept), 1 connection, p50",
            value=graphql.p50_ms,
            unit="ms",
            baseline_title="plain FastAPI endpoint, p50",
            baseline=baseline.p50_ms,
            details={**load_details(graphql), **load_details(baseline, "plain_")},
        ),
    ]
