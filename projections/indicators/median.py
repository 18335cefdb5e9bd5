"""The median stay at exit for every grouping, from the exits' histogram of days.

The exits query counts exits per combination of its columns and whole days in care,
so the same rows give the exit counts (summed over the days) and every grouping's
median, without a second pass over the exits. A median is the mean of the one or
two middle values of the ordered days: positions (n + 1) // 2 and (n + 2) // 2,
counted from one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from projections.indicators.cells import Group, subsets


def without_days(records: Sequence[Sequence[Any]], width: int) -> list[tuple[Any, ...]]:
    """Rows of (`width` columns, days, count) as (columns, count): the count summed
    over the days."""
    totals: dict[tuple[Any, ...], int] = defaultdict(int)
    for record in records:
        totals[tuple(record[:width])] += int(record[width + 1])
    return [(*columns, count) for columns, count in totals.items()]


def medians_by_group(
    records: Sequence[Sequence[Any]], columns: Sequence[str], dimensions: Sequence[str]
) -> dict[Group, tuple[float, int]]:
    """(median, number of exits) for every group of every grouping of `dimensions`,
    from rows of (`columns`, days, count); `columns` hold every dimension.

    Each grouping's histograms are the sums of the finest ones (every dimension), which
    are far fewer than the rows when the report groups by few dimensions."""
    width = len(columns)
    positions = [columns.index(dim) for dim in dimensions]
    finest: dict[tuple[Any, ...], Counter[int]] = defaultdict(Counter)
    for record in records:
        finest[tuple(record[i] for i in positions)][int(record[width])] += int(record[width + 1])
    medians: dict[Group, tuple[float, int]] = {}
    for grouping in subsets(dimensions):
        kept = [i for i, dim in enumerate(dimensions) if dim in grouping]
        histograms: dict[tuple[Any, ...], Counter[int]] = defaultdict(Counter)
        for values, histogram in finest.items():
            histograms[tuple(values[i] for i in kept)].update(histogram)
        for values, histogram in histograms.items():
            group = frozenset(
                (dimensions[i], str(value)) for i, value in zip(kept, values, strict=True)
            )
            medians[group] = _middle(histogram)
    return medians


def _middle(histogram: Counter[int]) -> tuple[float, int]:
    """The mean of the middle values of the days the histogram counts, and their number."""
    observations = sum(histogram.values())
    wanted = sorted({(observations + 1) // 2, (observations + 2) // 2})
    middle: list[int] = []
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        while wanted and wanted[0] <= seen:
            middle.append(days)
            wanted.pop(0)
    return sum(middle) / len(middle), observations
