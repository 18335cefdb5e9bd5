"""A RegistryApplication whose decisions are staged and written many at a time.

Bulk work (historic imports, synthetic demo histories) must check every decision
with exactly the rules the API uses, but one transaction per decision is far too
slow for millions of events. `BatchedRegistry` keeps the application's decision
methods untouched and only changes where their writes go: `save()` stages the new
events, later decisions read the staged aggregates (so a provider's capacity
counts places taken earlier in the same batch), and `flush()` writes everything
staged in one atomic save.

A refused decision may leave an aggregate half-changed in memory (a provider's
place released before the next provider refused the child); such an aggregate
still holds uncollected events and is rebuilt from the store and the staged
events the next time it is loaded, so a refusal never leaks into the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import Recording

from registry.application import DEVELOPMENT_KEY, RegistryApplication, TAggregate
from registry.database import StoreDatabase, UnsupportedDatabaseURL
from registry.districts import DistrictDirectory
from registry.domain import errors
from registry.domain.child_events import ChildRegistered
from registry.domain.duplicates import (
    Candidate,
    DuplicateScreen,
    Identity,
    identity_of,
    most_alike_first,
)
from registry.domain.provider import CareProvider
from registry.importing.library_internals import write_collected
from registry.importing.recorders import with_bulk_recorder
from registry.importing.run_identities import RunIdentities

LOOK_UP_CHUNK = 500


class BatchedRegistry(RegistryApplication):
    """Decisions checked one by one, written together by `flush()`.

    On SQLite and PostgreSQL it writes through the bulk recorder
    (`registry.importing.recorders`): the import ledger and a cheaper insert.
    """

    name = "Registry"  # the same tables and settings as the application it stands in for

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
        personal_id_key: bytes = DEVELOPMENT_KEY,
        districts: DistrictDirectory | None = None,
        duplicates: DuplicateScreen | None = None,
    ) -> None:
        super().__init__(
            None if env is None else with_bulk_recorder(env),
            today=today,
            personal_id_key=personal_id_key,
            districts=districts,
            duplicates=duplicates,
        )
        self._staged: dict[UUID, Aggregate] = {}
        self._pending: list[DomainEventProtocol[UUID]] = []
        self._pending_by_id: dict[UUID, list[DomainEventProtocol[UUID]]] = {}
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-writer")
        self._writing: Future[list[Recording[UUID]]] | None = None
        self._looking: Future[set[UUID]] | None = None
        self._known_absent: set[UUID] = set()
        self._registered = RunIdentities()

    @property
    def pending_count(self) -> int:
        """How many events `flush()` would write now."""
        return len(self._pending)

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Stage instead of writing: the decision's receipt carries no position yet."""
        for obj in objs:
            if isinstance(obj, Aggregate):
                self._known_absent.discard(obj.id)
                events = obj.collect_events()
                if events:
                    self._pending.extend(events)
                    self._pending_by_id.setdefault(obj.id, []).extend(events)
                for event in events:
                    if isinstance(event, ChildRegistered):
                        self._registered.add(event.originator_id, identity_of(event))
                self._staged[obj.id] = obj
        return []

    def flush(self, **kwargs: Any) -> list[Recording[UUID]]:
        """Write every staged event in one transaction (extra `kwargs` reach the recorder).

        On failure nothing is written and the staged work is dropped: the caller
        decides whether to redo it.
        """
        self.wait_for_writes()
        events, kept = self._take_staged()
        if not events:
            self._staged.update(kept)
            return []
        recordings = write_collected(self, events, **kwargs)
        self._staged.update(kept)
        return recordings

    def flush_behind(self) -> None:
        """Start writing what is staged on a thread, so the next batch is decided meanwhile.

        Writes stay in order: each waits for the one before. A failed write is raised
        by the next `flush_behind`, `flush` or `wait_for_writes`, and the kept providers
        are dropped, since what was decided after it built on events never written.
        Only for a writer that owns the streams it writes (nothing else writes them).
        """
        self.wait_for_writes()
        events, kept = self._take_staged()
        self._staged.update(kept)
        if events:
            self._writing = self._writer.submit(write_collected, self, events)

    def wait_for_writes(self) -> None:
        """Wait for the write behind, then learn the answer of a look-up behind it."""
        writing, self._writing = self._writing, None
        looking, self._looking = self._looking, None
        if writing is not None:
            try:
                writing.result()
            except BaseException:
                self.discard()
                raise
        if looking is not None:
            self._learn_absent(looking.result())

    def close(self) -> None:
        try:
            self.wait_for_writes()
        finally:
            self._writer.shutdown()
            super().close()

    def _take_staged(self) -> tuple[list[DomainEventProtocol[UUID]], dict[UUID, Aggregate]]:
        events, self._pending = self._pending, []
        self._pending_by_id.clear()
        kept = {aggregate_id: self._staged.pop(aggregate_id) for aggregate_id in self._kept()}
        self._staged.clear()
        return events, kept

    def _kept(self) -> list[UUID]:
        """Providers stay in memory across flushes: their streams grow with every place
        taken, few of them serve many children, and reloading them for each batch would
        cost more than the batch. They match the store after a successful flush; a
        concurrent writer to one makes the next flush fail on its version."""
        return [i for i, a in self._staged.items() if isinstance(a, CareProvider)]

    def possible_duplicates(self, identity: Identity) -> list[Candidate]:
        """The read models' candidates and those this run has registered, most alike first;
        none without a screen (the demo's synthetic histories are not screened)."""
        if self.duplicates is None:
            return []
        found = {c.child_id: c for c in super().possible_duplicates(identity)}
        found.update((c.child_id, c) for c in self._registered.candidates(identity))
        return most_alike_first(found.values())

    def mark(self) -> int:
        """A point to come back to with `rollback()`."""
        return len(self._pending)

    def rollback(self, mark: int) -> None:
        """Forget what was staged after `mark`; touched aggregates are rebuilt on next load."""
        for event in reversed(self._pending[mark:]):
            self._staged.pop(event.originator_id, None)
            if isinstance(event, ChildRegistered):
                self._registered.forget(event.originator_id)
            same_stream = self._pending_by_id[event.originator_id]
            same_stream.pop()
            if not same_stream:
                del self._pending_by_id[event.originator_id]
        del self._pending[mark:]

    def discard(self) -> None:
        """Forget everything staged since the last flush, and the providers kept in memory."""
        self.rollback(0)
        self._staged.clear()

    def _load(
        self, aggregate_id: UUID, kind: type[TAggregate], version: int | None = None
    ) -> TAggregate:
        if version is not None:
            return super()._load(aggregate_id, kind, version)
        staged = self._staged.get(aggregate_id)
        if staged is None or staged.pending_events:
            staged = self._restage(aggregate_id)
        if staged is None:
            return super()._load(aggregate_id, kind)
        if not isinstance(staged, kind):
            raise errors.NotFound(f"no {kind.__name__} with this id")
        return staged

    def _restage(self, aggregate_id: UUID) -> Aggregate | None:
        """The stored aggregate with this batch's staged events applied, if any are staged."""
        self._staged.pop(aggregate_id, None)
        staged_events = self._pending_by_id.get(aggregate_id)
        if not staged_events:
            return None
        aggregate: Any
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            aggregate = None
        for event in staged_events:
            aggregate = event.mutate(aggregate)  # type: ignore[attr-defined]
        assert isinstance(aggregate, Aggregate)
        self._staged[aggregate_id] = aggregate
        return aggregate

    def look_up_streams(self, ids: Collection[UUID]) -> None:
        """Learn in one query which of `ids` have no stored stream, so that the checks
        about them (a personal id's uniqueness) need no query each. Streams staged
        later are known again through the staging; a stream another writer creates
        meanwhile makes the flush fail on its version, as ever."""
        self._learn_absent(self._absent_streams(ids))

    def look_up_streams_behind(self, ids: Collection[UUID]) -> None:
        """`look_up_streams` on the writer thread, after the writes started so far, so
        that its queries overlap the next decisions; the answer is learnt by the next
        `flush_behind`, `flush` or `wait_for_writes`. Only one look-up may be behind."""
        assert self._looking is None, "one look-up behind at a time"
        self._looking = self._writer.submit(self._absent_streams, list(ids))

    def _learn_absent(self, absent: set[UUID]) -> None:
        """Streams staged since the look-up's query (still pending: the writer ran it
        after every earlier write) may exist by now, so they are not learnt as absent."""
        self._known_absent.update(i for i in absent if i not in self._pending_by_id)

    def _absent_streams(self, ids: Collection[UUID]) -> set[UUID]:
        """Those of `ids` without a stored stream (none, where the store can't be queried)."""
        try:
            store = StoreDatabase(self.recorder)
        except UnsupportedDatabaseURL:
            return set()
        wanted = list(ids)
        absent: set[UUID] = set()
        for start in range(0, len(wanted), LOOK_UP_CHUNK):
            chunk = wanted[start : start + LOOK_UP_CHUNK]
            stored = store.stored_streams(chunk)
            absent.update(i for i in chunk if i not in stored)
        return absent

    def _stream_version(self, aggregate_id: UUID) -> int | None:
        staged = self._staged.get(aggregate_id)
        if staged is not None:
            return staged.version
        if aggregate_id in self._pending_by_id:
            restaged = self._restage(aggregate_id)
            return None if restaged is None else restaged.version
        if aggregate_id in self._known_absent:
            return None
        return super()._stream_version(aggregate_id)
