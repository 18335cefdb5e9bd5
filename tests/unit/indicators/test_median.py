"""Medians read from the exits' histogram of days are those of the exits themselves,
for every grouping."""

from __future__ import annotations

from collections import Counter
from statistics import median

from hypothesis import given
from hypothesis import strategies as st

from projections.indicators.cells import subsets
from projections.indicators.median import medians_by_group, without_days

COLUMNS = ("district", "exit_reason", "sex")
DIMENSIONS = ("district", "sex")

exit_rows = st.lists(
    st.tuples(
        st.sampled_from(["north", "south", None]),
        st.sampled_from(["adoption", "reunification"]),
        st.sampled_from(["female", "male"]),
        st.integers(min_value=0, max_value=40),
    ),
    max_size=60,
)


def histogram(exits: list[tuple[str | None, str, str, int]]) -> list[tuple[object, ...]]:
    """The rows the exits query returns: columns, days, number of exits."""
    return [(*row, count) for row, count in Counter(exits).items()]


@given(exit_rows)
def test_every_grouping_gets_the_median_of_its_exits(
    exits: list[tuple[str | None, str, str, int]],
) -> None:
    expected: dict[frozenset[tuple[str, str]], tuple[float, int]] = {}
    for grouping in subsets(DIMENSIONS):
        days: dict[frozenset[tuple[str, str]], list[int]] = {}
        for district, _, sex, stay in exits:
            values = {"district": district, "sex": sex}
            group = frozenset((dim, str(values[dim])) for dim in grouping)
            days.setdefault(group, []).append(stay)
        for group, stays in days.items():
            expected[group] = (float(median(stays)), len(stays))
    assert medians_by_group(histogram(exits), COLUMNS, DIMENSIONS) == expected


@given(exit_rows)
def test_without_days_sums_the_exits_of_each_combination(
    exits: list[tuple[str | None, str, str, int]],
) -> None:
    expected = Counter(row[:3] for row in exits)
    found = without_days(histogram(exits), len(COLUMNS))
    assert {row[:3]: row[3] for row in found} == expected
    assert len(found) == len(expected)


def test_no_exits_give_no_median() -> None:
    assert medians_by_group([], COLUMNS, ()) == {}
