"""Request bodies of the commands, one per decision, with the fields of docs/design.md §3.

Unknown fields, wrong coded values and malformed dates are refused (422) before
any rule runs. Text fields follow the domain's one rule set for text
(`registry.domain.text`), which every other entry meets too.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, JsonValue

from registry.domain import text, values
from registry.domain.values import (
    AdoptionKind,
    AssessmentOutcome,
    ExitReason,
    ParentalRights,
    ParentalStatus,
    PlacementEndReason,
    ProviderKind,
    RemovalManner,
    Setting,
    Sex,
)


def _text_rule(kind: text.Kind) -> AfterValidator:
    """The domain's rule for this kind of text (`registry.domain.text`), checked here
    too so that a refusal names its field."""

    def check(value: str) -> str:
        found = text.problem(kind, value)
        if found is not None:
            raise ValueError(f"the text {found}")
        return value

    return AfterValidator(check)


Name = Annotated[str, Field(max_length=text.Kind.NAME.longest), _text_rule(text.Kind.NAME)]
Text = Annotated[str, Field(max_length=text.Kind.TEXT.longest), _text_rule(text.Kind.TEXT)]
Reference = Annotated[
    str, Field(max_length=text.Kind.REFERENCE.longest), _text_rule(text.Kind.REFERENCE)
]
Capacity = Annotated[int, Field(ge=0, le=10_000)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


class DecisionBody(BaseModel):
    """Every decision: when it took effect, and the legal act it rests on, if any."""

    model_config = ConfigDict(extra="forbid")

    effective_date: date = Field(
        description="When the decision took effect (never later than today)."
    )
    decision_ref: Reference | None = Field(
        default=None, description="Number of the legal act, court order or ministry decision."
    )

    def decision_fields(self) -> dict[str, Any]:
        """The decision's own fields, named exactly as the application's keyword arguments
        (both follow the event catalogue), typed as the domain wants them."""
        return {
            name: getattr(self, name)
            for name in type(self).model_fields
            if name not in DecisionBody.model_fields
        }


class RegisterChild(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-01-10",
            "decision_ref": "DEC-2024-001",
            "given_name": "Ana",
            "family_name": "Petrova",
            "patronymic": None,
            "birth_date": "2016-04-02",
            "sex": "female",
            "district": "north",
            "personal_id": None,
            "disability": False,
            "parental_status": "deprived_of_parental_care",
        }
    )

    given_name: Name
    family_name: Name
    patronymic: Name | None = None
    birth_date: date
    sex: Sex
    district: Name
    personal_id: Reference | None = None
    disability: bool = False
    parental_status: ParentalStatus


class ChangeLegalStatus(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-03-01",
            "decision_ref": "COURT-2024-17",
            "parental_rights": "terminated",
            "free_for_adoption": True,
            "court_ref": "COURT-2024-17",
        }
    )

    parental_rights: ParentalRights
    free_for_adoption: bool
    court_ref: Reference | None = None


class Assess(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-01-20",
            "outcome": "placement_needed",
            "recommended_setting": "foster_family",
            "options_considered": ["family support", "kinship care"],
        }
    )

    outcome: AssessmentOutcome
    recommended_setting: Setting | None = None
    options_considered: list[Name] = Field(
        default_factory=list,
        min_length=text.COUNTS["options_considered"][0],
        max_length=text.COUNTS["options_considered"][1],
    )
    assessment_id: UUID | None = Field(
        default=None,
        description="The assessment's id, proposed by the client (409 `id_taken` when the "
        "child already has it); chosen by the registry when absent.",
    )


class PlacementBody(DecisionBody):
    """Where the child lives: a provider's place, or a named kinship carer or guardian."""

    setting: Setting
    provider_id: UUID | None = None
    carer: Name | None = None
    justification: Text | None = Field(
        default=None,
        description="Required for residential care of a child under 3, "
        "or without a prior gatekeeping assessment.",
    )


