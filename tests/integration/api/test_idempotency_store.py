"""The idempotency store on its own: claims, replays, conflicts and expiry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from registry.api.database import Database, open_database
from registry.api.idempotency import ABANDONED_AFTER_SECONDS, IdempotencyStore, StoredAnswer
from registry.api.problems import Problem
from tests.support.backends import OnPostgres, OnSQLite

DAY = 24 * 3600
ANSWER = StoredAnswer(201, {"id": "c0ffee00-0000-0000-0000-000000000001", "version": 1})


class IdempotencyStoreCases:
    @pytest.fixture
    def database(self, database_url: str) -> Iterator[Database]:
        database = open_database(database_url)
        yield database
        database.close()

    @pytest.fixture
    def clock(self) -> list[float]:
        return [1_800_000_000.0]

    @pytest.fixture
    def store(self, database: Database, clock: list[float]) -> IdempotencyStore:
        return IdempotencyStore(database, ttl_seconds=DAY, clock=lambda: clock[0])

    def test_first_claim_owns_the_key_and_a_retry_gets_the_answer(
        self, store: IdempotencyStore
    ) -> None:
        assert store.claim("u1", "k", "f") is None
        store.finish("u1", "k", ANSWER)
        assert store.claim("u1", "k", "f") == ANSWER

    def test_a_key_still_being_decided_is_in_use(self, store: IdempotencyStore) -> None:
        store.claim("u1", "k", "f")
        with pytest.raises(Problem) as problem:
            store.claim("u1", "k", "f")
        assert (problem.value.status, problem.value.code) == (409, "idempotency_key_in_use")

    def test_an_abandoned_claim_is_taken_over_by_a_retry(
        self, store: IdempotencyStore, clock: list[float]
    ) -> None:
        store.claim("u1", "k", "f")
        clock[0] += ABANDONED_AFTER_SECONDS + 1
        assert store.claim("u1", "k", "f") is None
        with pytest.raises(Problem):
            store.claim("u1", "k", "f")

    def test_a_released_key_can_be_claimed_again(self, store: IdempotencyStore) -> None:
        store.claim("u1", "k", "f")
        store.release("u1", "k")
        assert store.claim("u1", "k", "f") is None

    def test_another_request_under_the_same_key_is_refused(self, store: IdempotencyStore) -> None:
        store.claim("u1", "k", "f")
        store.finish("u1", "k", ANSWER)
        with pytest.raises(Problem) as problem:
            store.claim("u1", "k", "g")
        assert (problem.value.status, problem.value.code) == (422, "idempotency_key_reused")

    def test_keys_are_kept_a_day_then_purged(
        self, store: IdempotencyStore, clock: list[float]
    ) -> None:
        store.claim("u1", "k", "f")
        store.finish("u1", "k", ANSWER)
        clock[0] += DAY
        assert store.claim("u1", "k", "f") == ANSWER
        clock[0] += 1
        assert store.claim("u1", "k", "f") is None


class TestIdempotencyStoreOnSQLite(IdempotencyStoreCases, OnSQLite):
    pass


class TestIdempotencyStoreOnPostgres(IdempotencyStoreCases, OnPostgres):
    pass
