"""What one benchmark run measures, derived from `--scale`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CHILDREN_AT_SCALE_1 = 100_000
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_SEED = 2024
FULL_LOAD_SECONDS = 10.0
FULL_DIRECT_DECISIONS = 2_000
FULL_FORM_ROUNDS = 250
MIN_FORM_ROUNDS = 30
HTTP_CONNECTIONS = (1, 16)
GRAPHQL_CONNECTIONS = 16
SQLITE_SHARE_OF_SCALE = 0.2
RUNNER_COMPARISON_SHARE_OF_SCALE = 0.02


@dataclass(frozen=True)
class BenchConfig:
    scale: float = 1.0
    admin_url: str = ADMIN_URL
    output: Path = Path("bench")
    keep: bool = False
    seed: int = DEFAULT_SEED
    sqlite: bool = True
    load_seconds: float | None = None
    sqlite_scale: float | None = None

    @property
    def children(self) -> int:
        return _children(self.scale)

    @property
    def sqlite_children(self) -> int:
        """The embedded variants run on a fifth of the data set by default: their rates
        per event hardly depend on its size, and a full second data set would double
        the run's length."""
        if self.sqlite_scale is not None:
            return _children(self.sqlite_scale)
        return _children(self.scale * SQLITE_SHARE_OF_SCALE)

    @property
    def runner_comparison_children(self) -> int:
        """The runner comparison's own data set, the same on both backends: a fiftieth
        of the scale (2,000 children, about 22,000 events, at scale 1), a log the
        registry's runner catches up in about a second."""
        return _children(self.scale * RUNNER_COMPARISON_SHARE_OF_SCALE)

    @property
    def direct_decisions(self) -> int:
        """Decisions saved one by one: enough for a stable rate, bounded at small scale."""
        return max(50, min(FULL_DIRECT_DECISIONS, round(FULL_DIRECT_DECISIONS * self.scale * 10)))

    @property
    def form_rounds(self) -> int:
        """Rounds of decision forms, each an admission and an exit through the pages and
        the same two over REST: 500 submissions a side at full scale, enough for a p99;
        at least 60 a side, so that even in the smoke mode the p99 is not simply the
        slowest submission."""
        return max(
            MIN_FORM_ROUNDS, min(FULL_FORM_ROUNDS, round(FULL_FORM_ROUNDS * self.scale * 10))
        )

    @property
    def wrk_seconds(self) -> float:
        """Duration of each load run: 10 s at full scale, down to 1 s in the smoke mode."""
        if self.load_seconds is not None:
            return self.load_seconds
        return max(1.0, min(FULL_LOAD_SECONDS, FULL_LOAD_SECONDS * self.scale * 2))


def _children(scale: float) -> int:
    return max(10, round(scale * CHILDREN_AT_SCALE_1))