class Admit(PlacementBody):
    model_config = _examples(
        {
            "effective_date": "2024-02-01",
            "decision_ref": "DEC-2024-014",
            "removal_date": "2024-02-01",
            "manner": "court_ordered",
            "reasons": ["neglect"],
            "setting": "foster_family",
            "provider_id": "5b0c7f59-3f0e-4a4f-9a57-8f7d1f5e2c11",
        }
    )

    removal_date: date
    manner: RemovalManner
    reasons: list[Name] = Field(
        min_length=text.COUNTS["reasons"][0], max_length=text.COUNTS["reasons"][1]
    )


class Move(PlacementBody):
    model_config = _examples(
        {
            "effective_date": "2024-05-01",
            "decision_ref": "DEC-2024-051",
            "setting": "kinship_care",
            "carer": "maternal grandmother",
            "reason": "moved",
        }
    )

    reason: PlacementEndReason = Field(
        default=PlacementEndReason.MOVED,
        validation_alias=AliasChoices("reason", "end_reason"),
        description="Why the open placement ends (`end_reason` is accepted too).",
    )

    def decision_fields(self) -> dict[str, Any]:
        fields = super().decision_fields()
        fields["end_reason"] = fields.pop("reason")
        return fields


class GoalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: Name
    objective: Text

    def to_value(self) -> values.Goal:
        return values.Goal(area=self.area, objective=self.objective)


class AdoptPlan(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-02-20",
            "goals": [{"area": "education", "objective": "enrol in the local school"}],
            "next_review_due": "2024-05-20",
        }
    )

    goals: list[GoalBody] = Field(
        min_length=text.COUNTS["goals"][0], max_length=text.COUNTS["goals"][1]
    )
    next_review_due: date
    plan_id: UUID | None = Field(
        default=None,
        description="The plan's id, proposed by the client (409 `id_taken` when the child "
        "already has it); chosen by the registry when absent.",
    )

    def decision_fields(self) -> dict[str, Any]:
        return {**super().decision_fields(), "goals": [goal.to_value() for goal in self.goals]}


class ReviewPlan(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-05-15",
            "placement_still_necessary": True,
            "child_heard": True,
            "outcome": "plan continued",
            "next_review_due": "2024-08-15",
        }
    )

    placement_still_necessary: bool
    child_heard: bool
    outcome: Text
    next_review_due: date | None = None


class GrantAdoption(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-09-01",
            "decision_ref": "COURT-2024-90",
            "court_ref": "COURT-2024-90",
            "kind": "domestic",
        }
    )

    court_ref: Reference | None = None
    kind: AdoptionKind


class ExitCare(DecisionBody):
    model_config = _examples(
        {"effective_date": "2024-10-01", "decision_ref": "DEC-2024-120", "reason": "reunification"}
    )

    reason: ExitReason = Field(description="Any reason but adoption (use the adoptions endpoint).")


class Transfer(DecisionBody):
    model_config = _examples({"effective_date": "2024-04-01", "to_district": "south"})

    to_district: Name


class Correct(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-04-02",
            "corrects": 3,
            "changes": {"removal_date": "2024-01-31"},
            "reason": "date mistyped from the court order",
        }
    )

    corrects: Version
    changes: dict[Name, JsonValue] = Field(min_length=1, max_length=50)
    reason: Text


class Void(DecisionBody):
    model_config = _examples(
        {"effective_date": "2024-04-02", "voids": 4, "reason": "recorded for the wrong child"}
    )

    voids: Version
    reason: Text


class RegisterProvider(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2020-01-01",
            "decision_ref": "MIN-2020-5",
            "kind": "foster_family",
            "name": "Ivanov foster family",
            "district": "north",
            "capacity": 2,
        }
    )

    kind: ProviderKind
    name: Name
    district: Name
    capacity: Capacity


class ProviderDecision(DecisionBody):
    model_config = _examples({"effective_date": "2020-01-02", "decision_ref": "MIN-2020-6"})


class ChangeCapacity(DecisionBody):
    model_config = _examples({"effective_date": "2021-01-01", "capacity": 4})

    capacity: Capacity
