"""The refusal store on its own: replays, another request under a key, expiry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from registry.api.idempotency import RefusalStore, StoredAnswer
from registry.api.problems import Problem
from registry.database import Database, open_database
from tests.support.backends import OnPostgres, OnSQLite

DAY = 24 * 3600
REFUSAL = StoredAnswer(409, {"status": 409, "code": "no_open_episode"})


class RefusalStoreCases:
    @pytest.fixture
    def database(self, database_url: str) -> Iterator[Database]:
        database = open_database(database_url)
        yield database
        database.close()

    @pytest.fixture
    def clock(self) -> list[float]:
        return [1_800_000_000.0]

    @pytest.fixture
    def store(self, database: Database, clock: list[float]) -> RefusalStore:
        return RefusalStore(database, ttl_seconds=DAY, clock=lambda: clock[0])

    def test_a_kept_refusal_is_replayed(self, store: RefusalStore) -> None:
        assert store.recall("u1", "k", "f") is None
        store.keep("u1", "k", "f", REFUSAL)
        assert store.recall("u1", "k", "f") == StoredAnswer(
            REFUSAL.status, REFUSAL.body, replayed=True
        )

    def test_keys_belong_to_their_user(self, store: RefusalStore) -> None:
        store.keep("u1", "k", "f", REFUSAL)
        assert store.recall("u2", "k", "f") is None

    def test_the_first_refusal_kept_stays(self, store: RefusalStore) -> None:
        store.keep("u1", "k", "f", REFUSAL)
        store.keep("u1", "k", "f", StoredAnswer(422, {"code": "validation"}))
        recalled = store.recall("u1", "k", "f")
        assert recalled is not None and recalled.status == REFUSAL.status

    def test_another_request_under_the_same_key_is_refused(self, store: RefusalStore) -> None:
        store.keep("u1", "k", "f", REFUSAL)
        with pytest.raises(Problem) as problem:
            store.recall("u1", "k", "g")
        assert (problem.value.status, problem.value.code) == (422, "idempotency_key_reused")

    def test_refusals_are_kept_a_day_then_forgotten(
        self, store: RefusalStore, clock: list[float]
    ) -> None:
        store.keep("u1", "k", "f", REFUSAL)
        clock[0] += DAY
        assert store.recall("u1", "k", "f") is not None
        clock[0] += 1
        assert store.recall("u1", "k", "f") is None
        store.keep("u1", "k", "g", REFUSAL)
        assert store.recall("u1", "k", "g") is not None


class TestRefusalStoreOnSQLite(RefusalStoreCases, OnSQLite):
    pass


class TestRefusalStoreOnPostgres(RefusalStoreCases, OnPostgres):
    pass
