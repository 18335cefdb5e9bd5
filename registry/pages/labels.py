"""What people see for the contract's codes: statuses, settings, roles.

The codes stay as they are in URLs, forms and the APIs; each has an English label
here, marked for extraction (`coded`, a context and a message, as `pgettext`), which
the catalogs translate. A code without a label is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable


def coded(context: str, message: str) -> tuple[str, str]:
    """Mark a label for extraction (babel.cfg: keyword `coded:1c,2`)."""
    return context, message


LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("status", "registered"): coded("status", "Registered"),
    ("status", "in_care"): coded("status", "In care"),
    ("status", "exited"): coded("status", "Left care"),
    ("setting", "residential_institution"): coded("setting", "Residential institution"),
    ("setting", "small_group_home"): coded("setting", "Small group home"),
    ("setting", "emergency_shelter"): coded("setting", "Emergency shelter"),
    ("setting", "foster_family"): coded("setting", "Foster family"),
    ("setting", "family_type_home"): coded("setting", "Family-type home"),
    ("setting", "kinship_care"): coded("setting", "Kinship care"),
    ("setting", "guardianship_family"): coded("setting", "Guardianship family"),
    ("alert", "no_plan_30_days"): coded("alert", "No plan 30 days after entry"),
    ("alert", "review_overdue"): coded("alert", "Review overdue"),
    ("alert", "under3_residential"): coded("alert", "Under 3 in residential care"),
    ("alert", "residential_over_12_months"): coded("alert", "Residential care over 12 months"),
    ("event", "ChildRegistered"): coded("event", "Registered"),
    ("event", "LegalStatusChanged"): coded("event", "Legal status changed"),
    ("event", "GatekeepingAssessed"): coded("event", "Gatekeeping assessment"),
    ("event", "EnteredCare"): coded("event", "Entered care"),
    ("event", "PlacementStarted"): coded("event", "Placement started"),
    ("event", "PlacementEnded"): coded("event", "Placement ended"),
    ("event", "DevelopmentPlanAdopted"): coded("event", "Development plan adopted"),
    ("event", "DevelopmentPlanReviewed"): coded("event", "Development plan reviewed"),
    ("event", "AdoptionGranted"): coded("event", "Adoption granted"),
    ("event", "CareExited"): coded("event", "Left care"),
    ("event", "CaseTransferred"): coded("event", "Case transferred"),
    ("event", "RecordsLinked"): coded("event", "Records linked"),
    ("event", "NotDuplicates"): coded("event", "Not the same child"),
    ("event", "DecisionCorrected"): coded("event", "Decision corrected"),
    ("event", "DecisionVoided"): coded("event", "Decision voided"),
    ("parental_status", "orphan"): coded("parental_status", "Orphan"),
    ("parental_status", "deprived_of_parental_care"): coded(
        "parental_status", "Deprived of parental care"
    ),
    ("parental_status", "at_risk"): coded("parental_status", "At risk"),
    ("manner", "voluntary"): coded("manner", "Voluntary"),
    ("manner", "court_ordered"): coded("manner", "By court order"),
    ("manner", "administrative"): coded("manner", "By administrative decision"),
    ("exit_reason", "reunification"): coded("exit_reason", "Returned to the family"),
    ("exit_reason", "kinship"): coded("exit_reason", "To relatives"),
    ("exit_reason", "guardianship"): coded("exit_reason", "To a guardian"),
    ("exit_reason", "adoption"): coded("exit_reason", "Adopted"),
    ("exit_reason", "aged_out"): coded("exit_reason", "Came of age"),
    ("exit_reason", "transferred"): coded("exit_reason", "Transferred"),
    ("exit_reason", "runaway"): coded("exit_reason", "Ran away"),
    ("exit_reason", "death"): coded("exit_reason", "Died"),
    ("sex", "female"): coded("sex", "Female"),
    ("sex", "male"): coded("sex", "Male"),
    ("role", "officer"): coded("role", "Guardianship officer"),
    ("role", "supervisor"): coded("role", "Supervisor"),
    ("role", "monitor"): coded("role", "Monitor"),
    ("role", "evaluator"): coded("role", "Evaluator"),
    ("role", "admin"): coded("role", "Administrator"),
}


def label_of(pgettext: Callable[[str, str], str], kind: str, code: str | None) -> str:
    """The code's label in the language of `pgettext`; the code itself if unlabelled."""
    if code is None:
        return ""
    found = LABELS.get((kind, code))
    return code if found is None else pgettext(*found)


def codes_of(kind: str) -> list[str]:
    """The codes of `kind` that have labels, in the order above (for filters)."""
    return [code for (each, code) in LABELS if each == kind]
