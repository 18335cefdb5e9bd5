"""One measured figure beside its baseline, and what the issue's targets say of it.

Every figure is reported as a ratio to a baseline measured in the same run on the
same machine, so the results read as "how close to what the machine allows",
not as absolute numbers that change with the hardware.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """A target from the issue and whether this run met it."""

    text: str
    met: bool


@dataclass(frozen=True)
class Figure:
    """`value` measured beside `baseline` (same unit); `ratio` is value / baseline."""

    key: str
    title: str
    value: float
    unit: str
    baseline_title: str | None = None
    baseline: float | None = None
    target: Target | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


@dataclass(frozen=True)
class Failure:
    """A measurement that could not run; the run goes on and reports it."""

    step: str
    error: str


def at_least(value: float, floor: float, text: str) -> Target:
    return Target(text, value >= floor)


def at_most(value: float, ceiling: float, text: str) -> Target:
    return Target(text, value <= ceiling)
