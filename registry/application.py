"""RegistryApplication: `handle(command)` records a decision, and is the only caller of `save()`.

A command (`registry.domain.commands`) is one typed value per decision. Handling it
loads the streams it touches, lets the aggregates apply the rules, and saves every
touched stream in one atomic write. The acting user is in the command's header
(the library has no notion of it) and lands in every event.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn, TypeVar, assert_never
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from projections.duplicate_screen import ReadModelScreen
from registry.database import (
    UnsupportedDatabaseURL,
    open_database,
    position_of,
    prepare_event_store,
)
from registry.districts import DistrictDirectory
from registry.domain import commands, errors
from registry.domain.answered_request import AnsweredRequest, RequestKey
from registry.domain.child import Child
from registry.domain.child_state import Placement
from registry.domain.duplicates import Candidate, DuplicateScreen, Identity, identity_of
from registry.domain.personal_id import PersonalIdClaim, claim_id
from registry.domain.provider import CareProvider
from registry.domain.transcodings import registry_transcodings
from registry.integrity.alarms import IntegrityAlarms
from registry.integrity.signing import ForgedRow, SigningMapper, signing_key
from registry.settings import DEVELOPMENT_SECRET, Settings

TAggregate = TypeVar("TAggregate", bound=Aggregate)

# A decision that also touches a provider is re-decided when only the provider's
# stream moved on (another child took or left a place); the child's own rules and
# version are checked afresh each time, so this never overwrites a concurrent decision.
PROVIDER_RACE_ATTEMPTS = 5
DEVELOPMENT_KEY = DEVELOPMENT_SECRET.encode()
"""The secret of development settings: a store written by a test's application is read
by a `registry` process started with no configuration, and their signatures agree."""

ChildPermit = Callable[[Child], None]
"""The acting user's permission for a decision about an existing child: raises to
refuse, judged on the child as loaded for the decision."""


Placed = commands.PlaceChild | Placement
"""A placement starting: as decided now, or as a correction leaves the open one."""

DISTRICT_FIELDS = frozenset({"district", "from_district", "to_district"})
"""Fields of the events that hold a district code of the reference list."""


@dataclass(frozen=True)
class Receipt:
    """What a successful decision returns: the stream, its new version, and the
    position of the write in the global order (for read-your-writes)."""

    id: UUID
    version: int
    position: int | None
    related: dict[str, UUID] = field(default_factory=dict)
    replayed: bool = False
    """The answer of an earlier write of the same request: nothing was written now."""


@dataclass(frozen=True)
class Submission:
    """How a command reaches the registry, beside what it decides."""

    expected_version: int | None = None
    """Decide only if the stream is still at this version (`If-Match`)."""
    request: RequestKey | None = None
    """The `Idempotency-Key` request making the decision: its answer is saved with it."""
    permit: ChildPermit | None = field(default=None, compare=False)
    """The acting user's permission (which hangs on the child's district), run on the
    very version decided on, with one read of its stream; its refusal writes nothing."""


DIRECT = Submission()
"""A command from within the registry (an import, the demo, a test): no version to
hold to, no retry key, and the permission already judged by its caller."""


class RegistryApplication(Application[UUID]):
    name = "Registry"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
        personal_id_key: bytes = DEVELOPMENT_KEY,
        districts: DistrictDirectory | None = None,
        duplicates: DuplicateScreen | None = None,
    ) -> None:
        self.personal_id_key = personal_id_key
        self.signing_key = signing_key(personal_id_key)
        super().__init__(env)
        self.today = today
        self.districts = districts
        self.duplicates = duplicates
        prepare_event_store(self.recorder)

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper, signing every row written and checking every row read."""
        return SigningMapper(super().construct_mapper(), self.signing_key)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in registry_transcodings():
            transcoder.register(transcoding)

    def close(self) -> None:
        """The event store's pool, and the reference list's, which the application owns."""
        super().close()
        if self.districts is not None:
            self.districts.close()
        if self.duplicates is not None:
            self.duplicates.close()

    def _require_known_districts(self, *districts: object) -> None:
        """A decision names only districts of the reference list (`registry.districts`)."""
        if self.districts is not None:
            self.districts.require_known(*(str(district) for district in districts))

    # -- reading -------------------------------------------------------------

    def get_child(self, child_id: UUID, version: int | None = None) -> Child:
        return self._load(child_id, Child, version)

    def get_provider(self, provider_id: UUID) -> CareProvider:
        return self._load(provider_id, CareProvider)

    def _load(
        self, aggregate_id: UUID, kind: type[TAggregate], version: int | None = None
    ) -> TAggregate:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise errors.NotFound(f"no {kind.__name__} with this id") from None
        except ForgedRow as forged:
            self._alarm(str(forged))
        except OriginatorVersionError:
            self._alarm(f"stream {aggregate_id} has a gap in its versions (a row is missing)")
        if not isinstance(aggregate, kind):
            raise errors.NotFound(f"no {kind.__name__} with this id")
        return aggregate

    def _alarm(self, finding: str) -> NoReturn:
        """A damaged stream met by a decision: recorded as an integrity failure (alarm
        log, `/readyz`, metric), and the decision refused."""
        # The in-memory store of tests keeps no alarms.
        with suppress(UnsupportedDatabaseURL):
            IntegrityAlarms(self.recorder).record([finding], found_by="request")
        raise errors.IntegrityFailure(
            "the stored history of this record fails its integrity check; "
            "nothing can be decided on it until it is restored"
        )

    # -- deciding --------------------------------------------------------------

    def handle(self, command: commands.Command, submission: Submission = DIRECT) -> Receipt:
        """Record one decision: the only way anything is written."""
        match command:
            case commands.RegisterChild():
                return self._register_child(command, submission)
            case commands.RegisterProvider():
                return self._register_provider(command, submission)
            case (
                commands.ChangeLegalStatus()
                | commands.AssessNeeds()
                | commands.AdmitToCare()
                | commands.MoveChild()
                | commands.AdoptPlan()
                | commands.ReviewPlan()
                | commands.GrantAdoption()
                | commands.ExitCare()
                | commands.TransferCase()
                | commands.LinkRecords()
                | commands.MarkNotDuplicates()
                | commands.CorrectDecision()
                | commands.VoidDecision()
            ):
                return self._decide_on_child(command, submission)
            case (
                commands.ApproveProvider()
                | commands.SuspendProvider()
                | commands.CloseProvider()
                | commands.ChangeCapacity()
            ):
                return self._change_provider(command, submission)
            case _:
                assert_never(command)

    def _register_child(self, command: commands.RegisterChild, submission: Submission) -> Receipt:
        self._require_known_districts(command.district)
        child = Child.register(command, child_id=command.child_id or uuid4(), today=self.today())
        streams: list[Aggregate] = [child]
        personal_id = command.personal_id
        if personal_id is not None:
            self._refuse_taken_personal_id(personal_id)
            streams.append(
                PersonalIdClaim.claim(
                    personal_id=personal_id, child_id=child.id, key=self.personal_id_key
                )
            )
        if command.duplicate_override_reason is None:
            self._refuse_possible_duplicates(command)
        try:
            return self._save(submission, child, *streams[1:])
        except IntegrityError:
            replayed = self.answered(submission.request)
            if replayed is not None:
                return replayed
            if personal_id is not None:
                self._refuse_taken_personal_id(personal_id)
            raise errors.VersionConflict("a child with this id already exists") from None

    def _refuse_possible_duplicates(self, command: commands.RegisterChild) -> None:
        """PossibleDuplicate when records alike are known (`registry.domain.duplicates`)."""
        candidates = self.possible_duplicates(identity_of(command))
        if candidates:
            raise errors.PossibleDuplicate(
                f"{len(candidates)} record(s) registered already may be this child; "
                "send the registration again with duplicate_override_reason to register it",
                candidates,
            )

    def possible_duplicates(self, identity: Identity) -> list[Candidate]:
        """The records `identity` may duplicate, most alike first (none without a screen)."""
        return list(self.duplicates.candidates(identity)) if self.duplicates else []

    def _refuse_taken_personal_id(self, personal_id: str) -> None:
        if self._stream_version(claim_id(personal_id, self.personal_id_key)) is not None:
            raise errors.PersonalIdTaken("this personal id is already registered")

    def _decide_on_child(self, command: commands.ChildCommand, submission: Submission) -> Receipt:
        if isinstance(command, commands.TransferCase):
            self._require_known_districts(command.to_district)
        if isinstance(command, commands.CorrectDecision):
            self._require_known_districts(
                *(value for name, value in command.changes.items() if name in DISTRICT_FIELDS)
            )
        related = _new_ids(command)
        return self._decide(
            command.child_id,
            submission,
            lambda child, today: self._apply(child, today, command, related, submission.permit),
            related,
        )

    def _apply(
        self,
        child: Child,
        today: date,
        command: commands.ChildCommand,
        related: dict[str, UUID],
        permit: ChildPermit | None,
    ) -> list[Aggregate]:
        """Let the child decide, and the providers whose places the decision moves (or
        the other record of a link); returns the streams to save with the child."""
        header = command.header
        match command:
            case commands.ChangeLegalStatus():
                child.change_legal_status(today, command)
            case commands.AssessNeeds():
                child.assess(today, command, assessment_id=related["assessment_id"])
            case commands.AdmitToCare():
                placement_id = related["placement_id"]
                child.admit(
                    today, command, episode_id=related["episode_id"], placement_id=placement_id
                )
                return self._take_place(child.id, placement_id, command, header, today)
            case commands.MoveChild():
                placement_id = related["placement_id"]
                ended = child.move(today, command, placement_id=placement_id)
                providers = self._release_place(ended, header, today)
                return self._take_place(child.id, placement_id, command, header, today, providers)
            case commands.AdoptPlan():
                child.adopt_plan(today, command, plan_id=related["plan_id"])
            case commands.ReviewPlan():
                child.review_plan(today, command)
            case commands.GrantAdoption():
                return self._release_place(child.grant_adoption(today, command), header, today)
            case commands.ExitCare():
                return self._release_place(child.exit_care(today, command), header, today)
            case commands.TransferCase():
                child.transfer(today, command)
            case commands.LinkRecords():
                survivor = self._other_record(command.survivor_id, permit)
                child.link_into(today, command, survivor)
                return [survivor]
            case commands.MarkNotDuplicates():
                self._other_record(command.other_id, permit)
                child.mark_not_duplicates(today, command)
            case commands.CorrectDecision():
                return self._reconcile_places(
                    child, header, today, lambda: child.correct(today, command)
                )
            case commands.VoidDecision():
                linked = child.linked_by(command.voids)
                others = self._reconcile_places(
                    child, header, today, lambda: child.void(today, command)
                )
                if linked is not None:
                    others.extend(self._void_link_twin(child.id, linked, command, permit, today))
                return others
            case _:
                assert_never(command)
        return []

    def _other_record(self, child_id: UUID, permit: ChildPermit | None) -> Child:
        """The second record a decision names, which the acting user must hold too."""
        other = self.get_child(child_id)
        if permit is not None:
            permit(other)
        return other

    def _void_link_twin(
        self,
        child_id: UUID,
        other_id: UUID,
        command: commands.VoidDecision,
        permit: ChildPermit | None,
        today: date,
    ) -> list[Aggregate]:
        """A link is one decision in two streams: voided in one, it is voided in both."""
        other = self._other_record(other_id, permit)
        twin = other.link_with(child_id)
        if twin is None:
            return []
        other.void(
            today,
            commands.VoidDecision(
                header=command.header, child_id=other.id, voids=twin, reason=command.reason
            ),
        )
        return [other]

    def _register_provider(
        self, command: commands.RegisterProvider, submission: Submission
    ) -> Receipt:
        self._require_known_districts(command.district)
        provider = CareProvider.register(
            command, provider_id=command.provider_id or uuid4(), today=self.today()
        )
        try:
            return self._save(submission, provider)
        except IntegrityError:
            replayed = self.answered(submission.request)
            if replayed is not None:
                return replayed
            raise errors.VersionConflict("a provider with this id already exists") from None

    # -- the write path --------------------------------------------------------

    def _decide(
        self,
        child_id: UUID,
        submission: Submission,
        decide: Callable[[Child, date], list[Aggregate]],
        related: dict[str, UUID],
    ) -> Receipt:
        """Load, decide, save atomically; a stale child version is a conflict.

        A stale provider (another placement saved into it meanwhile) is decided again
        on the new state, up to PROVIDER_RACE_ATTEMPTS saves. After the last one the
        decision is made once more without saving, so a provider that filled up
        meanwhile answers `provider_full`, the truth, and only one still changing
        answers a conflict. A write that lost to the same request's (a retry racing
        its original) answers the original's receipt."""
        for attempt in range(PROVIDER_RACE_ATTEMPTS + 1):
            child = self.get_child(child_id)
            if submission.permit is not None:
                submission.permit(child)
            loaded_version = child.version
            expected_version = submission.expected_version
            if expected_version is not None and expected_version != loaded_version:
                raise errors.VersionConflict(
                    f"the child is at version {loaded_version}, not {expected_version}"
                )
            others = decide(child, self.today())
            if attempt == PROVIDER_RACE_ATTEMPTS:
                break
            try:
                return self._save(submission, child, *others, related=related)
            except IntegrityError:
                replayed = self.answered(submission.request)
                if replayed is not None:
                    return replayed
                if not others or self._stream_version(child_id) != loaded_version:
                    raise errors.VersionConflict(
                        "another decision on this child was saved first; reload and retry"
                    ) from None
        raise errors.VersionConflict("the provider kept changing; retry the decision")

    def _change_provider(
        self, command: commands.ProviderCommand, submission: Submission
    ) -> Receipt:
        provider = self.get_provider(command.provider_id)
        expected_version = submission.expected_version
        if expected_version is not None and expected_version != provider.version:
            raise errors.VersionConflict(
                f"the provider is at version {provider.version}, not {expected_version}"
            )
        today = self.today()
        match command:
            case commands.ApproveProvider():
                provider.approve(today, command)
            case commands.SuspendProvider():
                provider.suspend(today, command)
            case commands.CloseProvider():
                provider.close(today, command)
            case commands.ChangeCapacity():
                provider.change_capacity(today, command)
            case _:
                assert_never(command)
        try:
            return self._save(submission, provider)
        except IntegrityError:
            replayed = self.answered(submission.request)
            if replayed is not None:
                return replayed
            raise errors.VersionConflict(
                "another decision on this provider was saved first; reload and retry"
            ) from None

    def _save(
        self,
        submission: Submission,
        subject: Aggregate,
        *others: Aggregate,
        related: dict[str, UUID] | None = None,
    ) -> Receipt:
        """Save the decision's streams in one write, with its request's answer when it
        came with an `Idempotency-Key` (so the write and its answer exist together)."""
        streams = [subject, *others]
        if submission.request is not None:
            streams.append(
                AnsweredRequest.answer(
                    submission.request,
                    self.personal_id_key,
                    stream_id=subject.id,
                    stream_version=subject.version,
                    related=related or {},
                )
            )
        return _receipt(subject, self.save(*streams), related)

    def answered(self, request: RequestKey | None) -> Receipt | None:
        """The receipt of the decision `request` already made, or None when it made none.

        The same key for a different request is refused (`idempotency_key_reused`)."""
        if request is None:
            return None
        stream_id = request.stream_id(self.personal_id_key)
        try:
            answered = self._load(stream_id, AnsweredRequest)
        except errors.NotFound:
            return None
        if answered.fingerprint != request.keyed_fingerprint(self.personal_id_key):
            raise errors.IdempotencyKeyReused(
                "this Idempotency-Key was already used for a different request"
            )
        return Receipt(
            id=answered.stream_id,
            version=answered.stream_version,
            position=position_of(self.recorder, stream_id, answered.version),
            related=dict(answered.related),
            replayed=True,
        )

    def _stream_version(self, aggregate_id: UUID) -> int | None:
        latest = list(self.events.get(aggregate_id, desc=True, limit=1))
        return latest[0].originator_version if latest else None

    def _take_place(
        self,
        child_id: UUID,
        placement_id: UUID,
        placed: Placed,
        header: commands.DecisionHeader,
        today: date,
        providers: list[Aggregate] | None = None,
    ) -> list[Aggregate]:
        """The provider's place for a placement starting (none for a kinship carer)."""
        providers = list(providers or [])
        if placed.provider_id is None:
            return providers
        provider = next(
            (p for p in providers if isinstance(p, CareProvider) and p.id == placed.provider_id),
            None,
        ) or self.get_provider(placed.provider_id)
        provider.take_place(
            today, header, child_id=child_id, placement_id=placement_id, setting=placed.setting
        )
        if provider not in providers:
            providers.append(provider)
        return providers

    def _release_place(
        self, ended: Placement | None, header: commands.DecisionHeader, today: date
    ) -> list[Aggregate]:
        if ended is None or ended.provider_id is None:
            return []
        provider = self.get_provider(ended.provider_id)
        if ended.placement_id not in provider.occupants:
            return []
        provider.release_place(today, header, placement_id=ended.placement_id)
        return [provider]

    def _reconcile_places(
        self,
        child: Child,
        header: commands.DecisionHeader,
        today: date,
        correct: Callable[[], None],
    ) -> list[Aggregate]:
        """A correction or voiding that changes the open placement moves the places too."""
        before = child.state.open_placement
        correct()
        after = child.state.open_placement
        if _same_place(before, after):
            return []
        try:
            providers = self._release_place(before, header, today)
            if after is None:
                return providers
            return self._take_place(child.id, after.placement_id, after, header, today, providers)
        except errors.DomainError as refused:
            raise errors.InvalidCorrection(
                f"the corrected placement is refused by its provider ({refused.code}): "
                f"{refused.detail}"
            ) from None


