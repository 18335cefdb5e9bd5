"""How a stored event gains a field: `class_version` and an upcaster.

Every event of the registry is at version 1. The example below evolves a copy of
`CaseTransferred` the way a real change is made (docs/design.md, "Event schema
evolution"): the same topic, one more field, `class_version = 2`, and a static
`upcast_v1_v2` giving the field its value on rows stored before the change. It goes
through the application's own mapper, so transcodings, row signatures and the
library's upcasting are checked together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import _topic_cache, _type_cache

from registry.application import RegistryApplication
from registry.database import MEMORY_URL, persistence_env
from registry.domain import answered_request, child_events, personal_id, provider
from registry.domain.child_events import ChildEvent
from registry.integrity.signing import unsigned_state

EXAMPLE_TOPIC = "tests.unit.test_event_upcasting:CaseTransferred"
"""A topic of the test's own, so the registry's `CaseTransferred` is left as it is."""

E = TypeVar("E", bound=ChildEvent)


class CaseTransferredV1(ChildEvent):
    """The event as first declared: the code that wrote the old rows."""

    TOPIC = EXAMPLE_TOPIC
    class_version = 1
    from_district: str
    to_district: str


class CaseTransferredV2(ChildEvent):
    """The same event after the change: the reason for the transfer, unknown on rows
    stored before the field existed."""

    TOPIC = EXAMPLE_TOPIC
    class_version = 2
    from_district: str
    to_district: str
    transfer_reason: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["transfer_reason"] = None


@pytest.fixture
def app() -> Iterator[RegistryApplication]:
    application = RegistryApplication(persistence_env(MEMORY_URL))
    yield application
    application.close()


def deploy(monkeypatch: pytest.MonkeyPatch, event_class: type[ChildEvent]) -> None:
    """Make `event_class` the code behind the example's topic, as a release would. The
    library keeps one class per topic for the life of the process (and refuses a
    second), so the test points the topic at each version only while it runs."""
    monkeypatch.setitem(_topic_cache, EXAMPLE_TOPIC, event_class)
    monkeypatch.setitem(_type_cache, event_class, EXAMPLE_TOPIC)


def transfer(event_class: type[E], stream: UUID, **fields: Any) -> E:
    """The first event of `stream`, as the application would record it."""
    header: dict[str, Any] = {
        "originator_id": stream,
        "originator_version": 1,
        "timestamp": datetime.now(UTC),
        "effective_date": date(2024, 3, 1),
        "recorded_by": "officer-1",
        "decision_ref": "TR-7",
        "from_district": "north",
        "to_district": "south",
    }
    return event_class(**header, **fields)


def stored_state(app: RegistryApplication, stream: UUID) -> dict[str, Any]:
    """The event's state as the row holds it, once its signature is checked."""
    [row] = app.recorder.select_events(stream)
    state: dict[str, Any] = app.mapper.transcoder.decode(unsigned_state(app.signing_key, row))
    return state


def test_a_row_stored_at_version_1_reads_as_version_2_with_the_default(
    app: RegistryApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = uuid4()
    deploy(monkeypatch, CaseTransferredV1)
    app.save(transfer(CaseTransferredV1, stream))
    assert "class_version" not in stored_state(app, stream)
    assert "transfer_reason" not in stored_state(app, stream)

    deploy(monkeypatch, CaseTransferredV2)
    [event] = app.events.get(stream)

    assert isinstance(event, CaseTransferredV2)
    assert event.transfer_reason is None
    assert (event.from_district, event.to_district) == ("north", "south")
    assert event.effective_date == date(2024, 3, 1)
    assert "class_version" not in stored_state(app, stream), "upcasting never rewrites a row"


def test_a_version_2_event_round_trips(
    app: RegistryApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = uuid4()
    deploy(monkeypatch, CaseTransferredV2)
    written = transfer(CaseTransferredV2, stream, transfer_reason="moved")
    app.save(written)

    assert stored_state(app, stream)["class_version"] == 2
    assert list(app.events.get(stream)) == [written]


def registry_event_classes() -> set[type[Aggregate.Event]]:
    """Every stored event class the registry declares (those with a topic of their own)."""
    modules = {m.__name__ for m in (answered_request, child_events, personal_id, provider)}
    found: set[type[Aggregate.Event]] = set()
    pending: list[type[Aggregate.Event]] = [Aggregate.Event]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__ in modules and "TOPIC" in vars(cls):
            found.add(cls)
    return found


def test_every_registry_event_states_its_class_version() -> None:
    classes = registry_event_classes()
    assert {
        child_events.ChildRegistered,
        child_events.DecisionVoided,
        provider.CareProvider.PlaceTaken,
        answered_request.AnsweredRequest.Answered,
        personal_id.PersonalIdClaim.Claimed,
    } <= classes
    evolved = {child_events.ChildRegistered.__qualname__: 2}
    assert {cls.__qualname__: vars(cls).get("class_version") for cls in classes} == {
        cls.__qualname__: evolved.get(cls.__qualname__, 1) for cls in classes
    }
