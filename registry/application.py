"""RegistryApplication: one method per decision, and the only caller of `save()`.

Each method loads the streams a decision touches, lets the aggregates apply the
rules, and saves every touched stream in one atomic write. The acting user is an
explicit argument (the library has no notion of it) and lands in every event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from registry.database import (
    UnsupportedDatabaseURL,
    open_database,
    position_of,
    prepare_event_store,
)
from registry.districts import DistrictDirectory
from registry.domain import errors
from registry.domain.answered_request import AnsweredRequest, RequestKey
from registry.domain.child import Child
from registry.domain.child_state import Placement
from registry.domain.personal_id import PersonalIdClaim, claim_id
from registry.domain.provider import CareProvider
from registry.domain.transcodings import registry_transcodings
from registry.domain.values import (
    AdoptionKind,
    AssessmentOutcome,
    ExitReason,
    Goal,
    ParentalRights,
    ParentalStatus,
    PlacementEndReason,
    ProviderKind,
    RemovalManner,
    Setting,
    Sex,
)
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
class Decision:
    """The fields every decision carries besides its own."""

    recorded_by: str
    effective_date: date
    decision_ref: str | None = None
    request: RequestKey | None = None
    """The `Idempotency-Key` request making the decision: its answer is saved with it."""
    permit: ChildPermit | None = field(default=None, compare=False)
    """The acting user's permission (which hangs on the child's district), run on the
    very version decided on, with one read of its stream; its refusal writes nothing."""

    def fields(self) -> dict[str, Any]:
        return {
            "recorded_by": self.recorded_by,
            "effective_date": self.effective_date,
            "decision_ref": self.decision_ref,
        }


class RegistryApplication(Application[UUID]):
    name = "Registry"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
        personal_id_key: bytes = DEVELOPMENT_KEY,
        districts: DistrictDirectory | None = None,
    ) -> None:
        self.personal_id_key = personal_id_key
        self.signing_key = signing_key(personal_id_key)
        super().__init__(env)
        self.today = today
        self.districts = districts
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

    def _require_known_districts(self, *districts: Any) -> None:
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

    # -- children ------------------------------------------------------------

    def register_child(
        self,
        decision: Decision,
        *,
        given_name: str,
        family_name: str,
        patronymic: str | None,
        birth_date: date,
        sex: Sex,
        district: str,
        personal_id: str | None,
        disability: bool,
        parental_status: ParentalStatus,
        child_id: UUID | None = None,
    ) -> Receipt:
        self._require_known_districts(district)
        child = Child.register(
            child_id=child_id or uuid4(),
            today=self.today(),
            given_name=given_name,
            family_name=family_name,
            patronymic=patronymic,
            birth_date=birth_date,
            sex=sex,
            district=district,
            personal_id=personal_id,
            disability=disability,
            parental_status=parental_status,
            **decision.fields(),
        )
        streams: list[Aggregate] = [child]
        if personal_id is not None:
            self._refuse_taken_personal_id(personal_id)
            streams.append(
                PersonalIdClaim.claim(
                    personal_id=personal_id, child_id=child.id, key=self.personal_id_key
                )
            )
        try:
            return self._save(decision, child, *streams[1:])
        except IntegrityError:
            replayed = self.answered(decision.request)
            if replayed is not None:
                return replayed
            if personal_id is not None:
                self._refuse_taken_personal_id(personal_id)
            raise errors.VersionConflict("a child with this id already exists") from None

    def _refuse_taken_personal_id(self, personal_id: str) -> None:
        if self._stream_version(claim_id(personal_id, self.personal_id_key)) is not None:
            raise errors.PersonalIdTaken("this personal id is already registered")

    def change_legal_status(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        parental_rights: ParentalRights,
        free_for_adoption: bool,
        court_ref: str | None,
        expected_version: int | None = None,
    ) -> Receipt:
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: child.change_legal_status(
                today,
                parental_rights=parental_rights,
                free_for_adoption=free_for_adoption,
                court_ref=court_ref,
                **decision.fields(),
            ),
        )

    def assess(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        outcome: AssessmentOutcome,
        recommended_setting: Setting | None,
        options_considered: Sequence[str],
        assessment_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> Receipt:
        """GatekeepingAssessed, under the client's proposed id or a new one."""
        assessment_id = assessment_id or uuid4()
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: child.assess(
                today,
                assessment_id=assessment_id,
                outcome=outcome,
                recommended_setting=recommended_setting,
                options_considered=list(options_considered),
                **decision.fields(),
            ),
            related={"assessment_id": assessment_id},
        )

    def admit(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        removal_date: date,
        manner: RemovalManner,
        reasons: Sequence[str],
        setting: Setting,
        provider_id: UUID | None,
        carer: str | None = None,
        justification: str | None = None,
        expected_version: int | None = None,
    ) -> Receipt:
        """EnteredCare and the first placement (and the provider's place) in one save."""
        episode_id, placement_id = uuid4(), uuid4()

        def decide(child: Child, today: date) -> list[Aggregate]:
            child.admit(
                today,
                entry={
                    "episode_id": episode_id,
                    "removal_date": removal_date,
                    "manner": manner,
                    "reasons": list(reasons),
                    **decision.fields(),
                },
                placement=_placement_fields(
                    placement_id, setting, provider_id, carer, justification, decision
                ),
            )
            return self._take_place(child.id, placement_id, setting, provider_id, decision, today)

        return self._decide(
            child_id,
            decision,
            expected_version,
            decide,
            related={"episode_id": episode_id, "placement_id": placement_id},
        )

    def move(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        setting: Setting,
        provider_id: UUID | None,
        carer: str | None = None,
        justification: str | None = None,
        end_reason: PlacementEndReason = PlacementEndReason.MOVED,
        expected_version: int | None = None,
    ) -> Receipt:
        """End the open placement and start the next, releasing and taking places."""
        placement_id = uuid4()

        def decide(child: Child, today: date) -> list[Aggregate]:
            ended = child.move(
                today,
                end_reason=end_reason,
                **_placement_fields(
                    placement_id, setting, provider_id, carer, justification, decision
                ),
            )
            providers = self._release_place(ended, decision, today)
            return self._take_place(
                child.id, placement_id, setting, provider_id, decision, today, providers
            )

        return self._decide(
            child_id, decision, expected_version, decide, related={"placement_id": placement_id}
        )

    def adopt_plan(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        goals: Sequence[Goal],
        next_review_due: date,
        plan_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> Receipt:
        """DevelopmentPlanAdopted, under the client's proposed id or a new one."""
        plan_id = plan_id or uuid4()
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: child.adopt_plan(
                today,
                plan_id=plan_id,
                goals=list(goals),
                next_review_due=next_review_due,
                **decision.fields(),
            ),
            related={"plan_id": plan_id},
        )

    def review_plan(
        self,
        child_id: UUID,
        plan_id: UUID,
        decision: Decision,
        *,
        placement_still_necessary: bool,
        child_heard: bool,
        outcome: str,
        next_review_due: date | None,
        expected_version: int | None = None,
    ) -> Receipt:
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: child.review_plan(
                today,
                plan_id=plan_id,
                placement_still_necessary=placement_still_necessary,
                child_heard=child_heard,
                outcome=outcome,
                next_review_due=next_review_due,
                **decision.fields(),
            ),
        )

    def grant_adoption(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        court_ref: str | None,
        kind: AdoptionKind,
        expected_version: int | None = None,
    ) -> Receipt:
        """AdoptionGranted, PlacementEnded and CareExited (and the place released)."""

        def decide(child: Child, today: date) -> list[Aggregate]:
            ended = child.grant_adoption(today, court_ref=court_ref, kind=kind, **decision.fields())
            return self._release_place(ended, decision, today)

        return self._decide(child_id, decision, expected_version, decide)

    def exit_care(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        reason: ExitReason,
        expected_version: int | None = None,
    ) -> Receipt:
        def decide(child: Child, today: date) -> list[Aggregate]:
            ended = child.exit_care(today, reason=reason, **decision.fields())
            return self._release_place(ended, decision, today)

        return self._decide(child_id, decision, expected_version, decide)

    def transfer(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        to_district: str,
        expected_version: int | None = None,
    ) -> Receipt:
        self._require_known_districts(to_district)
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: child.transfer(
                today, to_district=to_district, **decision.fields()
            ),
        )

    def correct(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        corrects: int,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None = None,
    ) -> Receipt:
        self._require_known_districts(
            *(value for field, value in changes.items() if field in DISTRICT_FIELDS)
        )
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: self._reconcile_places(
                child,
                decision,
                today,
                lambda: child.correct(
                    today, corrects=corrects, changes=changes, reason=reason, **decision.fields()
                ),
            ),
        )

    def void(
        self,
        child_id: UUID,
        decision: Decision,
        *,
        voids: int,
        reason: str,
        expected_version: int | None = None,
    ) -> Receipt:
        return self._decide(
            child_id,
            decision,
            expected_version,
            lambda child, today: self._reconcile_places(
                child,
                decision,
                today,
                lambda: child.void(today, voids=voids, reason=reason, **decision.fields()),
            ),
        )

    # -- providers -----------------------------------------------------------

    def register_provider(
        self,
        decision: Decision,
        *,
        kind: ProviderKind,
        name: str,
        district: str,
        capacity: int,
        provider_id: UUID | None = None,
    ) -> Receipt:
        self._require_known_districts(district)
        provider = CareProvider.register(
            provider_id=provider_id or uuid4(),
            today=self.today(),
            kind=kind,
            name=name,
            district=district,
            capacity=capacity,
            **decision.fields(),
        )
        try:
            return self._save(decision, provider)
        except IntegrityError:
            replayed = self.answered(decision.request)
            if replayed is not None:
                return replayed
            raise errors.VersionConflict("a provider with this id already exists") from None

    def approve_provider(
        self, provider_id: UUID, decision: Decision, *, expected_version: int | None = None
    ) -> Receipt:
        return self._change_provider(
            provider_id,
            decision,
            expected_version,
            lambda provider: provider.approve(self.today(), **decision.fields()),
        )

    def suspend_provider(
        self, provider_id: UUID, decision: Decision, *, expected_version: int | None = None
    ) -> Receipt:
        return self._change_provider(
            provider_id,
            decision,
            expected_version,
            lambda provider: provider.suspend(self.today(), **decision.fields()),
        )

    def close_provider(
        self, provider_id: UUID, decision: Decision, *, expected_version: int | None = None
    ) -> Receipt:
        return self._change_provider(
            provider_id,
            decision,
            expected_version,
            lambda provider: provider.close(self.today(), **decision.fields()),
        )

    def change_capacity(
        self,
        provider_id: UUID,
        decision: Decision,
        *,
        capacity: int,
        expected_version: int | None = None,
    ) -> Receipt:
        return self._change_provider(
            provider_id,
            decision,
            expected_version,
            lambda provider: provider.change_capacity(
                self.today(), capacity=capacity, **decision.fields()
            ),
        )

    # -- the write path --------------------------------------------------------

    def _decide(
        self,
        child_id: UUID,
        decision: Decision,
        expected_version: int | None,
        decide: Callable[[Child, date], Sequence[Aggregate] | None],
        related: dict[str, UUID] | None = None,
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
            if decision.permit is not None:
                decision.permit(child)
            loaded_version = child.version
            if expected_version is not None and expected_version != loaded_version:
                raise errors.VersionConflict(
                    f"the child is at version {loaded_version}, not {expected_version}"
                )
            others = list(decide(child, self.today()) or [])
            if attempt == PROVIDER_RACE_ATTEMPTS:
                break
            try:
                return self._save(decision, child, *others, related=related)
            except IntegrityError:
                replayed = self.answered(decision.request)
                if replayed is not None:
                    return replayed
                if not others or self._stream_version(child_id) != loaded_version:
                    raise errors.VersionConflict(
                        "another decision on this child was saved first; reload and retry"
                    ) from None
        raise errors.VersionConflict("the provider kept changing; retry the decision")

    def _change_provider(
        self,
        provider_id: UUID,
        decision: Decision,
        expected_version: int | None,
        change: Callable[[CareProvider], None],
    ) -> Receipt:
        provider = self.get_provider(provider_id)
        if expected_version is not None and expected_version != provider.version:
            raise errors.VersionConflict(
                f"the provider is at version {provider.version}, not {expected_version}"
            )
        change(provider)
        try:
            return self._save(decision, provider)
        except IntegrityError:
            replayed = self.answered(decision.request)
            if replayed is not None:
                return replayed
            raise errors.VersionConflict(
                "another decision on this provider was saved first; reload and retry"
            ) from None

    def _save(
        self,
        decision: Decision,
        subject: Aggregate,
        *others: Aggregate,
        related: dict[str, UUID] | None = None,
    ) -> Receipt:
        """Save the decision's streams in one write, with its request's answer when it
        came with an `Idempotency-Key` (so the write and its answer exist together)."""
        streams = [subject, *others]
        if decision.request is not None:
            streams.append(
                AnsweredRequest.answer(
                    decision.request,
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
        setting: Setting,
        provider_id: UUID | None,
        decision: Decision,
        today: date,
        providers: list[Aggregate] | None = None,
    ) -> list[Aggregate]:
        providers = list(providers or [])
        if provider_id is None:
            return providers
        provider = next(
            (p for p in providers if isinstance(p, CareProvider) and p.id == provider_id),
            None,
        ) or self.get_provider(provider_id)
        provider.take_place(
            today,
            child_id=child_id,
            placement_id=placement_id,
            setting=setting,
            **decision.fields(),
        )
        if provider not in providers:
            providers.append(provider)
        return providers

    def _release_place(
        self, ended: Placement | None, decision: Decision, today: date
    ) -> list[Aggregate]:
        if ended is None or ended.provider_id is None:
            return []
        provider = self.get_provider(ended.provider_id)
        if ended.placement_id not in provider.occupants:
            return []
        provider.release_place(today, placement_id=ended.placement_id, **decision.fields())
        return [provider]

    def _reconcile_places(
        self,
        child: Child,
        decision: Decision,
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
            providers = self._release_place(before, decision, today)
            if after is None:
                return providers
            return self._take_place(
                child.id,
                after.placement_id,
                after.setting,
                after.provider_id,
                decision,
                today,
                providers,
            )
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


def _placement_fields(
    placement_id: UUID,
    setting: Setting,
    provider_id: UUID | None,
    carer: str | None,
    justification: str | None,
    decision: Decision,
) -> dict[str, Any]:
    return {
        "placement_id": placement_id,
        "setting": setting,
        "provider_id": provider_id,
        "carer": carer,
        "justification": justification,
        **decision.fields(),
    }


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
    checking districts against the deployment's reference list."""
    return RegistryApplication(
        env=settings.persistence_env,
        today=settings.today,
        personal_id_key=settings.personal_id_key,
        districts=DistrictDirectory(open_database(settings.database_url)),
    )
