"""Small-cell suppression: primary, complementary, and that nothing hidden can be
recovered as a published total minus its published siblings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.indicators.cells import CellKey, Cells, relations, roll_up
from projections.indicators.suppression import suppressed_cells


def key(**group: str) -> CellKey:
    return ("in_care", frozenset(group.items()))


TOTAL = key()


def test_counts_below_the_threshold_are_hidden_but_zero_is_shown() -> None:
    counts = {TOTAL: 10, key(d="a"): 0, key(d="b"): 4, key(d="c"): 6}
    relation = [(TOTAL, [key(d="a"), key(d="b"), key(d="c")])]
    hidden = suppressed_cells(counts, relation, threshold=5)
    assert key(d="b") in hidden and key(d="a") not in hidden


def test_a_lone_hidden_sibling_takes_the_smallest_non_zero_sibling_with_it() -> None:
    siblings = [key(d="a"), key(d="b"), key(d="c"), key(d="z")]
    counts = {TOTAL: 27, siblings[0]: 2, siblings[1]: 9, siblings[2]: 16, siblings[3]: 0}
    hidden = suppressed_cells(counts, [(TOTAL, siblings)], threshold=5)
    assert hidden == {key(d="a"), key(d="b")}


def test_a_hidden_total_needs_no_complement() -> None:
    counts = {TOTAL: 3, key(d="a"): 3, key(d="b"): 0}
    hidden = suppressed_cells(counts, [(TOTAL, [key(d="a"), key(d="b")])], threshold=5)
    assert hidden == {TOTAL, key(d="a")}


def test_complements_propagate_through_both_margins_of_a_table() -> None:
    # district x sex: a/f = 2 is hidden; its row complement a/m and column complement
    # b/f are hidden, and then b/m, so each row and column has two hidden cells.
    fine = {("a", "f"): 2, ("a", "m"): 7, ("b", "f"): 8, ("b", "m"): 9}
    cells = Cells()
    roll_up(
        cells,
        [({"d": d, "s": s}, {"in_care": n}) for (d, s), n in fine.items()],
        ("d", "s"),
        {"in_care": ((),)},
    )
    hidden = suppressed_cells(cells.counts, relations(cells), threshold=5)
    assert {g for _, g in hidden} == {
        frozenset({("d", "a"), ("s", "f")}),
        frozenset({("d", "a"), ("s", "m")}),
        frozenset({("d", "b"), ("s", "f")}),
        frozenset({("d", "b"), ("s", "m")}),
    }


def assert_nothing_recoverable(cells: Cells, hidden: set[CellKey]) -> None:
    for total, siblings in relations(cells):
        if total in hidden:
            continue
        shown = sum(cells.counts[s] for s in siblings if s not in hidden)
        rest = cells.counts[total] - shown
        for sibling in siblings:
            if sibling in hidden:
                assert cells.counts[sibling] != rest or cells.counts[sibling] == 0, (
                    f"{sibling} = {total} - published siblings"
                )


fine_rows = st.dictionaries(
    st.tuples(
        st.sampled_from(["north", "south", "east", "west"]),
        st.sampled_from(["female", "male"]),
        st.sampled_from(["0-2", "3-5", "6-11", "12-17"]),
    ),
    st.integers(min_value=0, max_value=12),
    min_size=1,
    max_size=32,
)


@settings(max_examples=200, deadline=None)
@given(fine_rows, st.integers(min_value=2, max_value=6))
def test_no_hidden_cell_equals_a_published_total_minus_published_siblings(
    rows: dict[tuple[str, str, str], int], threshold: int
) -> None:
    cells = Cells()
    roll_up(
        cells,
        [
            ({"district": d, "sex": s, "age_band": a}, {"in_care": n})
            for (d, s, a), n in rows.items()
        ],
        ("district", "sex", "age_band"),
        {"in_care": ((),)},
    )
    hidden = suppressed_cells(cells.counts, relations(cells), threshold)
    assert all(not 0 < n < threshold or k in hidden for k, n in cells.counts.items())
    assert_nothing_recoverable(cells, hidden)


placed = st.dictionaries(
    st.tuples(
        st.sampled_from(["north", "south", "east"]),
        st.sampled_from(["female", "male"]),
        st.sampled_from(
            ["foster_family", "kinship_care", "residential_institution", "small_group_home"]
        ),
    ),
    st.integers(min_value=0, max_value=9),
    min_size=1,
    max_size=24,
)


@settings(max_examples=200, deadline=None)
@given(placed)
def test_settings_within_care_types_are_protected_too(
    rows: dict[tuple[str, str, str], int],
) -> None:
    """Settings add up to their care type (family-based, residential), itself published
    as the family-based share's numerator: that total is guarded like the others."""
    cells = Cells()
    roll_up(
        cells,
        [
            ({"district": d, "sex": s, "setting": setting}, {"in_care": n})
            for (d, s, setting), n in rows.items()
        ],
        ("district", "sex"),
        {"in_care": ((), ("setting",), ("care_type",))},
    )
    hidden = suppressed_cells(cells.counts, relations(cells), 5)
    assert_nothing_recoverable(cells, hidden)
