"""One import row, taken as a decision through the application's own methods.

The decision types are named after the REST resources that record them
(`registration`, `admission`, `move` ...), and their fields carry the API's names,
so an imported row passes exactly the checks an API request would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from uuid import UUID

from registry.application import Decision, Receipt, RegistryApplication
from registry.domain.values import (
    AdoptionKind,
    AssessmentOutcome,
    ExitReason,
    ParentalRights,
    ParentalStatus,
    PlacementEndReason,
    RemovalManner,
    Setting,
    Sex,
)
from registry.importing.fields import InvalidRow, RowFields
from registry.importing.rows import ImportRow

CHILD_KEY_NAMESPACE = uuid.UUID("6f1d3c1e-4d59-4c1a-9a43-2f3f0d5e8b10")

Taker = Callable[[RegistryApplication, UUID, Decision, RowFields], Receipt]


def child_id_for(child_key: str) -> UUID:
    """A child key that is a UUID names that child; any other key maps to a stable id."""
    try:
        return UUID(child_key)
    except ValueError:
        return uuid.uuid5(CHILD_KEY_NAMESPACE, child_key)


def take(app: RegistryApplication, row: ImportRow, recorded_by: str) -> Receipt:
    """Apply one row; raises `InvalidRow` or the domain refusal."""
    if row.problem is not None:
        raise InvalidRow(row.problem)
    taker = TAKERS.get(row.decision)
    if taker is None:
        raise InvalidRow(f"unknown decision type '{row.decision}'", code="unknown_decision")
    fields = RowFields(row.fields)
    decision = Decision(
        recorded_by=fields.optional_text("recorded_by") or recorded_by,
        effective_date=fields.day("effective_date"),
        decision_ref=fields.optional_text("decision_ref"),
    )
    return taker(app, child_id_for(row.child_key), decision, fields)


def _registration(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.register_child(
        d,
        child_id=child,
        given_name=f.text("given_name"),
        family_name=f.text("family_name"),
        patronymic=f.optional_text("patronymic"),
        birth_date=f.day("birth_date"),
        sex=f.coded("sex", Sex),
        district=f.text("district"),
        personal_id=f.optional_text("personal_id"),
        disability=f.flag("disability", default=False),
        parental_status=f.coded("parental_status", ParentalStatus),
    )


def _legal_status(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.change_legal_status(
        child,
        d,
        parental_rights=f.coded("parental_rights", ParentalRights),
        free_for_adoption=f.flag("free_for_adoption"),
        court_ref=f.optional_text("court_ref"),
    )


def _assessment(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.assess(
        child,
        d,
        outcome=f.coded("outcome", AssessmentOutcome),
        recommended_setting=f.optional_coded("recommended_setting", Setting),
        options_considered=f.words("options_considered"),
    )


def _admission(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.admit(
        child,
        d,
        removal_date=f.optional_day("removal_date") or d.effective_date,
        manner=f.coded("manner", RemovalManner),
        reasons=f.words("reasons"),
        setting=f.coded("setting", Setting),
        provider_id=f.identifier("provider_id"),
        carer=f.optional_text("carer"),
        justification=f.optional_text("justification"),
    )


def _move(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.move(
        child,
        d,
        setting=f.coded("setting", Setting),
        provider_id=f.identifier("provider_id"),
        carer=f.optional_text("carer"),
        justification=f.optional_text("justification"),
        end_reason=f.optional_coded("end_reason", PlacementEndReason) or PlacementEndReason.MOVED,
    )


def _plan(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.adopt_plan(
        child, d, goals=f.goals("goals"), next_review_due=f.day("next_review_due")
    )


def _review(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    plan_id = f.identifier("plan_id") or _latest_plan(app, child)
    return app.review_plan(
        child,
        plan_id,
        d,
        placement_still_necessary=f.flag("placement_still_necessary"),
        child_heard=f.flag("child_heard"),
        outcome=f.text("outcome"),
        next_review_due=f.optional_day("next_review_due"),
    )


def _latest_plan(app: RegistryApplication, child: UUID) -> UUID:
    """Historic records rarely carry plan ids: a review without one reviews the latest plan."""
    plans = app.get_child(child).state.plans
    if not plans:
        raise InvalidRow("the child has no development plan to review", code="unknown_plan")
    return next(reversed(plans))


def _adoption(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.grant_adoption(
        child, d, court_ref=f.optional_text("court_ref"), kind=f.coded("kind", AdoptionKind)
    )


def _exit(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.exit_care(child, d, reason=f.coded("reason", ExitReason))


def _transfer(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.transfer(child, d, to_district=f.text("to_district"))


def _correction(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.correct(
        child,
        d,
        corrects=f.number("corrects"),
        changes=f.mapping("changes"),
        reason=f.text("reason"),
    )


def _voiding(app: RegistryApplication, child: UUID, d: Decision, f: RowFields) -> Receipt:
    return app.void(child, d, voids=f.number("voids"), reason=f.text("reason"))


TAKERS: dict[str, Taker] = {
    "registration": _registration,
    "legal_status": _legal_status,
    "assessment": _assessment,
    "admission": _admission,
    "move": _move,
    "plan": _plan,
    "review": _review,
    "adoption": _adoption,
    "exit": _exit,
    "transfer": _transfer,
    "correction": _correction,
    "voiding": _voiding,
}
