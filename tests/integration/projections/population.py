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
from registry.domain import commands, values
from tests.support import journeys

JOURNEYS = 8
BABY_BIRTH = date(2024, 9, 1)


@dataclass
class Population:
    providers: dict[str, UUID]
    children: list[UUID] = field(default_factory=list)
    by_journey: dict[int, list[UUID]] = field(default_factory=dict)


def open_providers(app: RegistryApplication, capacity: int = 1000) -> dict[str, UUID]:
    providers = {
        "foster": journeys.open_provider(app, values.ProviderKind.FOSTER_FAMILY, capacity=capacity),
        "home": journeys.open_provider(
            app, values.ProviderKind.FAMILY_TYPE_HOME, capacity=capacity
        ),
        "institution": journeys.open_provider(
            app, values.ProviderKind.INSTITUTION, capacity=capacity
        ),
        "shelter": journeys.open_provider(
            app, values.ProviderKind.SHELTER, capacity=capacity, district="south"
        ),
    }
    app.handle(
        commands.ChangeCapacity(
            header=journeys.on(date(2021, 1, 1)),
            provider_id=providers["home"],
            capacity=capacity + 10,
        )
    )
    suspended = journeys.open_provider(app, values.ProviderKind.FOSTER_FAMILY, district="south")
    app.handle(
        commands.SuspendProvider(header=journeys.on(date(2021, 2, 1)), provider_id=suspended)
    )
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
    child = journeys.register_child(
        app, start, family_name=family, district=district, birth_date=born
    ).id

    def later(days: int) -> date:
        return start + timedelta(days=days)

    if journey == 0:
        journeys.assess(
            app,
            child,
            later(3),
            outcome=values.AssessmentOutcome.DIVERTED,
            recommended_setting=None,
            options_considered=["family support"],
        )
    elif journey == 1:
        journeys.admit(app, child, providers["foster"], later(5))
        plan = journeys.adopt_plan(
            app,
            child,
            later(20),
            goals=[values.Goal("education", "enrol")],
            next_review_due=later(110),
        ).related["plan_id"]
        journeys.review_plan(
            app,
            child,
            later(100),
            plan_id=plan,
            placement_still_necessary=True,
            child_heard=True,
            outcome="progress",
            next_review_due=later(190),
        )
        journeys.move(
            app,
            child,
            later(150),
            setting=values.Setting.FAMILY_TYPE_HOME,
            provider_id=providers["home"],
        )
    elif journey == 2:
        journeys.admit(
            app,
            child,
            providers["institution"],
            later(5),
            setting=values.Setting.RESIDENTIAL_INSTITUTION,
            justification="no family placement available",
        )
        journeys.exit_care(app, child, later(60), reason=values.ExitReason.REUNIFICATION)
        journeys.admit(app, child, providers["foster"], later(200))
    elif journey == 3:
        journeys.free_for_adoption(app, child, later(2))
        journeys.admit(app, child, providers["foster"], later(5))
        journeys.grant_adoption(
            app, child, later(300), court_ref="C-9", kind=values.AdoptionKind.DOMESTIC
        )
    elif journey == 4:
        journeys.admit(
            app,
            child,
            None,
            later(10),
            setting=values.Setting.KINSHIP_CARE,
            carer="grandmother",
        )
        journeys.transfer(app, child, later(40), to_district="west")
        journeys.correct(
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
        journeys.admit(
            app,
            child,
            providers["shelter"],
            later(5),
            setting=values.Setting.EMERGENCY_SHELTER,
            justification="emergency",
        )
        journeys.exit_care(app, child, later(30), reason=values.ExitReason.RUNAWAY)
        journeys.void(app, child, later(31), voids=5, reason="exit recorded in error")
        journeys.void(app, child, later(31), voids=4, reason="placement did not end")
    elif journey == 6:
        journeys.admit(
            app,
            child,
            providers["institution"],
            later(5),
            setting=values.Setting.SMALL_GROUP_HOME,
            justification="sibling group",
        )
    else:
        journeys.admit(app, child, providers["foster"], later(5))
        journeys.exit_care(app, child, later(900), reason=values.ExitReason.AGED_OUT)
    return child