def _same_place(before: Placement | None, after: Placement | None) -> bool:
    if before is None or after is None:
        return before is after
    return (before.placement_id, before.provider_id, before.setting) == (
        after.placement_id,
        after.provider_id,
        after.setting,
    )


def _new_ids(command: commands.ChildCommand) -> dict[str, UUID]:
    """The ids a decision makes (answered in its receipt): the client's proposal, or
    new ones chosen once, so a decision re-made after a provider race keeps them."""
    match command:
        case commands.AssessNeeds():
            return {"assessment_id": command.assessment_id or uuid4()}
        case commands.AdmitToCare():
            return {"episode_id": uuid4(), "placement_id": uuid4()}
        case commands.MoveChild():
            return {"placement_id": uuid4()}
        case commands.AdoptPlan():
            return {"plan_id": command.plan_id or uuid4()}
        case _:
            return {}


def _receipt(
    aggregate: Aggregate,
    recordings: list[Recording[UUID]],
    related: dict[str, UUID] | None = None,
) -> Receipt:
    positions = [r.notification.id for r in recordings if r.notification is not None]
    return Receipt(
        id=aggregate.id,
        version=aggregate.version,
        position=max(positions) if positions else None,
        related=dict(related or {}),
    )


def open_application(settings: Settings) -> RegistryApplication:
    """The application for a deployment's settings (one per process: it owns a pool),
    checking districts against the deployment's reference list and registrations
    against the records the read models hold."""
    return RegistryApplication(
        env=settings.persistence_env,
        today=settings.today,
        personal_id_key=settings.personal_id_key,
        districts=DistrictDirectory(open_database(settings.database_url)),
        duplicates=ReadModelScreen(open_database(settings.database_url)),
    )
