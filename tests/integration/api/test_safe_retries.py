"""`If-Match` makes a command conditional; `Idempotency-Key` makes a retry safe."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from registry.domain.answered_request import AnsweredRequest
from registry.domain.child_events import ChildRegistered
from tests.integration.api.support import CHILD, Api, ApiCase, admission, child_body
from tests.support.backends import OnPostgres, OnSQLite

ASSESSMENT = {"effective_date": "2024-01-20", "outcome": "diverted"}
REGISTERED = get_topic(ChildRegistered)
ANSWERED = get_topic(AnsweredRequest.Answered)


class SafeRetries(ApiCase):
    def test_matching_if_match_decides_and_answers_the_new_version(self, api: Api) -> None:
        child_id = api.register_child()
        response = api.post(
            f"/children/{child_id}/assessments", ASSESSMENT, headers={"If-Match": '"1"'}
        )
        assert response.status_code == 200
        assert response.json()["version"] == 2
        assert response.headers["ETag"] == '"2"'

    def test_stale_if_match_is_a_conflict_and_writes_nothing(self, api: Api) -> None:
        child_id = api.register_child()
        api.ok(f"/children/{child_id}/assessments", ASSESSMENT)
        before = api.max_notification_id()

        response = api.post(
            f"/children/{child_id}/assessments", ASSESSMENT, headers={"If-Match": "1"}
        )

        assert response.status_code == 409
        assert response.json()["code"] == "version_conflict"
        assert api.max_notification_id() == before

    def test_stale_if_match_on_a_provider_is_a_conflict(self, api: Api) -> None:
        provider_id = api.provider()
        response = api.post(
            f"/providers/{provider_id}/capacity",
            {"effective_date": "2021-01-01", "capacity": 3},
            as_="admin",
            headers={"If-Match": "1"},
        )
        assert (response.status_code, response.json()["code"]) == (409, "version_conflict")

    def test_malformed_if_match_is_a_validation_error(self, api: Api) -> None:
        child_id = api.register_child()
        response = api.post(
            f"/children/{child_id}/assessments", ASSESSMENT, headers={"If-Match": "latest"}
        )
        assert (response.status_code, response.json()["code"]) == (422, "validation")

    def test_a_retry_returns_the_first_answer_and_writes_once(self, api: Api) -> None:
        before = api.max_notification_id()
        key = {"Idempotency-Key": "register-ana-1"}

        first = api.post("/children", CHILD, headers=key)
        retry = api.post("/children", CHILD, headers=key)

        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()
        assert retry.headers["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first.headers
        assert api.stored_topics(before) == [REGISTERED, ANSWERED]

    def test_a_retry_is_answered_from_the_log(self, api: Api) -> None:
        """The answer is saved in the decision's own write: a retry finds it there (after a
        crash past the write, too: tests/faults kills the server), and writes nothing."""
        child_id = api.register_child()
        key = {"Idempotency-Key": "assess-before-crash"}
        first = api.post(f"/children/{child_id}/assessments", ASSESSMENT, headers=key)
        after_first = api.max_notification_id()

        retry = api.post(f"/children/{child_id}/assessments", ASSESSMENT, headers=key)
        stale_retry = api.post(
            f"/children/{child_id}/assessments", ASSESSMENT, headers={**key, "If-Match": "1"}
        )

        assert (retry.status_code, retry.json()) == (200, first.json())
        assert retry.json()["position"] == after_first
        assert stale_retry.json()["code"] == "idempotency_key_reused"
        assert api.max_notification_id() == after_first

    def test_concurrent_requests_with_one_key_decide_once(self, api: Api) -> None:
        """A retry sent while its original is still deciding is not made to wait: both
        decide, one write wins, and the other answers the winner's receipt."""
        before = api.max_notification_id()
        racers = 4
        start = threading.Barrier(racers)

        def register(_: int) -> tuple[int, str]:
            start.wait()
            response = api.post("/children", CHILD, headers={"Idempotency-Key": "race-1"})
            return response.status_code, response.json()["id"]

        with ThreadPoolExecutor(max_workers=racers) as pool:
            answers = set(pool.map(register, range(racers)))

        assert len(answers) == 1 and next(iter(answers))[0] == 201
        assert api.stored_topics(before) == [REGISTERED, ANSWERED]

    def test_a_refusal_is_replayed_too(self, api: Api) -> None:
        child_id = api.register_child()
        body: dict[str, Any] = {"effective_date": "2024-06-01", "reason": "reunification"}
        key = {"Idempotency-Key": "exit-1"}
        first = api.post(f"/children/{child_id}/exits", body, headers=key)
        api.admit(child_id)

        retry = api.post(f"/children/{child_id}/exits", body, headers=key)

        assert first.status_code == retry.status_code == 409
        assert retry.json() == first.json()
        assert retry.headers["content-type"] == "application/problem+json"

    def test_the_same_key_for_another_request_is_refused(self, api: Api) -> None:
        key = {"Idempotency-Key": "register-1"}
        api.post("/children", CHILD, headers=key)
        before = api.max_notification_id()

        response = api.post("/children", {**CHILD, "given_name": "Maria"}, headers=key)

        assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")
        assert api.max_notification_id() == before

    def test_keys_belong_to_their_user(self, api: Api) -> None:
        key = {"Idempotency-Key": "shared-key"}
        first = api.post("/children", child_body(), as_="officer_north", headers=key)
        other = api.post("/children", child_body(), as_="supervisor_north", headers=key)
        assert first.status_code == other.status_code == 201
        assert first.json()["id"] != other.json()["id"]

    def test_a_refused_permission_does_not_use_the_key(self, api: Api) -> None:
        key = {"Idempotency-Key": "early"}
        assert api.post("/children", CHILD, as_="officer_south", headers=key).status_code == 403
        assert (
            api.post("/children", {**CHILD, "district": "south"}, "officer_south", key).status_code
            == 201
        )

    def test_answers_carry_related_ids_and_positions(self, api: Api) -> None:
        child_id = api.register_child()
        admitted = api.admit(child_id)
        assert set(admitted) == {"id", "version", "position", "episode_id", "placement_id"}
        assert admitted["id"] == child_id
        assert admitted["position"] == api.max_notification_id()
        plan = api.ok(
            f"/children/{child_id}/plans",
            {
                "effective_date": "2024-02-10",
                "goals": [{"area": "health", "objective": "check-up"}],
                "next_review_due": "2024-05-10",
            },
        )
        assert "plan_id" in plan and plan["position"] > admitted["position"]

    def test_the_acting_user_comes_from_the_token(self, api: Api) -> None:
        child_id = api.register_child()
        history = api.registry.get_child(UUID(child_id)).history
        assert {event.recorded_by for event in history} == {api.user_id("officer_north")}
        response = api.post("/children", {**CHILD, "recorded_by": "someone-else"})
        assert response.status_code == 422

    def test_two_admissions_racing_for_the_last_place_fill_it_once(self, api: Api) -> None:
        provider_id = api.provider(capacity=1)
        children = [api.register_child(), api.register_child()]
        start = threading.Barrier(len(children))

        def admit(child_id: str) -> int:
            start.wait()
            response = api.post(f"/children/{child_id}/admissions", admission(provider_id))
            return response.status_code

        with ThreadPoolExecutor(max_workers=len(children)) as pool:
            statuses = sorted(pool.map(admit, children))

        assert statuses == [200, 409]
        assert api.registry.get_provider(UUID(provider_id)).occupied == 1


class TestSafeRetriesOnSQLite(SafeRetries, OnSQLite):
    pass


class TestSafeRetriesOnPostgres(SafeRetries, OnPostgres):
    pass
