"""What each read model holds after realistic journeys, and what the queries answer."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from projections.queries import ChildCriteria, InvalidCursor
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.domain.child_events import EnteredCare
from registry.domain.values import Goal, ProviderKind
from tests.integration.projections.population import Population, populate
from tests.integration.projections.support import WithReadSide
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, adopt_plan, open_provider, register_child


class ReadModels(WithReadSide):
    @pytest.fixture
    def population(self, app: RegistryApplication, read_side: ReadSide) -> Population:
        population = populate(app, 24)
        read_side.catch_up()
        return population

    def test_a_move_ends_one_placement_and_starts_the_next(
        self, read_side: ReadSide, population: Population
    ) -> None:
        child = population.by_journey[1][0]
        row = read_side.queries.child(child)
        assert row is not None
        assert (row.status, row.setting, row.provider_id) == (
            "in_care",
            "family_type_home",
            population.providers["home"],
        )
        assert row.last_reviewed_on is not None and row.next_review_due is not None
        placements = read_side.queries.placements([child])[child]
        assert [(p.setting, p.is_move, p.end_reason) for p in placements] == [
            ("foster_family", False, "moved"),
            ("family_type_home", True, None),
        ]
        assert placements[0].end_date == placements[1].start_date == row.placement_since
        assert [p.kind for p in read_side.queries.plans([child])[child]] == ["adopted", "reviewed"]

    def test_a_re_entry_opens_a_second_episode(
        self, read_side: ReadSide, population: Population
    ) -> None:
        child = population.by_journey[2][0]
        with read_side.queries.connection() as connection:
            episodes = connection.execute(
                read_side.database.render(
                    "SELECT entry_number, exit_reason, end_date IS NULL FROM episodes "
                    "WHERE child_id = %s ORDER BY entry_number"
                ),
                (str(child),),
            ).fetchall()
        assert [tuple(e) for e in episodes] == [(1, "reunification", False), (2, None, True)]
        row = read_side.queries.child(child)
        assert row is not None and row.status == "in_care" and row.exited_on is None
        assert row.plan_id is None

    def test_an_adoption_closes_the_episode_with_its_kind(
        self, read_side: ReadSide, population: Population
    ) -> None:
        child = population.by_journey[3][0]
        row = read_side.queries.child(child)
        assert row is not None
        assert (row.status, row.exit_reason, row.free_for_adoption) == ("exited", "adoption", True)
        assert row.placement_id is None
        with read_side.queries.connection() as connection:
            kinds = connection.execute(
                read_side.database.render(
                    "SELECT adoption_kind, exit_reason FROM episodes WHERE child_id = %s"
                ),
                (str(child),),
            ).fetchall()
        assert [tuple(k) for k in kinds] == [("domestic", "adoption")]
        history = read_side.queries.histories([child])[child]
        assert [h.type for h in history][-3:] == ["AdoptionGranted", "PlacementEnded", "CareExited"]
        assert history[-1].summary == "Exited care (adoption)"

    def test_a_correction_moves_the_effective_date_where_it_is_in_effect(
        self, app: RegistryApplication, read_side: ReadSide, population: Population
    ) -> None:
        child = population.by_journey[4][0]
        recorded = app.get_child(child).history[1]
        corrected = app.get_child(child).effective_history()[1]
        assert isinstance(recorded, EnteredCare) and isinstance(corrected, EnteredCare)
        row = read_side.queries.child(child)
        assert row is not None
        assert row.entered_care_on == corrected.removal_date
        assert (row.district, row.setting, row.carer, row.version) == (
            "west",
            "kinship_care",
            "grandmother",
            5,
        )
        history = read_side.queries.histories([child])[child]
        entered, correction = history[1], history[4]
        assert (entered.corrected_by, entered.voided_by) == (5, None)
        assert entered.effective_date == recorded.effective_date != corrected.effective_date
        assert json.loads(entered.payload)["removal_date"] == recorded.removal_date.isoformat()
        assert correction.type == "DecisionCorrected"
        was, now = recorded.removal_date.isoformat(), corrected.removal_date.isoformat()
        assert correction.summary == (
            f"Corrected version 2: effective_date {was} → {now}, removal_date {was} → {now}"
        )
        assert not any(h.corrected or h.voided for h in history if h.version != 2)

    def test_voidings_reopen_the_stay_and_mark_the_voided_decisions(
        self, read_side: ReadSide, population: Population
    ) -> None:
        child = population.by_journey[5][0]
        row = read_side.queries.child(child)
        assert row is not None
        assert (row.status, row.setting, row.exited_on) == ("in_care", "emergency_shelter", None)
        history = read_side.queries.histories([child])[child]
        assert [(h.version, h.voided_by) for h in history if h.voided] == [(4, 7), (5, 6)]
        placements = read_side.queries.placements([child])[child]
        assert [(p.end_date, p.end_reason) for p in placements] == [(None, None)]

    def test_history_summaries_carry_no_personal_data(
        self, read_side: ReadSide, population: Population
    ) -> None:
        histories = read_side.queries.histories(population.children)
        for child_id, rows in histories.items():
            child = read_side.queries.child(child_id)
            assert child is not None
            for row in rows:
                assert child.family_name not in row.summary
                assert child.birth_date.isoformat() not in row.summary
                assert "grandmother" not in row.summary

    def test_providers_count_places_taken_and_released(
        self, read_side: ReadSide, population: Population
    ) -> None:
        providers = {p.provider_id: p for p in read_side.queries.providers()}
        in_care_with = {
            provider_id: sum(
                1
                for row in read_side.queries.children_by_ids(population.children).values()
                if row.provider_id == provider_id
            )
            for provider_id in providers
        }
        for provider_id, row in providers.items():
            assert row.occupied == in_care_with[provider_id]
        home = providers[population.providers["home"]]
        assert (home.status, home.capacity) == ("approved", 1010)
        assert providers[population.providers["suspended"]].status == "suspended"
        south = read_side.queries.providers(district="south")
        assert {p.kind for p in south} == {"shelter", "foster_family"}
        assert read_side.queries.providers(district="south", kind="shelter") == [
            providers[population.providers["shelter"]]
        ]
        by_ids = read_side.queries.providers_by_ids(
            [population.providers["home"], population.providers["foster"]]
        )
        assert set(by_ids) == {population.providers["home"], population.providers["foster"]}

    def test_children_pages_follow_the_cursor_with_a_stable_total(
        self, read_side: ReadSide, population: Population
    ) -> None:
        seen, after = [], None
        while True:
            page = read_side.queries.children(first=5, after=after)
            assert page.total_count == 24
            seen += [row.child_id for row in page.rows]
            if not page.has_next:
                break
            after = page.end_cursor
        assert sorted(seen, key=str) == sorted(population.children, key=str)
        rows = read_side.queries.children_by_ids(seen).values()
        in_order = sorted(rows, key=lambda row: (row.family_name, str(row.child_id)))
        assert seen == [row.child_id for row in in_order]

    def test_children_filters_combine(self, read_side: ReadSide, population: Population) -> None:
        everyone = read_side.queries.children_by_ids(population.children).values()
        for district, status, setting in [
            ("north", None, None),
            (None, "in_care", None),
            (None, "exited", None),
            ("south", "in_care", "foster_family"),
            (None, None, "small_group_home"),
        ]:
            page = read_side.queries.children(
                ChildCriteria(district=district, status=status, setting=setting), first=100
            )
            expected = {
                row.child_id
                for row in everyone
                if district in (None, row.district)
                and status in (None, row.status)
                and setting in (None, row.setting)
            }
            assert {row.child_id for row in page.rows} == expected
            assert page.total_count == len(expected)
        allowed = read_side.queries.children(districts_allowed=frozenset({"north", "west"}))
        assert {row.district for row in allowed.rows} == {"north", "west"}
        nothing = read_side.queries.children(districts_allowed=frozenset())
        assert (nothing.rows, nothing.total_count) == ([], 0)

    def test_a_forged_cursor_is_refused(self, read_side: ReadSide) -> None:
        with pytest.raises(InvalidCursor):
            read_side.queries.children(after="not-a-cursor")

    def test_lookups_by_ids_answer_only_what_exists(
        self, read_side: ReadSide, population: Population
    ) -> None:
        wanted = population.children[:3]
        assert set(read_side.queries.children_by_ids(wanted)) == set(wanted)
        stranger = population.providers["home"]
        assert read_side.queries.child(stranger) is None
        assert read_side.queries.histories([stranger]) == {stranger: []}
        assert read_side.queries.children_by_ids([]) == {}

    def test_alerts_of_all_four_kinds(
        self, read_side: ReadSide, population: Population, today: date
    ) -> None:
        alerts = read_side.queries.alerts(today=today)
        kinds = {(a.child_id, a.kind) for a in alerts}
        for child in population.by_journey[6]:
            assert (child, "under3_residential") in kinds
            assert (child, "residential_over_12_months") in kinds
        for child in population.by_journey[1]:
            assert (child, "review_overdue") in kinds
        for child in population.by_journey[4]:
            assert (child, "no_plan_30_days") in kinds
        for child in population.by_journey[0] + population.by_journey[3]:
            assert not any(a.child_id == child for a in alerts)
        baby = read_side.queries.child(population.by_journey[6][0])
        assert baby is not None and baby.placement_since is not None
        over = [
            a
            for a in alerts
            if a.child_id == baby.child_id and a.kind == "residential_over_12_months"
        ]
        assert over[0].since == baby.placement_since.replace(year=baby.placement_since.year + 1)
        only = read_side.queries.alerts(today=today, kind="review_overdue", district="north")
        assert only and all(a.kind == "review_overdue" and a.district == "north" for a in only)
        assert read_side.queries.alerts(today=today, kind="no_such_kind") == []

    def test_a_plan_in_time_raises_no_alert_until_its_review_is_due(
        self, app: RegistryApplication, read_side: ReadSide, today: date
    ) -> None:
        provider = open_provider(app, ProviderKind.FOSTER_FAMILY)
        child = register_child(app, today - timedelta(days=60)).id
        admit(app, child, provider, today - timedelta(days=50))
        read_side.catch_up()
        assert [a.kind for a in read_side.queries.alerts(today=today)] == ["no_plan_30_days"]
        adopt_plan(
            app,
            child,
            today - timedelta(days=5),
            goals=[Goal("health", "check")],
            next_review_due=today + timedelta(days=80),
        )
        read_side.catch_up()
        assert read_side.queries.alerts(today=today) == []
        later = today + timedelta(days=81)
        assert [a.kind for a in read_side.queries.alerts(today=later)] == ["review_overdue"]


class TestOnSQLite(ReadModels, OnSQLite):
    pass


class TestOnPostgres(ReadModels, OnPostgres):
    pass
