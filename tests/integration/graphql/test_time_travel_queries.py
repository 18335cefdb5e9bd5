"""`childAsOf` and `childAsRecorded` over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from registry.domain.values import Setting
from tests.integration.graphql.service import GraphQLService, Service
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, correct, move, open_provider, register_child

AS_OF = """
query AsOf($id: ID!, $date: Date!) {
  childAsOf(id: $id, date: $date) { status setting providerId episodeOpen version }
}
"""
AS_RECORDED = """
query AsRecorded($id: ID!, $at: DateTime!) {
  childAsRecorded(id: $id, at: $at) { status setting providerId episodeOpen version }
}
"""


def moved_child(service: Service) -> tuple[UUID, UUID, UUID]:
    """Admitted to `first` on 2024-02-01, moved to `second` on 2024-04-01."""
    registry = service.registry
    first, second = open_provider(registry), open_provider(registry)
    child = register_child(registry).id
    admit(registry, child, first)
    move(registry, child, date(2024, 4, 1), setting=Setting.FOSTER_FAMILY, provider_id=second)
    service.caught_up()
    return child, first, second


class TimeTravelQueries:
    def as_of(self, service: Service, child: UUID, day: str) -> dict[str, object] | None:
        snapshot: dict[str, object] | None = service.data(AS_OF, {"id": str(child), "date": day})[
            "childAsOf"
        ]
        return snapshot

    def test_as_of_a_date_between_two_placements(self, service: Service) -> None:
        child, first, second = moved_child(service)
        assert self.as_of(service, child, "2024-03-01") == {
            "status": "in_care",
            "setting": "foster_family",
            "providerId": str(first),
            "episodeOpen": True,
            "version": 3,
        }
        after = self.as_of(service, child, "2024-04-02")
        assert after is not None and after["providerId"] == str(second)
        registered = self.as_of(service, child, "2024-01-15")
        assert registered is not None and registered["status"] == "registered"
        assert self.as_of(service, child, "2023-12-31") is None

    def test_as_of_a_date_after_a_correction_moved_an_effective_date(
        self, service: Service
    ) -> None:
        child, first, second = moved_child(service)
        before = self.as_of(service, child, "2024-04-10")
        assert before is not None and before["providerId"] == str(second)
        for version in (5, 4):
            correct(
                service.registry,
                child,
                date(2024, 6, 1),
                corrects=version,
                changes={"effective_date": "2024-04-20"},
                reason="the move took effect later",
            )
        corrected = self.as_of(service, child, "2024-04-10")
        assert corrected is not None and corrected["providerId"] == str(first)
        moved = self.as_of(service, child, "2024-04-20")
        assert moved is not None and moved["providerId"] == str(second)

    def test_as_recorded_at_the_moment_of_each_write(self, service: Service) -> None:
        child, first, second = moved_child(service)
        history = service.registry.get_child(child).history
        stamps = {e.originator_version: e.timestamp for e in history}
        admitted = service.data(AS_RECORDED, {"id": str(child), "at": stamps[3].isoformat()})
        assert admitted["childAsRecorded"] == {
            "status": "in_care",
            "setting": "foster_family",
            "providerId": str(first),
            "episodeOpen": True,
            "version": 3,
        }
        now = service.data(AS_RECORDED, {"id": str(child), "at": stamps[5].isoformat()})
        assert now["childAsRecorded"]["providerId"] == str(second)
        before = service.data(AS_RECORDED, {"id": str(child), "at": "2020-01-01T00:00:00Z"})
        assert before == {"childAsRecorded": None}

    def test_unknown_child_has_no_snapshot(self, service: Service) -> None:
        unknown = "00000000-0000-4000-8000-000000000000"
        assert service.data(AS_OF, {"id": unknown, "date": "2024-01-01"}) == {"childAsOf": None}


class TestTimeTravelQueriesOnSQLite(TimeTravelQueries, GraphQLService, OnSQLite):
    pass


class TestTimeTravelQueriesOnPostgres(TimeTravelQueries, GraphQLService, OnPostgres):
    pass
