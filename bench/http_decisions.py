"""Figure 3b: plan reviews over HTTP (`registry serve`) under wrk, 1 and 16 connections,
beside the same decisions made directly through RegistryApplication."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from bench import wrk
from bench.decisions import review_body
from bench.figures import Figure, Target
from bench.processes import Server
from bench.subjects import PlannedChild
from bench.timing import LatencyRun

HTTP_SHARE_OF_DIRECT = 0.70


def review_requests(subjects: Sequence[PlannedChild], today: date) -> list[wrk.Request]:
    body = json.dumps(review_body(today))
    return [
        wrk.Request(
            "POST", f"/api/v1/children/{subject.child_id}/plans/{subject.plan_id}/reviews", body
        )
        for subject in subjects
    ]


def figures(
    server: Server,
    token: str,
    subjects: Sequence[PlannedChild],
    today: date,
    direct: LatencyRun,
    connections: Sequence[int],
    seconds: float,
) -> list[Figure]:
    requests = review_requests(subjects, today)
    loads = {
        count: wrk.run_load(
            server.base_url, requests, token=token, connections=count, seconds=seconds
        )
        for count in connections
    }
    single = loads[min(connections)]
    result: list[Figure] = []
    for count, load in loads.items():
        rate = load.succeeded_per_second
        if count == min(connections):
            target = Target(
                f">= {HTTP_SHARE_OF_DIRECT:.0%} of direct",
                rate >= HTTP_SHARE_OF_DIRECT * direct.per_second,
            )
        else:
            target = Target(
                f"> {single.connections} client ({single.succeeded_per_second:,.0f}/s)",
                rate > single.succeeded_per_second,
            )
        result.append(
            Figure(
                key=f"http_decisions_{count}",
                title=f"Single decisions over HTTP (plan reviews), PostgreSQL, {count} connection"
                + ("s" if count > 1 else ""),
                value=rate,
                unit="decisions/s",
                baseline_title="same decisions direct, 1 caller",
                baseline=direct.per_second,
                target=target,
                details={
                    "p50_ms": load.p50_ms,
                    "p99_ms": load.p99_ms,
                    "max_ms": load.max_ms,
                    "requests": load.requests,
                    "failed": load.failed,
                    "socket_errors": load.socket_errors,
                    "first_failure": load.first_failure or None,
                    "direct_p50_ms": direct.p50_ms,
                    "direct_p99_ms": direct.p99_ms,
                },
            )
        )
    return result
