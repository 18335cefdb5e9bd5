"""The likeness of two records (`registry.domain.duplicates`): which pairs may be one
child, which fields agree, and the look-alikes that never are."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from registry.domain.duplicates import THRESHOLD, Identity, likeness, swapped_birth_date

KNOWN = Identity(
    given_name="Aysel",
    family_name="Məmmədova",
    patronymic="Şahin qızı",
    birth_date=date(2015, 3, 4),
    sex="female",
    district="north",
    personal_id=None,
)


@pytest.mark.parametrize(
    ("change", "matched"),
    [
        ({}, {"given_name", "family_name", "birth_date", "sex", "district", "patronymic"}),
        (
            {"given_name": "Айсель", "family_name": "Мамедова", "patronymic": "Шахиновна"},
            {"given_name", "family_name", "birth_date", "sex", "district", "patronymic"},
        ),
        ({"family_name": "Mammadova", "patronymic": None}, {"family_name", "birth_date"}),
        ({"birth_date": date(2015, 4, 3)}, {"birth_date_swapped"}),
        ({"birth_date": date(2015, 3, 14)}, {"birth_date_near"}),
        ({"birth_date": date(2014, 3, 4)}, {"birth_date_near"}),
        ({"district": "south"}, {"given_name", "birth_date", "sex"}),
        ({"given_name": "Aysell"}, {"family_name", "birth_date"}),
        ({"personal_id": "5ZK7Q2P"}, {"given_name", "birth_date"}),
    ],
)
def test_the_same_child_is_a_possible_duplicate(
    change: dict[str, object], matched: set[str]
) -> None:
    found = likeness(replace(KNOWN, **change), KNOWN)  # type: ignore[arg-type]
    assert found is not None and found.possible_duplicate, found
    assert matched <= set(found.matched)
    assert THRESHOLD <= found.score <= 1.0


@pytest.mark.parametrize(
    "change",
    [
        {"given_name": "Nigar"},  # a twin
        {"given_name": "Aysu", "birth_date": date(2017, 8, 1)},  # a sister
        {"family_name": "Quliyeva"},
        {"patronymic": "Elçin qızı"},  # another father
        {"birth_date": date(2013, 3, 4)},  # two years apart
    ],
)
def test_look_alikes_are_not_candidates(change: dict[str, object]) -> None:
    assert likeness(replace(KNOWN, **change), KNOWN) is None  # type: ignore[arg-type]


def test_different_personal_ids_are_two_children_and_the_same_one_is_one() -> None:
    with_id = replace(KNOWN, personal_id="5ZK7Q2P")
    assert likeness(with_id, replace(KNOWN, personal_id="9QX4K2M")) is None
    same = likeness(replace(with_id, given_name="Nigora"), with_id)
    assert same is None, "a different given name is never one child, whatever the id says"
    found = likeness(replace(with_id, district="south"), with_id)
    assert found is not None and found.score == 1.0 and "personal_id" in found.matched


def test_a_far_birth_date_or_a_sex_mismatch_lowers_the_score() -> None:
    exact = likeness(KNOWN, KNOWN)
    near = likeness(replace(KNOWN, birth_date=date(2015, 9, 20)), KNOWN)
    other_sex = likeness(replace(KNOWN, sex="male"), KNOWN)
    assert exact is not None and near is not None and other_sex is not None
    assert exact.score > other_sex.score and exact.score > near.score
    assert "sex" not in other_sex.matched


@pytest.mark.parametrize(
    ("day", "swapped"),
    [
        (date(2015, 3, 4), date(2015, 4, 3)),
        (date(2015, 3, 3), None),
        (date(2015, 3, 14), None),
        (date(2016, 12, 1), date(2016, 1, 12)),
    ],
)
def test_swapped_birth_dates(day: date, swapped: date | None) -> None:
    assert swapped_birth_date(day) == swapped
