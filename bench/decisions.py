"""Figure 3a: single decisions made directly through RegistryApplication, one save
each, beside raw single-row INSERT commits of the same number of rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from bench import raw_store
from bench.figures import Figure
from bench.raw_store import Sample
from bench.subjects import PlannedChild
from bench.timing import LatencyRun, timed_each
from registry.application import Receipt, RegistryApplication, open_application
from registry.domain.commands import DecisionHeader, ReviewPlan
from registry.settings import Settings

RECORDED_BY = "bench"
REVIEW_OUTCOME = "plan continued"
NEXT_REVIEW_IN = timedelta(days=90)


def review_body(today: date) -> dict[str, object]:
    """The plan review every benchmark decision records (the same over HTTP)."""
    return {
        "effective_date": today.isoformat(),
        "placement_still_necessary": True,
        "child_heard": True,
        "outcome": REVIEW_OUTCOME,
        "next_review_due": (today + NEXT_REVIEW_IN).isoformat(),
    }


def _review_plan(application: RegistryApplication, subject: PlannedChild, today: date) -> Receipt:
    return application.handle(
        ReviewPlan(
            header=DecisionHeader(recorded_by=RECORDED_BY, effective_date=today),
            child_id=subject.child_id,
            plan_id=subject.plan_id,
            placement_still_necessary=True,
            child_heard=True,
            outcome=REVIEW_OUTCOME,
            next_review_due=today + NEXT_REVIEW_IN,
        )
    )


def _review(
    application: RegistryApplication, subject: PlannedChild, today: date
) -> Callable[[], object]:
    return lambda: _review_plan(application, subject, today)


def direct_reviews(database_url: str, subjects: Sequence[PlannedChild], count: int) -> LatencyRun:
    """`count` plan reviews, each loaded, decided and saved on its own, one caller."""
    settings = Settings(database_url=database_url)
    application = open_application(settings)
    try:
        today = settings.today()
        rotation = [subjects[i % len(subjects)] for i in range(count)]
        return timed_each([_review(application, subject, today) for subject in rotation])
    finally:
        application.close()


def review_now(database_url: str, subject: PlannedChild) -> int:
    """One plan review, made directly; its position in the global order."""
    settings = Settings(database_url=database_url)
    application = open_application(settings)
    try:
        receipt = _review_plan(application, subject, settings.today())
    finally:
        application.close()
    if receipt.position is None:
        raise RuntimeError("a direct decision came back without its position")
    return receipt.position


def figures(
    database_url: str,
    backend: str,
    subjects: Sequence[PlannedChild],
    count: int,
    sample: Sample,
    scratch: Path | None = None,
) -> tuple[LatencyRun, list[Figure]]:
    """Direct decisions beside raw single-row commits; returns the direct run for HTTP ratios."""
    if not subjects:
        raise RuntimeError("no child in care with a plan to review")
    direct = direct_reviews(database_url, subjects, count)
    rows = sample.rows(count)
    if backend == "postgres":
        raw = raw_store.postgres_single_commits(database_url, rows)
        raw_store.drop_postgres_scratch(database_url)
        baseline_title = "psycopg single-row INSERT commits, 1 client"
        name = "PostgreSQL"
    else:
        assert scratch is not None
        raw = raw_store.sqlite_single_commits(str(scratch), rows)
        baseline_title = "sqlite3 single-row INSERT commits, 1 client"
        name = "SQLite"
    figure = Figure(
        key=f"direct_decisions_{backend}",
        title=f"Single decisions direct (plan reviews), {name}, 1 caller",
        value=direct.per_second,
        unit="decisions/s",
        baseline_title=baseline_title,
        baseline=raw.per_second,
        details={
            "decisions": direct.count,
            "p50_ms": direct.p50_ms,
            "p99_ms": direct.p99_ms,
            "baseline_p50_ms": raw.p50_ms,
            "baseline_p99_ms": raw.p99_ms,
        },
    )
    return direct, [figure]
