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

from registry.domain import commands, text, values


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

    def header(self, recorded_by: str) -> commands.DecisionHeader:
        """The decision's header: the acting user comes from the token, never the body."""
        return commands.DecisionHeader(
            recorded_by=recorded_by,
            effective_date=self.effective_date,
            decision_ref=self.decision_ref,
        )


class RegisterChildBody(DecisionBody):
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
    sex: values.Sex
    district: Name
    personal_id: Reference | None = None
    disability: bool = False
    parental_status: values.ParentalStatus
    duplicate_override_reason: Text | None = Field(
        default=None,
        description="Why the child is registered although the registry answered 409 "
        "`possible_duplicate` (records alike exist); recorded in the event.",
    )

    def to_command(self, header: commands.DecisionHeader) -> commands.RegisterChild:
        return commands.RegisterChild(
            header=header,
            given_name=self.given_name,
            family_name=self.family_name,
            patronymic=self.patronymic,
            birth_date=self.birth_date,
            sex=self.sex,
            district=self.district,
            personal_id=self.personal_id,
            disability=self.disability,
            parental_status=self.parental_status,
            duplicate_override_reason=self.duplicate_override_reason,
        )


class ChangeLegalStatusBody(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-03-01",
            "decision_ref": "COURT-2024-17",
            "parental_rights": "terminated",
            "free_for_adoption": True,
            "court_ref": "COURT-2024-17",
        }
    )

    parental_rights: values.ParentalRights
    free_for_adoption: bool
    court_ref: Reference | None = None

    def to_command(
        self, header: commands.DecisionHeader, child_id: UUID
    ) -> commands.ChangeLegalStatus:
        return commands.ChangeLegalStatus(
            header=header,
            child_id=child_id,
            parental_rights=self.parental_rights,
            free_for_adoption=self.free_for_adoption,
            court_ref=self.court_ref,
        )


class AssessBody(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-01-20",
            "outcome": "placement_needed",
            "recommended_setting": "foster_family",
            "options_considered": ["family support", "kinship care"],
        }
    )

    outcome: values.AssessmentOutcome
    recommended_setting: values.Setting | None = None
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

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.AssessNeeds:
        return commands.AssessNeeds(
            header=header,
            child_id=child_id,
            outcome=self.outcome,
            recommended_setting=self.recommended_setting,
            options_considered=self.options_considered,
            assessment_id=self.assessment_id,
        )


class PlacementBody(DecisionBody):
    """Where the child lives: a provider's place, or a named kinship carer or guardian."""

    setting: values.Setting
    provider_id: UUID | None = None
    carer: Name | None = None
    justification: Text | None = Field(
        default=None,
        description="Required for residential care of a child under 3, "
        "or without a prior gatekeeping assessment.",
    )


class AdmitBody(PlacementBody):
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
    manner: values.RemovalManner
    reasons: list[Name] = Field(
        min_length=text.COUNTS["reasons"][0], max_length=text.COUNTS["reasons"][1]
    )

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.AdmitToCare:
        return commands.AdmitToCare(
            header=header,
            child_id=child_id,
            removal_date=self.removal_date,
            manner=self.manner,
            reasons=self.reasons,
            setting=self.setting,
            provider_id=self.provider_id,
            carer=self.carer,
            justification=self.justification,
        )


class MoveBody(PlacementBody):
    model_config = _examples(
        {
            "effective_date": "2024-05-01",
            "decision_ref": "DEC-2024-051",
            "setting": "kinship_care",
            "carer": "maternal grandmother",
            "reason": "moved",
        }
    )

    reason: values.PlacementEndReason = Field(
        default=values.PlacementEndReason.MOVED,
        validation_alias=AliasChoices("reason", "end_reason"),
        description="Why the open placement ends (`end_reason` is accepted too).",
    )

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.MoveChild:
        return commands.MoveChild(
            header=header,
            child_id=child_id,
            setting=self.setting,
            provider_id=self.provider_id,
            carer=self.carer,
            justification=self.justification,
            end_reason=self.reason,
        )


class GoalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: Name
    objective: Text

    def to_value(self) -> values.Goal:
        return values.Goal(area=self.area, objective=self.objective)


class AdoptPlanBody(DecisionBody):
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

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.AdoptPlan:
        return commands.AdoptPlan(
            header=header,
            child_id=child_id,
            goals=[goal.to_value() for goal in self.goals],
            next_review_due=self.next_review_due,
            plan_id=self.plan_id,
        )


