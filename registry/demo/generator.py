"""The synthetic registry at any scale: providers first, then children in batches.

Deterministic for a seed and a starting store: the same children, dates and
decisions each time (ids the application draws itself, such as episode and
placement ids, are fresh). With a `BatchedRegistry` many children's decisions are
written per transaction; with a plain application each decision is its own save.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from random import Random

from eventsourcing.popo import POPOApplicationRecorder

from registry.application import RegistryApplication
from registry.demo.districts import ensure_demo_districts
from registry.demo.journeys import HISTORY_DAYS, ChildJourney
from registry.demo.network import build_network
from registry.domain.errors import DomainError
from registry.domain.personal_id import claim_id
from registry.importing.batch import BatchedRegistry

DEMO_CHILDREN = 300
DEMO_SEED = 2024
CHILDREN_PER_BATCH = 250
PERSONAL_ID_STEP = 7_919_000_003  # coprime with 10**13: distinct ids for 10**13 children
PERSONAL_ID_SHIFT = 1_000_003

Progress = Callable[[int], None]
"""Called with the number of children decided so far after each batch."""


@dataclass(frozen=True)
class DemoSummary:
    children: int
    providers: int
    events: int
    seconds: float
    refused: dict[str, int] = field(default_factory=dict)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def generate(
    app: RegistryApplication,
    *,
    children: int,
    seed: int,
    children_per_batch: int = CHILDREN_PER_BATCH,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write `children` synthetic journeys (and the providers they need) into `app`."""
    rng = Random(seed)
    today = app.today()
    started = time.perf_counter()
    first_position = app.recorder.max_notification_id() or 0
    network = build_network(app, rng, children, today - timedelta(days=HISTORY_DAYS))
    _flush(app)
    refused: Counter[str] = Counter()
    _look_up_personal_ids(app, seed, 1, children_per_batch)
    if children > children_per_batch:
        _look_up_personal_ids(app, seed, children_per_batch + 1, children_per_batch, behind=True)
    for number in range(1, children + 1):
        try:
            ChildJourney(app, rng, today, network, personal_id(seed, number)).write()
        except DomainError as refusal:
            refused[refusal.code] += 1
        if number % children_per_batch == 0 and number < children:
            _flush(app, behind=True)
            after_next = number + children_per_batch + 1
            if after_next <= children:
                _look_up_personal_ids(app, seed, after_next, children_per_batch, behind=True)
            if progress is not None:
                progress(number)
    _flush(app)
    if progress is not None:
        progress(children)
    return DemoSummary(
        children=children,
        providers=network.count,
        events=(app.recorder.max_notification_id() or 0) - first_position,
        seconds=time.perf_counter() - started,
        refused=dict(refused),
    )


def load_demo(application: RegistryApplication) -> DemoSummary:
    """The data set `registry serve --demo` loads into an empty store.

    Written in batches through a second application on the same database (the
    caller's own is left untouched); an in-memory store cannot be shared, so there
    each decision is saved through the caller's application.
    """
    ensure_demo_districts(application.districts)
    if isinstance(application.recorder, POPOApplicationRecorder):
        return generate(application, children=DEMO_CHILDREN, seed=DEMO_SEED)
    batched = BatchedRegistry(
        dict(application.env),
        today=application.today,
        personal_id_key=application.personal_id_key,
    )
    try:
        return generate(batched, children=DEMO_CHILDREN, seed=DEMO_SEED)
    finally:
        batched.close()


def personal_id(seed: int, number: int) -> str:
    """A 13-digit id, different for every child of a seed: drawn at random, two children
    could share one, and the second would be refused (invariant 8)."""
    return f"{(number * PERSONAL_ID_STEP + seed * PERSONAL_ID_SHIFT) % 10**13:013d}"


def _look_up_personal_ids(
    app: RegistryApplication, seed: int, first: int, count: int, *, behind: bool = False
) -> None:
    """One query for a batch's personal ids instead of one per registration; `behind`
    runs it after the write behind, to be learnt before the batch after next."""
    if isinstance(app, BatchedRegistry):
        claims = [
            claim_id(personal_id(seed, number), app.personal_id_key)
            for number in range(first, first + count)
        ]
        if behind:
            app.look_up_streams_behind(claims)
        else:
            app.look_up_streams(claims)


def _flush(app: RegistryApplication, *, behind: bool = False) -> None:
    """Write the batch; `behind` lets the next batch be decided while it is written."""
    if isinstance(app, BatchedRegistry):
        if behind:
            app.flush_behind()
        else:
            app.flush()
