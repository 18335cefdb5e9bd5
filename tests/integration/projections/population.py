"""A realistic population of children for read-side tests, built through the application.

Eight journeys, repeated: a registration only; admission, plan, review and a move;
a residential stay, return home and re-entry; an adoption; a kinship placement with
a transfer and a correction that moves the removal date; a runaway exit voided;
a baby in an institution for over a year; a stay without a plan, then aging out.
Providers change capacity and one is suspended, so every table sees every kind of
change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from registry.application import RegistryApplication
from registry.domain import commands
from registry.domain.values import (
    AdoptionKind,
    AssessmentOutcome,
    ExitReason,
    Goal,
    ProviderKind,
    Setting,
)
from tests.support.journeys import (
    admit,
    adopt_plan,
    assess,
    correct,
    exit_care,
    free_for_adoption,
    grant_adoption,
    move,
    on,
    open_provider,
    register_child,
    review_plan,
    transfer,
    void,
)

JOURNEYS = 8
BABY_BIRTH = date(2024, 9, 1)


@dataclass
class Population:
    providers: dict[str, UUID]
    children: list[UUID] = field(default_factory=list)
    by_journey: dict[int, list[UUID]] = field(default_factory=dict)


def open_providers(app: RegistryApplication, capacity: int = 1000) -> dict[str, UUID]:
    providers = {
        "foster": open_provider(app, ProviderKind.FOSTER_FAMILY, capacity=capacity),
        "home": open_provider(app, ProviderKind.FAMILY_TYPE_HOME, capacity=capacity),
        "institution": open_provider(app, ProviderKind.INSTITUTION, capacity=capacity),
        "shelter": open_provider(app, ProviderKind.SHELTER, capacity=capacity, district="south"),
    }
    app.handle(
        commands.ChangeCapacity(
            header=on(date(2021, 1, 1)), provider_id=providers["home"], capacity=capacity + 10
        )
    )
    suspended = open_provider(app, ProviderKind.FOSTER_FAMILY, district="south")
    app.handle(commands.SuspendProvider(header=on(date(2021, 2, 1)), provider_id=suspended))
    providers["suspended"] = suspended
    return providers


def populate(
    app: RegistryApplication, children: int, providers: dict[str, UUID] | None = None
) -> Population:
    population = Population(providers or open_providers(app))
    for index in range(children):
        journey = index % JOURNEYS
        child = _journey(app, population.providers, journey, index)
        population.children.append(child)
        population.by_journey.setdefault(journey, []).append(child)
    return population


def _journey(
    app: RegistryApplication, providers: dict[str, UUID], journey: int, index: int
) -> UUID:
    first_day = date(2024, 10, 1) if journey == 6 else date(2023, 1, 2)
    start = first_day + timedelta(days=index % 200)
    district = ("north", "south", "east")[index % 3]
    family = f"Family{index % 37:02d}"
    born = BABY_BIRTH if journey == 6 else date(2012, 5, 17)
    child = register_child(app, start, family_name=family, district=district, birth_date=born).id

    def later(days: int) -> date:
        return start + timedelta(days=days)

    if journey == 0:
        assess(
            app,
            child,
            later(3),
            outcome=AssessmentOutcome.DIVERTED,
            recommended_setting=None,
            options_considered=["family support"],
        )
    elif journey == 1:
        admit(app, child, providers["foster"], later(5))
        plan = adopt_plan(
            app, child, later(20), goals=[Goal("education", "enrol")], next_review_due=later(110)
        ).related["plan_id"]
        review_plan(
            app,
            child,
            later(100),
            plan_id=plan,
            placement_still_necessary=True,
            child_heard=True,
            outcome="progress",
            next_review_due=later(190),
        )
        move(
            app, child, later(150), setting=Setting.FAMILY_TYPE_HOME, provider_id=providers["home"]
        )
    elif journey == 2:
        admit(
            app,
            child,
            providers["institution"],
            later(5),
            setting=Setting.RESIDENTIAL_INSTITUTION,
            justification="no family placement available",
        )
        exit_care(app, child, later(60), reason=ExitReason.REUNIFICATION)
        admit(app, child, providers["foster"], later(200))
    elif journey == 3:
        free_for_adoption(app, child, later(2))
        admit(app, child, providers["foster"], later(5))
        grant_adoption(app, child, later(300), court_ref="C-9", kind=AdoptionKind.DOMESTIC)
    elif journey == 4:
        admit(
            app,
            child,
            None,
            later(10),
            setting=Setting.KINSHIP_CARE,
            carer="grandmother",
        )
        transfer(app, child, later(40), to_district="west")
        correct(
            app,
            child,
            later(50),
            corrects=2,
            changes={
                "removal_date": later(8).isoformat(),
                "effective_date": later(8).isoformat(),
            },
            reason="removal recorded two days late",
        )
    elif journey == 5:
        admit(
            app,
            child,
            providers["shelter"],
            later(5),
            setting=Setting.EMERGENCY_SHELTER,
            justification="emergency",
        )
        exit_care(app, child, later(30), reason=ExitReason.RUNAWAY)
        void(app, child, later(31), voids=5, reason="exit recorded in error")
        void(app, child, later(31), voids=4, reason="placement did not end")
    elif journey == 6:
        admit(
            app,
            child,
            providers["institution"],
            later(5),
            setting=Setting.SMALL_GROUP_HOME,
            justification="sibling group",
        )
    else:
        admit(app, child, providers["foster"], later(5))
        exit_care(app, child, later(900), reason=ExitReason.AGED_OUT)
    return child
