"""The decision forms, one per decision about a registered child: the template, the
fields typed, how they become the REST body's values, and the command made of it.

A form's fields are read into the REST body's own model, so a field is refused for
the same reasons on a page as in `POST /api/v1/children/{id}/...`, and the command
made is the very one REST makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from projections.rows import ChildRow
from registry.api.models import (
    AdmitBody,
    AdoptPlanBody,
    AssessBody,
    ChangeLegalStatusBody,
    DecisionBody,
    ExitCareBody,
    GrantAdoptionBody,
    MoveBody,
    ReviewPlanBody,
    TransferBody,
)
from registry.domain import commands
from registry.domain.values import ExitReason, PlacementEndReason

GOAL_NUMBERS = (1, 2, 3)
"""The goal rows a plan's form offers; rows left empty are not goals."""
GOAL_FIELDS = tuple(
    f"goal_{part}_{number}" for number in GOAL_NUMBERS for part in ("area", "objective")
)
EXIT_REASONS = [reason.value for reason in ExitReason if reason is not ExitReason.ADOPTION]
"""Every exit reason but adoption, which is its own decision."""
MOVE_REASONS = [PlacementEndReason.MOVED.value, PlacementEndReason.DISRUPTED.value]
"""Why a placement ends in a move (`episode_closed` is an exit's)."""
COMMON_FIELDS = ("effective_date", "decision_ref")
_NO_PLAN = UUID(int=0)
"""The plan a review names when the child has none: the rules refuse it (`unknown_plan`)."""
PLACEMENT_FIELDS = ("setting", "provider_id", "carer", "justification")

MakeCommand = Callable[[Any, commands.DecisionHeader, ChildRow], commands.ChildCommand]


def _on_child(body: Any, header: commands.DecisionHeader, child: ChildRow) -> Any:
    return body.to_command(header, child.child_id)


def _on_open_plan(
    body: ReviewPlanBody, header: commands.DecisionHeader, child: ChildRow
) -> commands.ChildCommand:
    """A review is of the child's open plan, as the record opened showed it (the
    version sent with the form makes sure it still is)."""
    return body.to_command(header, child.child_id, child.plan_id or _NO_PLAN)


@dataclass(frozen=True)
class DecisionForm:
    """One decision's form."""

    template: str
    body: type[DecisionBody]
    fields: tuple[str, ...]
    lists: frozenset[str] = frozenset()
    """Fields typed as items separated by commas."""
    flags: frozenset[str] = frozenset()
    """Checkboxes: ticked is true."""
    goals: bool = False
    command: MakeCommand = field(default=_on_child)

    @property
    def typed_fields(self) -> tuple[str, ...]:
        return (*self.fields, *(GOAL_FIELDS if self.goals else ()), *COMMON_FIELDS)

    def values(self, typed: dict[str, str]) -> dict[str, Any]:
        """The body's values from what was typed: empty is absent."""
        values: dict[str, Any] = {
            name: typed[name] or None for name in (*self.fields, *COMMON_FIELDS)
        }
        for name in self.lists:
            values[name] = [part.strip() for part in typed[name].split(",") if part.strip()]
        for name in self.flags:
            values[name] = bool(typed[name])
        if self.goals:
            values["goals"] = [
                {"area": typed[f"goal_area_{n}"], "objective": typed[f"goal_objective_{n}"]}
                for n in GOAL_NUMBERS
                if typed[f"goal_area_{n}"] or typed[f"goal_objective_{n}"]
            ]
        return values


FORMS: dict[str, DecisionForm] = {
    "legal-status": DecisionForm(
        template="legal_status.html",
        body=ChangeLegalStatusBody,
        fields=("parental_rights", "free_for_adoption", "court_ref"),
        flags=frozenset({"free_for_adoption"}),
    ),
    "assessment": DecisionForm(
        template="assessment.html",
        body=AssessBody,
        fields=("outcome", "recommended_setting", "options_considered"),
        lists=frozenset({"options_considered"}),
    ),
    "admission": DecisionForm(
        template="admit.html",
        body=AdmitBody,
        fields=("removal_date", "manner", "reasons", *PLACEMENT_FIELDS),
        lists=frozenset({"reasons"}),
    ),
    "move": DecisionForm(template="move.html", body=MoveBody, fields=("reason", *PLACEMENT_FIELDS)),
    "plan": DecisionForm(
        template="plan.html", body=AdoptPlanBody, fields=("next_review_due",), goals=True
    ),
    "review": DecisionForm(
        template="review.html",
        body=ReviewPlanBody,
        fields=("placement_still_necessary", "child_heard", "outcome", "next_review_due"),
        flags=frozenset({"placement_still_necessary", "child_heard"}),
        command=_on_open_plan,
    ),
    "adoption": DecisionForm(
        template="adoption.html", body=GrantAdoptionBody, fields=("kind", "court_ref")
    ),
    "exit": DecisionForm(template="exit.html", body=ExitCareBody, fields=("reason",)),
    "transfer": DecisionForm(template="transfer.html", body=TransferBody, fields=("to_district",)),
}
