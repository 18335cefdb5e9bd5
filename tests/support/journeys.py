"""Builders for realistic decisions, so tests state only what they are about."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from registry.application import Receipt, RegistryApplication
from registry.domain import commands, values
from registry.domain.calendar import add_years
from registry.domain.commands import DecisionHeader
from tests.support.identities import distinct_patronymic

OFFICER = "officer-1"


def on(day: date, by: str = OFFICER, ref: str | None = "DEC-1") -> DecisionHeader:
    return DecisionHeader(recorded_by=by, effective_date=day, decision_ref=ref)


def registration_day(born: date, entered: date) -> date:
    """The day a child entering care on `entered` is registered: that day, or the eve of
    their 18th birthday for one entering at 18 or over (registered as a child first)."""
    return min(entered, add_years(born, 18) - timedelta(days=1))


def register_child(
    app: RegistryApplication, day: date = date(2024, 1, 10), **overrides: Any
) -> Receipt:
    fields: dict[str, Any] = {
        "given_name": "Ana",
        "family_name": "Petrova",
        "patronymic": distinct_patronymic(),
        "birth_date": date(2016, 4, 2),
        "sex": values.Sex.FEMALE,
        "district": "north",
        "personal_id": None,
        "disability": False,
        "parental_status": values.ParentalStatus.DEPRIVED_OF_PARENTAL_CARE,
    }
    fields.update(overrides)
    return app.handle(commands.RegisterChild(header=on(day), **fields))


def open_provider(
    app: RegistryApplication,
    kind: values.ProviderKind = values.ProviderKind.FOSTER_FAMILY,
    capacity: int = 2,
    district: str = "north",
    approved: bool = True,
) -> UUID:
    receipt = app.handle(
        commands.RegisterProvider(
            header=on(date(2020, 1, 1)),
            kind=kind,
            name=f"{kind.value} provider",
            district=district,
            capacity=capacity,
        )
    )
    if approved:
        app.handle(commands.ApproveProvider(header=on(date(2020, 1, 2)), provider_id=receipt.id))
    return receipt.id


def admit(
    app: RegistryApplication,
    child_id: UUID,
    provider_id: UUID | None,
    day: date = date(2024, 2, 1),
    setting: values.Setting = values.Setting.FOSTER_FAMILY,
    **overrides: Any,
) -> Receipt:
    fields: dict[str, Any] = {
        "removal_date": day,
        "manner": values.RemovalManner.COURT_ORDERED,
        "reasons": ["neglect"],
        "setting": setting,
        "provider_id": provider_id,
        "carer": None,
        "justification": None,
    }
    fields.update(overrides)
    return app.handle(commands.AdmitToCare(header=on(day), child_id=child_id, **fields))


def free_for_adoption(app: RegistryApplication, child_id: UUID, day: date) -> Receipt:
    return app.handle(
        commands.ChangeLegalStatus(
            header=on(day),
            child_id=child_id,
            parental_rights=values.ParentalRights.TERMINATED,
            free_for_adoption=True,
            court_ref="COURT-7",
        )
    )


# One decision each, dated `day` by the default officer; `fields` are the command's own.


def assess(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.AssessNeeds(header=on(day), child_id=child_id, **fields))


def move(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.MoveChild(header=on(day), child_id=child_id, **fields))


def adopt_plan(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.AdoptPlan(header=on(day), child_id=child_id, **fields))


def review_plan(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.ReviewPlan(header=on(day), child_id=child_id, **fields))


def grant_adoption(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.GrantAdoption(header=on(day), child_id=child_id, **fields))


def exit_care(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.ExitCare(header=on(day), child_id=child_id, **fields))


def transfer(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.TransferCase(header=on(day), child_id=child_id, **fields))


def correct(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.CorrectDecision(header=on(day), child_id=child_id, **fields))


def void(app: RegistryApplication, child_id: UUID, day: date, **fields: Any) -> Receipt:
    return app.handle(commands.VoidDecision(header=on(day), child_id=child_id, **fields))
