"""Domain refusals, each with the stable code that clients see in problem details.

They know nothing of HTTP: the API maps codes to statuses in one table
(`registry.api.problems.REFUSAL_STATUSES`)."""

from __future__ import annotations


class DomainError(Exception):
    """A decision the rules refuse; nothing is written when one is raised.

    `detail` is shown to the caller, so it must never contain a child's personal data.
    """

    code: str = "domain_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _refusal(code: str) -> type[DomainError]:
    name = "".join(part.title() for part in code.split("_"))
    return type(name, (DomainError,), {"code": code, "__doc__": code})


PlacementAlreadyOpen = _refusal("placement_already_open")
ProviderFull = _refusal("provider_full")
ProviderNotApproved = _refusal("provider_not_approved")
SettingNotOffered = _refusal("setting_not_offered")
NotFreeForAdoption = _refusal("not_free_for_adoption")
NoOpenEpisode = _refusal("no_open_episode")
EpisodeAlreadyOpen = _refusal("episode_already_open")
NoOpenPlacement = _refusal("no_open_placement")
ProviderRequired = _refusal("provider_required")
JustificationRequired = _refusal("justification_required")
CarerRequired = _refusal("carer_required")
FutureDate = _refusal("future_date")
DateBeforeBirth = _refusal("date_before_birth")
DateOutOfOrder = _refusal("date_out_of_order")
PersonalIdTaken = _refusal("personal_id_taken")
VersionConflict = _refusal("version_conflict")
ChildDeceased = _refusal("child_deceased")
InvalidCorrection = _refusal("invalid_correction")
UnknownPlan = _refusal("unknown_plan")
ProviderClosed = _refusal("provider_closed")
CapacityBelowOccupancy = _refusal("capacity_below_occupancy")
ProviderOccupied = _refusal("provider_occupied")
InvalidTransition = _refusal("invalid_transition")
NotFound = _refusal("not_found")
NotAChild = _refusal("not_a_child")
UnknownDistrict = _refusal("unknown_district")
IdTaken = _refusal("id_taken")
"""A client-proposed `plan_id` or `assessment_id` the child already has."""
IdempotencyKeyReused = _refusal("idempotency_key_reused")
IntegrityFailure = _refusal("integrity_failure")
"""The stored history of the stream decided on fails its integrity check (a forged,
altered or missing row): nothing is decided on it until it is restored."""