class ReviewPlanBody(DecisionBody):
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

    def to_command(
        self, header: commands.DecisionHeader, child_id: UUID, plan_id: UUID
    ) -> commands.ReviewPlan:
        return commands.ReviewPlan(
            header=header,
            child_id=child_id,
            plan_id=plan_id,
            placement_still_necessary=self.placement_still_necessary,
            child_heard=self.child_heard,
            outcome=self.outcome,
            next_review_due=self.next_review_due,
        )


class GrantAdoptionBody(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-09-01",
            "decision_ref": "COURT-2024-90",
            "court_ref": "COURT-2024-90",
            "kind": "domestic",
        }
    )

    court_ref: Reference | None = None
    kind: values.AdoptionKind

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.GrantAdoption:
        return commands.GrantAdoption(
            header=header, child_id=child_id, court_ref=self.court_ref, kind=self.kind
        )


class ExitCareBody(DecisionBody):
    model_config = _examples(
        {"effective_date": "2024-10-01", "decision_ref": "DEC-2024-120", "reason": "reunification"}
    )

    reason: values.ExitReason = Field(
        description="Any reason but adoption (use the adoptions endpoint)."
    )

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.ExitCare:
        return commands.ExitCare(header=header, child_id=child_id, reason=self.reason)


class TransferBody(DecisionBody):
    model_config = _examples({"effective_date": "2024-04-01", "to_district": "south"})

    to_district: Name

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.TransferCase:
        return commands.TransferCase(header=header, child_id=child_id, to_district=self.to_district)


class CorrectBody(DecisionBody):
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

    def to_command(
        self, header: commands.DecisionHeader, child_id: UUID
    ) -> commands.CorrectDecision:
        return commands.CorrectDecision(
            header=header,
            child_id=child_id,
            corrects=self.corrects,
            changes=dict(self.changes),
            reason=self.reason,
        )


class VoidBody(DecisionBody):
    model_config = _examples(
        {"effective_date": "2024-04-02", "voids": 4, "reason": "recorded for the wrong child"}
    )

    voids: Version
    reason: Text

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.VoidDecision:
        return commands.VoidDecision(
            header=header, child_id=child_id, voids=self.voids, reason=self.reason
        )


class LinkRecordsBody(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-04-02",
            "survivor_id": "7d6f0a52-1c1e-4a57-9d43-1f0cbb1f2b80",
            "reason": "registered twice: same birth certificate",
        }
    )

    survivor_id: UUID = Field(description="The record that stays: this one points to it.")
    reason: Text

    def to_command(self, header: commands.DecisionHeader, child_id: UUID) -> commands.LinkRecords:
        return commands.LinkRecords(
            header=header, child_id=child_id, survivor_id=self.survivor_id, reason=self.reason
        )


class NotDuplicatesBody(DecisionBody):
    model_config = _examples(
        {
            "effective_date": "2024-04-02",
            "other_id": "7d6f0a52-1c1e-4a57-9d43-1f0cbb1f2b80",
            "reason": "twins: two birth certificates",
        }
    )

    other_id: UUID = Field(description="The other record, of another child.")
    reason: Text

    def to_command(
        self, header: commands.DecisionHeader, child_id: UUID
    ) -> commands.MarkNotDuplicates:
        return commands.MarkNotDuplicates(
            header=header, child_id=child_id, other_id=self.other_id, reason=self.reason
        )


class RegisterProviderBody(DecisionBody):
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

    kind: values.ProviderKind
    name: Name
    district: Name
    capacity: Capacity

    def to_command(self, header: commands.DecisionHeader) -> commands.RegisterProvider:
        return commands.RegisterProvider(
            header=header,
            kind=self.kind,
            name=self.name,
            district=self.district,
            capacity=self.capacity,
        )


class ProviderDecisionBody(DecisionBody):
    model_config = _examples({"effective_date": "2020-01-02", "decision_ref": "MIN-2020-6"})


class ChangeCapacityBody(DecisionBody):
    model_config = _examples({"effective_date": "2021-01-01", "capacity": 4})

    capacity: Capacity

    def to_command(
        self, header: commands.DecisionHeader, provider_id: UUID
    ) -> commands.ChangeCapacity:
        return commands.ChangeCapacity(
            header=header, provider_id=provider_id, capacity=self.capacity
        )
