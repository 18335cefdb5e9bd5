"""Prometheus metrics of one API process.

Each app gets its own `CollectorRegistry`, so several apps in one process (tests)
never collide on metric names. Labels are route templates and coded outcomes
only: a child's id never becomes a label value (unbounded, and an identifier).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

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
        self.integrity_failures = _IntegrityFailures()
        self.registry.register(self.integrity_failures)

    def follow_projection_lag(self, lag: Callable[[], int]) -> None:
        """Read the lag at scrape time, so the gauge is never stale."""
        self.projection_lag.set_function(lambda: float(lag()))

    def follow_integrity_failures(self, count: Callable[[], int]) -> None:
        """`registry_integrity_failures_total`: the integrity failures recorded by any
        process (`registry.integrity.alarms`), read at scrape time (the latest source
        given wins: an app's lifespan may run more than once)."""
        self.integrity_failures.count = count


class _IntegrityFailures(Collector):
    def __init__(self) -> None:
        self.count: Callable[[], int] | None = None

    def collect(self) -> Iterator[CounterMetricFamily]:
        if self.count is None:
            return
        yield CounterMetricFamily(
            "registry_integrity_failures",
            "Integrity failures found in the stored log (forged, altered or missing rows).",
            value=self.count(),
        )

    def describe(self) -> Iterator[CounterMetricFamily]:
        # Described without reading the database: registering must not query it.
        yield CounterMetricFamily(
            "registry_integrity_failures",
            "Integrity failures found in the stored log (forged, altered or missing rows).",
        )
