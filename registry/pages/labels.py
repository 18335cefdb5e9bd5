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


FIELD_TITLES: dict[str, tuple[str, str]] = {
    "effective_date": coded("field", "Effective date"),
    "decision_ref": coded("field", "Legal act"),
    "given_name": coded("field", "Given name"),
    "family_name": coded("field", "Family name"),
    "patronymic": coded("field", "Patronymic"),
    "birth_date": coded("field", "Birth date"),
    "sex": coded("field", "Sex"),
    "district": coded("field", "District"),
    "disability": coded("field", "Disability"),
    "parental_status": coded("field", "Parental care"),
    "duplicate_override_reason": coded("field", "Why registered despite records alike"),
    "parental_rights": coded("field", "Parental rights"),
    "free_for_adoption": coded("field", "Free for adoption"),
    "court_ref": coded("field", "Court decision"),
    "outcome": coded("field", "Outcome"),
    "recommended_setting": coded("field", "Recommended setting"),
    "options_considered": coded("field", "Options considered"),
    "removal_date": coded("field", "Removal date"),
    "manner": coded("field", "Manner of removal"),
    "reasons": coded("field", "Reasons"),
    "setting": coded("field", "Setting"),
    "provider_id": coded("field", "Provider"),
    "carer": coded("field", "Carer"),
    "justification": coded("field", "Justification"),
    "reason": coded("field", "Reason"),
    "goals": coded("field", "Goals"),
    "next_review_due": coded("field", "Next review due"),
    "placement_still_necessary": coded("field", "Placement still necessary"),
    "child_heard": coded("field", "Child heard"),
    "kind": coded("field", "Kind"),
    "from_district": coded("field", "From district"),
    "to_district": coded("field", "To district"),
}
"""What people call each field of a decision (a correction's form and its before →
after); every correctable field has one (tested)."""

