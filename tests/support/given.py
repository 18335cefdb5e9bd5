"""Given-events / when-decision / then-events for the aggregates (no storage).

`given(...)` folds a list of event specs into an aggregate exactly as the store
would on reload; the test then calls one decision method and inspects the new
pending events (`then`) or the refusal's code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from registry.domain.child import Child
from registry.domain.child_events import ChildEvent, ChildRegistered
from registry.domain.commands import DecisionHeader, RegisterChild
from registry.domain.errors import DomainError
from registry.domain.values import ParentalStatus, Sex

BORN = date(2016, 4, 2)
RECORDED_BY = "officer-1"
DECISION_REF = "DEC-1"
COMMON: dict[str, Any] = {"recorded_by": RECORDED_BY, "decision_ref": DECISION_REF}

Spec = tuple[type[ChildEvent], dict[str, Any]]
"""A given event: its class and its own fields (`COMMON` is added by `given`)."""


def header(day: date) -> DecisionHeader:
    """The header of a decision taken on `day`, by the officer and on the act of `COMMON`."""
    return DecisionHeader(recorded_by=RECORDED_BY, effective_date=day, decision_ref=DECISION_REF)


def registration(
    *, effective_date: date = date(2024, 1, 10), birth_date: date = BORN
) -> RegisterChild:
    """The decision that records the child of `registered()`."""
    return RegisterChild(
        header=header(effective_date),
        given_name="Ana",
        family_name="Petrova",
        patronymic=None,
        birth_date=birth_date,
        sex=Sex.FEMALE,
        district="north",
        personal_id=None,
        disability=False,
        parental_status=ParentalStatus.ORPHAN,
    )


def registered(**overrides: Any) -> Spec:
    fields: dict[str, Any] = {
        "effective_date": date(2024, 1, 10),
        "given_name": "Ana",
        "family_name": "Petrova",
        "patronymic": None,
        "birth_date": BORN,
        "sex": Sex.FEMALE,
        "district": "north",
        "personal_id": None,
        "disability": False,
        "parental_status": ParentalStatus.ORPHAN,
        "duplicate_override_reason": None,
    }
    fields.update(overrides)
    return ChildRegistered, fields


def given(*specs: Spec, child_id: UUID | None = None) -> Child:
    """The Child that the store would rebuild from these events."""
    originator_id = child_id or uuid4()
    child: Child | None = None
    for version, (event_class, fields) in enumerate(specs, start=1):
        extra: dict[str, Any] = {}
        if event_class is ChildRegistered:
            extra["originator_topic"] = Child.TOPIC
        event = event_class(
            originator_id=originator_id,
            originator_version=version,
            timestamp=datetime(2024, 1, 1, tzinfo=UTC),
            **extra,
            **COMMON,
            **fields,
        )
        child = event.mutate(child)
    assert child is not None
    return child


def then(child: Child) -> list[tuple[str, dict[str, Any]]]:
    """The new events as (type name, own fields), the library's bookkeeping left out."""
    bookkeeping = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    return [
        (type(event).__name__, {k: v for k, v in vars(event).items() if k not in bookkeeping})
        for event in child.collect_events()
    ]


def refused(code: str, decide: Any, *args: Any, **kwargs: Any) -> None:
    """The decision is refused with `code` and leaves the aggregate as it was."""
    aggregate = decide.__self__
    version_before = aggregate.version
    with pytest.raises(DomainError) as refusal:
        decide(*args, **kwargs)
    assert refusal.value.code == code, refusal.value.detail
    assert aggregate.version == version_before
    assert aggregate.collect_events() == []
