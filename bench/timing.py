"""Rates and latency percentiles from wall-clock samples."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Stopwatch:
    seconds: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    watch = Stopwatch()
    started = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - started


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported latency was observed)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class LatencyRun:
    """`count` operations in `seconds`, with per-operation latencies in milliseconds."""

    count: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0

    @classmethod
    def of(cls, latencies_ms: Sequence[float], seconds: float) -> LatencyRun:
        """The run of these per-operation latencies, `seconds` in all."""
        return cls(
            count=len(latencies_ms),
            seconds=seconds,
            p50_ms=percentile(latencies_ms, 0.50),
            p99_ms=percentile(latencies_ms, 0.99),
        )


def timed_each(operations: Sequence[Callable[[], object]]) -> LatencyRun:
    """Run each operation in turn, timing each one and the whole."""
    latencies: list[float] = []
    started = time.perf_counter()
    for operation in operations:
        begun = time.perf_counter()
        operation()
        latencies.append((time.perf_counter() - begun) * 1000)
    return LatencyRun.of(latencies, time.perf_counter() - started)