REFUSALS: dict[str, tuple[str, str]] = {
    "required": coded("refusal", "Enter this; it is required."),
    "date_invalid": coded("refusal", "Enter a real date."),
    "choice_invalid": coded("refusal", "Choose one of the options."),
    "text_invalid": coded(
        "refusal", "Use letters, digits and punctuation only, within the length allowed."
    ),
    "nothing_changed": coded("refusal", "Change at least one value."),
    "version_changed": coded(
        "refusal",
        "This child's record changed since you opened it. It is shown as it "
        "is now; check it and send the form again.",
    ),
    "forbidden_district": coded("refusal", "Choose one of your districts."),
    "forbidden": coded("refusal", "Your role or districts do not allow this."),
    "unauthenticated": coded("refusal", "Sign in, or send a valid bearer token."),
    "validation": coded("refusal", "Some fields are missing or not valid."),
    "possible_duplicate": coded(
        "refusal",
        "Records alike are registered already. If this is another child, "
        "say why, and send it again.",
    ),
    "placement_already_open": coded("refusal", "The child has an open placement already."),
    "provider_full": coded("refusal", "This provider has no free place."),
    "provider_not_approved": coded("refusal", "This provider is not approved."),
    "setting_not_offered": coded("refusal", "This provider does not offer the chosen setting."),
    "not_free_for_adoption": coded("refusal", "The child is not legally free for adoption."),
    "no_open_episode": coded("refusal", "The child is not in care."),
    "episode_already_open": coded("refusal", "The child is in care already."),
    "no_open_placement": coded("refusal", "The child has no open placement."),
    "provider_required": coded("refusal", "Choose a provider for this setting."),
    "justification_required": coded(
        "refusal", "Residential care needs a written justification here."
    ),
    "carer_required": coded("refusal", "Name the carer for this setting."),
    "future_date": coded("refusal", "The date cannot be in the future."),
    "date_before_birth": coded("refusal", "The decision cannot be dated before the birth."),
    "date_out_of_order": coded("refusal", "The date comes before a decision already recorded."),
    "personal_id_taken": coded("refusal", "This personal id is registered already."),
    "version_conflict": coded(
        "refusal",
        "The record changed since you read it; read it again and decide on the version you see.",
    ),
    "child_deceased": coded("refusal", "No decision is recorded after the child's death."),
    "invalid_correction": coded(
        "refusal",
        "This correction or voiding is not allowed: the corrected history "
        "would break a rule, or the decision cannot be corrected.",
    ),
    "unknown_plan": coded("refusal", "The child has no such development plan."),
    "provider_closed": coded("refusal", "The provider is closed."),
    "capacity_below_occupancy": coded("refusal", "The capacity cannot be below the places taken."),
    "provider_occupied": coded("refusal", "Children are still placed with this provider."),
    "invalid_transition": coded("refusal", "The rules do not allow this change."),
    "not_found": coded("refusal", "There is no record with this id."),
    "not_a_child": coded(
        "refusal",
        "The registry holds children: this person is 18 or over on the date of the decision.",
    ),
    "unknown_district": coded("refusal", "Choose a district of the list."),
    "id_taken": coded("refusal", "The child has a plan or assessment with this id already."),
    "idempotency_key_reused": coded(
        "refusal", "This idempotency key was used for another request."
    ),
    "integrity_failure": coded(
        "refusal",
        "The stored history of this record fails its integrity check; "
        "nothing is decided on it until it is restored.",
    ),
    "record_linked": coded(
        "refusal", "This record is linked to another as a duplicate; decide there."
    ),
    "invalid_link": coded(
        "refusal", "These records cannot be linked, or found distinct, as asked."
    ),
    "method_not_allowed": coded("refusal", "This address does not take this method."),
    "payload_too_large": coded("refusal", "The request body is over the size limit."),
    "unsupported_media_type": coded("refusal", "Send the body as JSON."),
    "internal_error": coded("refusal", "The registry could not answer this request."),
    "database_unavailable": coded(
        "refusal", "The registry's database cannot be reached; retry shortly."
    ),
    "read_side_unavailable": coded("refusal", "The read models are not available; retry shortly."),
    "read_side_behind": coded(
        "refusal", "The read models have not yet reached the decision asked for; retry shortly."
    ),
    "date_out_of_range": coded("refusal", "A date is outside the range that may be asked about."),
    "http_error": coded("refusal", "The request could not be answered."),
    "bad_request": coded("refusal", "The request is not a GraphQL request the registry can use."),
    "query_not_parsed": coded("refusal", "The GraphQL document cannot be parsed."),
    "query_invalid": coded("refusal", "The GraphQL document does not match the schema."),
    "document_too_large": coded("refusal", "The GraphQL document is over the length limit."),
    "access_not_recorded": coded(
        "refusal", "The access log could not record this read, so nothing is shown."
    ),
}
"""The message of each refusal, by its code (the domain's, or a form's own), in
English; the catalogs translate them (context `refusal`) for the pages and for the
problem documents of REST and GraphQL."""

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
    ("parental_rights", "intact"): coded("parental_rights", "Intact"),
    ("parental_rights", "restricted"): coded("parental_rights", "Restricted"),
    ("parental_rights", "terminated"): coded("parental_rights", "Terminated"),
    ("parental_rights", "parents_deceased"): coded("parental_rights", "Parents deceased"),
    ("outcome", "placement_needed"): coded("outcome", "Placement needed"),
    ("outcome", "diverted"): coded("outcome", "Diverted: the family is supported instead"),
    ("placement_end", "moved"): coded("placement_end", "Moved as planned"),
    ("placement_end", "disrupted"): coded("placement_end", "The placement broke down"),
    ("placement_end", "episode_closed"): coded("placement_end", "Left care"),
    ("adoption_kind", "domestic"): coded("adoption_kind", "Domestic"),
    ("adoption_kind", "intercountry"): coded("adoption_kind", "Intercountry"),
    ("provider_kind", "institution"): coded("provider_kind", "Institution"),
    ("provider_kind", "foster_family"): coded("provider_kind", "Foster family"),
    ("provider_kind", "family_type_home"): coded("provider_kind", "Family-type home"),
    ("provider_kind", "shelter"): coded("provider_kind", "Shelter"),
    ("provider_status", "registered"): coded("provider_status", "Awaiting approval"),
    ("provider_status", "approved"): coded("provider_status", "Approved"),
    ("provider_status", "suspended"): coded("provider_status", "Suspended"),
    ("provider_status", "closed"): coded("provider_status", "Closed"),
    **{("field", name): title for name, title in FIELD_TITLES.items()},
    **{("refusal", code): message for code, message in REFUSALS.items()},
}


HTTP_TITLES: dict[int, tuple[str, str]] = {
    400: coded("http_status", "Bad request"),
    401: coded("http_status", "Not signed in"),
    403: coded("http_status", "Forbidden"),
    404: coded("http_status", "Not found"),
    405: coded("http_status", "Method not allowed"),
    409: coded("http_status", "Refused"),
    413: coded("http_status", "Request too large"),
    415: coded("http_status", "Unsupported media type"),
    422: coded("http_status", "Not valid"),
    428: coded("http_status", "Precondition required"),
    500: coded("http_status", "Internal error"),
    503: coded("http_status", "Unavailable"),
}
"""The title of a problem document by its HTTP status, in the catalogs' languages."""


def label_of(pgettext: Callable[[str, str], str], kind: str, code: str | None) -> str:
    """The code's label in the language of `pgettext`; the code itself if unlabelled."""
    if code is None:
        return ""
    found = LABELS.get((kind, code))
    return code if found is None else pgettext(*found)


def codes_of(kind: str) -> list[str]:
    """The codes of `kind` that have labels, in the order above (for filters)."""
    return [code for (each, code) in LABELS if each == kind]
