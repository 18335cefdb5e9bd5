"""Timeline summaries: one readable line per decision, without personal data."""

from __future__ import annotations

from datetime import date

from projections.child_history import payload
from projections.field_changes import changes_by_correction
from projections.summaries import summary
from registry.application import RegistryApplication
from registry.domain.values import AdoptionKind, AssessmentOutcome, Goal, Setting
from tests.integration.projections.population import open_providers
from tests.support import journeys

TODAY = date(2026, 6, 30)


def test_every_decision_of_a_journey_reads_as_one_line_without_personal_data() -> None:
    app = RegistryApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, today=lambda: TODAY)
    providers = open_providers(app)
    child = journeys.register_child(
        app, given_name="Mira", family_name="Ionescu", personal_id="2016040212345"
    ).id
    journeys.assess(
        app,
        child,
        date(2024, 1, 20),
        outcome=AssessmentOutcome.PLACEMENT_NEEDED,
        recommended_setting=Setting.FOSTER_FAMILY,
        options_considered=[],
    )
    journeys.free_for_adoption(app, child, date(2024, 1, 25))
    journeys.admit(app, child, providers["foster"])
    plan = journeys.adopt_plan(
        app,
        child,
        date(2024, 2, 10),
        goals=[Goal("health", "check"), Goal("school", "enrol")],
        next_review_due=date(2024, 5, 10),
    ).related["plan_id"]
    journeys.review_plan(
        app,
        child,
        date(2024, 5, 1),
        plan_id=plan,
        placement_still_necessary=True,
        child_heard=True,
        outcome="Mira is doing well",
        next_review_due=None,
    )
    journeys.move(
        app, child, date(2024, 6, 1), setting=Setting.KINSHIP_CARE, provider_id=None, carer="Ana"
    )
    journeys.transfer(app, child, date(2024, 6, 2), to_district="south")
    journeys.correct(
        app, child, date(2024, 6, 3), corrects=1, changes={"given_name": "Myra"}, reason="typo"
    )
    journeys.grant_adoption(
        app, child, date(2024, 9, 1), court_ref="C-1", kind=AdoptionKind.DOMESTIC
    )
    journeys.void(app, child, date(2024, 9, 2), voids=10, reason="recorded twice")
    history = app.get_child(child).history
    changes = changes_by_correction(history)
    lines = [summary(event, changes.get(event.originator_version, ())) for event in history]
    provider = providers["foster"]
    assert lines == [
        "Registered in district north (deprived_of_parental_care)",
        "Gatekeeping assessment: placement_needed (recommended foster_family)",
        "Parental rights terminated; free for adoption",
        "Entered care (court_ordered), removed on 2024-02-01",
        f"Placed in foster_family (provider {provider})",
        "Development plan adopted (2 goals), next review due 2024-05-10",
        "Development plan reviewed: placement still necessary, child heard, no further review set",
        "Placement ended (moved)",
        "Placed in kinship_care (named carer)",
        "Case transferred from north to south",
        "Corrected version 1: given_name changed",
        "Adoption granted (domestic)",
        "Placement ended (episode_closed)",
        "Exited care (adoption)",
        "Decision 10 voided",
    ]
    assert not any(name in line for line in lines for name in ("Mira", "Myra", "typo"))
    registered = payload(history[0])
    assert "2016040212345" not in registered and "personal_id" not in registered
