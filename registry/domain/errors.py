"""Domain refusals, each with the stable code that clients see in problem details.

They know nothing of HTTP: the API maps codes to statuses in one table
(`registry.api.problems.REFUSAL_STATUSES`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registry.domain.duplicates import Candidate


class DomainError(Exception):
    """A decision the rules refuse; nothing is written when one is raised.

    `detail` is shown to the caller, so it must never contain a child's personal data.
    """

    code: str = "domain_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class PossibleDuplicate(DomainError):
    """A registration alike enough to records already registered to be the same child
    (`registry.domain.duplicates`); sent again with `duplicate_override_reason`, it goes
    through. The candidates travel with the refusal, for the caller to be shown what
    their permissions allow; the detail names none of them."""

    code = "possible_duplicate"

    def __init__(self, detail: str, candidates: Sequence[Candidate]) -> None:
        super().__init__(detail)
        self.candidates = tuple(candidates)


class PlacementAlreadyOpen(DomainError):
    """A placement would start, or an exit leave one open, while the child already has one."""

    code = "placement_already_open"


class ProviderFull(DomainError):
    """The provider has no free place left under its capacity."""

    code = "provider_full"


class ProviderNotApproved(DomainError):
    """A place is asked of a provider that is not approved (registered, suspended or closed)."""

    code = "provider_not_approved"


class SettingNotOffered(DomainError):
    """The provider's kind does not offer the setting, or a kinship or guardianship
    placement names a provider."""

    code = "setting_not_offered"


class NotFreeForAdoption(DomainError):
    """Adoption of a child not legally free for it, or an exit to adoption without an order."""

    code = "not_free_for_adoption"


class NoOpenEpisode(DomainError):
    """A decision that needs the child in care (placement, move, exit, adoption) finds no
    open episode."""

    code = "no_open_episode"


class EpisodeAlreadyOpen(DomainError):
    """An admission of a child who is already in care."""

    code = "episode_already_open"


class NoOpenPlacement(DomainError):
    """A move or a release of a place names no placement that is open."""

    code = "no_open_placement"


class ProviderRequired(DomainError):
    """A placement in a setting that needs a provider names none."""

    code = "provider_required"


class JustificationRequired(DomainError):
    """A residential placement of a child under 3, or without a `placement_needed`
    assessment, carries no written justification."""

    code = "justification_required"


class CarerRequired(DomainError):
    """A kinship or guardianship placement does not name its carer."""

    code = "carer_required"


class FutureDate(DomainError):
    """An effective, birth or removal date after today (in `REGISTRY_TIMEZONE`)."""

    code = "future_date"


class DateBeforeBirth(DomainError):
    """A decision, registration or removal dated before the child's birth."""

    code = "date_before_birth"


class DateOutOfOrder(DomainError):
    """A date that would break the order of an episode, a plan's reviews or the next review."""

    code = "date_out_of_order"


class PersonalIdTaken(DomainError):
    """The personal id is already claimed by another child."""

    code = "personal_id_taken"


class VersionConflict(DomainError):
    """A stale `If-Match`, a save that lost the race on a stream's version, or a stream
    id already in use."""

    code = "version_conflict"


class ChildDeceased(DomainError):
    """A decision other than a correction after the child's exit for death."""

    code = "child_deceased"


class InvalidCorrection(DomainError):
    """A correction or voiding that is not allowed, or whose corrected history breaks a rule."""

    code = "invalid_correction"


class UnknownPlan(DomainError):
    """A review names a plan the child does not have."""

    code = "unknown_plan"


class ProviderClosed(DomainError):
    """A change asked of a closed provider."""

    code = "provider_closed"


class CapacityBelowOccupancy(DomainError):
    """A capacity below the places already taken."""

    code = "capacity_below_occupancy"


class ProviderOccupied(DomainError):
    """Closing a provider with children still placed there."""

    code = "provider_occupied"


class InvalidTransition(DomainError):
    """A change of state the rules do not allow: a provider's status, a transfer, an
    adoption through `exits`, a reused placement id, a negative capacity."""

    code = "invalid_transition"


class NotFound(DomainError):
    """No child or provider with the id given."""

    code = "not_found"


class NotAChild(DomainError):
    """A person 18 or over on the registration's effective date."""

    code = "not_a_child"


class UnknownDistrict(DomainError):
    """A district code that is not in the registry's reference list."""

    code = "unknown_district"


class IdTaken(DomainError):
    """A client-proposed `plan_id` or `assessment_id` the child already has."""

    code = "id_taken"


class IdempotencyKeyReused(DomainError):
    """One `Idempotency-Key` sent again by the same user with a different request."""

    code = "idempotency_key_reused"


class IntegrityFailure(DomainError):
    """The stored history of the stream decided on fails its integrity check (a forged,
    altered or missing row): nothing is decided on it until it is restored."""

    code = "integrity_failure"


class RecordLinked(DomainError):
    """A decision about a record linked to another as its duplicate: decisions go to the
    surviving record (voiding the link is the one thing still decided here)."""

    code = "record_linked"


class InvalidLink(DomainError):
    """A link of duplicates, or a "not duplicates" finding, that the rules refuse: a
    record with itself, a duplicate still in care or that others are linked to, two
    records in care at the same time."""

    code = "invalid_link"
