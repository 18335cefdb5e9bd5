"""child_history keeps every decision as it was recorded: a correction marks the
original and says, in its own row, what changed from what to what."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

from projections.read_side import ReadSide
from projections.rows import HistoryRow
from projections.time_travel import child_as_of
from registry.application import RegistryApplication
from registry.domain import commands
from registry.domain.values import ExitReason
from tests.integration.projections.support import WithReadSide, rebuild_all, snapshot
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, exit_care, on, open_provider, register_child

SUPERVISOR = "supervisor-1"


def correct(
    app: RegistryApplication, child: UUID, corrects: int, day: date, **changes: object
) -> None:
    app.handle(
        commands.CorrectDecision(
            header=on(day, by=SUPERVISOR),
            child_id=child,
            corrects=corrects,
            changes=changes,
            reason="mistyped",
        )
    )


class HistoryCorrections(WithReadSide):
    def history(self, read_side: ReadSide, child: UUID) -> dict[int, HistoryRow]:
        read_side.catch_up()
        return {row.version: row for row in read_side.queries.histories([child])[child]}

    def test_a_corrected_decision_reads_as_recorded_and_is_marked(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app, district="north").id
        correct(app, child, 1, date(2024, 2, 1), district="central")
        history = self.history(read_side, child)
        registered, correction = history[1], history[2]
        assert registered.summary == "Registered in district north (deprived_of_parental_care)"
        assert json.loads(registered.payload)["district"] == "north"
        assert (registered.corrected, registered.corrected_by, registered.voided) == (
            True,
            2,
            False,
        )
        assert correction.summary == "Corrected version 1: district north → central"
        assert correction.recorded_by == SUPERVISOR
        assert json.loads(str(correction.changes)) == [
            {"field": "district", "before": "north", "after": "central"}
        ]
        assert registered.changes is None
        status = read_side.queries.child(child)
        assert status is not None and status.district == "central"

    def test_a_second_correction_starts_from_the_first_ones_value(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app, district="north").id
        correct(app, child, 1, date(2024, 2, 1), district="central")
        correct(app, child, 1, date(2024, 2, 2), district="east", disability=True)
        history = self.history(read_side, child)
        assert history[1].corrected_by == 3
        assert json.loads(history[1].payload)["district"] == "north"
        assert history[2].summary == "Corrected version 1: district north → central"
        assert history[3].summary == (
            "Corrected version 1: disability false → true, district central → east"
        )

    def test_personal_data_changes_name_the_field_but_not_the_values(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app, given_name="Mira", birth_date=date(2016, 4, 2)).id
        correct(app, child, 1, date(2024, 2, 1), given_name="Myra", birth_date="2016-04-03")
        correction = self.history(read_side, child)[2]
        assert correction.summary == "Corrected version 1: birth_date changed, given_name changed"
        assert json.loads(str(correction.changes)) == [
            {"field": "birth_date", "before": "2016-04-02", "after": "2016-04-03"},
            {"field": "given_name", "before": "Mira", "after": "Myra"},
        ]
        assert json.loads(self.history(read_side, child)[1].payload)["given_name"] == "Mira"

    def test_time_travel_applies_a_correction_the_history_does_not_rewrite(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app).id
        admit(app, child, open_provider(app), date(2024, 2, 1))
        correct(
            app, child, 2, date(2024, 3, 1), effective_date="2024-01-25", removal_date="2024-01-25"
        )
        history = self.history(read_side, child)
        entered = history[2]
        assert entered.effective_date == date(2024, 2, 1)
        assert json.loads(entered.payload)["removal_date"] == "2024-02-01"
        assert history[4].summary == (
            "Corrected version 2: effective_date 2024-02-01 → 2024-01-25, "
            "removal_date 2024-02-01 → 2024-01-25"
        )
        since_the_corrected_removal = child_as_of(app, child, date(2024, 1, 28))
        assert since_the_corrected_removal is not None
        assert since_the_corrected_removal.status == "in_care"

    def test_a_voided_decision_reads_as_recorded_and_is_marked(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app).id
        admit(app, child, open_provider(app), date(2024, 2, 1))
        exit_care(app, child, date(2024, 3, 1), reason=ExitReason.RUNAWAY)
        app.handle(
            commands.VoidDecision(
                header=on(date(2024, 3, 2), by=SUPERVISOR),
                child_id=child,
                voids=5,
                reason="in error",
            )
        )
        history = self.history(read_side, child)
        assert (history[5].summary, history[5].voided_by, history[5].corrected) == (
            "Exited care (runaway)",
            6,
            False,
        )
        assert history[6].summary == "Decision 5 voided"

    def test_a_rebuild_gives_the_rows_following_gave(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        child = register_child(app, district="north").id
        admit(app, child, open_provider(app), date(2024, 2, 1))
        correct(app, child, 1, date(2024, 2, 2), district="central")
        exit_care(app, child, date(2024, 3, 1), reason=ExitReason.RUNAWAY)
        correct(app, child, 6, date(2024, 3, 2), reason="reunification")
        correct(app, child, 1, date(2024, 3, 3), district="west")
        read_side.catch_up()
        following = snapshot(read_side)
        rebuild_all(app, read_side)
        assert snapshot(read_side) == following


class TestOnSQLite(HistoryCorrections, OnSQLite):
    pass


class TestOnPostgres(HistoryCorrections, OnPostgres):
    pass
