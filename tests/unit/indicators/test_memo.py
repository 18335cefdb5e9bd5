"""The memo of counts stays within its budget of cells, forgetting the least
recently used first."""

from __future__ import annotations

from projections.indicators.memo import Counted, Memo


def counted(cells: int) -> Counted:
    return Counted({("in_care", frozenset({("district", str(n))})): n for n in range(cells)}, {})


def test_the_least_recently_used_counts_go_first() -> None:
    memo = Memo(budget=10)
    memo.put("a", counted(4))
    memo.put("b", counted(4))
    assert memo.get("a") is not None  # now "b" is the least recently used
    memo.put("c", counted(4))
    assert memo.get("b") is None
    assert memo.get("a") is not None
    assert memo.get("c") is not None


def test_keeping_the_same_key_again_does_not_count_twice() -> None:
    memo = Memo(budget=10)
    memo.put("a", counted(6))
    memo.put("a", counted(6))
    assert memo.get("a") is not None


def test_counts_larger_than_the_budget_are_not_kept() -> None:
    memo = Memo(budget=10)
    memo.put("a", counted(4))
    memo.put("big", counted(11))
    assert memo.get("big") is None
    assert memo.get("a") is not None
