"""Prometheus metrics of one API process.

Each app gets its own `CollectorRegistry`, so several apps in one process (tests)
never collide on metric names. Labels are route templates and coded outcomes
only: a child's id never becomes a label value (unbounded, and an identifier).
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class RegistryMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.request_duration = Histogram(
            "registry_http_request_duration_seconds",
            "HTTP request latency by route template, method and status.",
            ("method", "route", "status"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.commands = Counter(
            "registry_commands_total",
            "Commands by route template and outcome (ok or the refusal's code).",
            ("route", "outcome"),
            registry=self.registry,
        )
        self.projection_lag = Gauge(
            "registry_projection_lag_events",
            "Events in the store not yet applied by the slowest projection.",
            registry=self.registry,
        )

    def follow_projection_lag(self, lag: Callable[[], int]) -> None:
        """Read the lag at scrape time, so the gauge is never stale."""
        self.projection_lag.set_function(lambda: float(lag()))
