"""Figure 1: bulk generation of the synthetic registry beside raw batched inserts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import raw_store
from bench.figures import Figure, at_least
from bench.raw_store import Sample
from registry.demo import generate
from registry.importing.batch import BatchedRegistry
from registry.settings import Settings

BULK_TARGET_EVENTS_PER_SECOND = 20_000


@dataclass(frozen=True)
class GeneratedStore:
    """The registry written by the demo generator, and how fast it was written."""

    database_url: str
    children: int
    events: int
    seconds: float
    sample: Sample

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds

    def sizes(self) -> dict[str, int]:
        return {"children": self.children, "events": self.events}


def generate_store(database_url: str, children: int, seed: int) -> GeneratedStore:
    """Run the demo generator through the batched application (the bulk write path)."""
    settings = Settings(database_url=database_url)
    application = BatchedRegistry(
        settings.persistence_env,
        today=settings.today,
        personal_id_key=settings.personal_id_key,
    )
    try:
        summary = generate(application, children=children, seed=seed)
        sample = Sample.from_store(application.recorder)
    finally:
        application.close()
    return GeneratedStore(database_url, children, summary.events, summary.seconds, sample)


def postgres_figures(store: GeneratedStore) -> list[Figure]:
    rows = store.sample.rows(store.events)
    executemany = raw_store.postgres_executemany(store.database_url, rows)
    copy = raw_store.postgres_copy(store.database_url, rows)
    raw_store.drop_postgres_scratch(store.database_url)
    details = {"children": store.children, "events": store.events, "seconds": store.seconds}
    target = at_least(
        store.events_per_second,
        BULK_TARGET_EVENTS_PER_SECOND,
        f">= {BULK_TARGET_EVENTS_PER_SECOND:,} events/s",
    )
    return [
        Figure(
            key="bulk_generation_postgres_vs_executemany",
            title="Bulk generation (demo), PostgreSQL",
            value=store.events_per_second,
            unit="events/s",
            baseline_title="psycopg executemany, same rows",
            baseline=executemany,
            target=target,
            details=details,
        ),
        Figure(
            key="bulk_generation_postgres_vs_copy",
            title="Bulk generation (demo), PostgreSQL",
            value=store.events_per_second,
            unit="events/s",
            baseline_title="COPY, same rows",
            baseline=copy,
            target=target,
            details=details,
        ),
    ]


def sqlite_figures(store: GeneratedStore, scratch: Path) -> list[Figure]:
    rows = store.sample.rows(store.events)
    executemany = raw_store.sqlite_executemany(str(scratch), rows)
    return [
        Figure(
            key="bulk_generation_sqlite_vs_executemany",
            title="Bulk generation (demo), SQLite",
            value=store.events_per_second,
            unit="events/s",
            baseline_title="sqlite3 executemany, same rows",
            baseline=executemany,
            details={"children": store.children, "events": store.events, "seconds": store.seconds},
        )
    ]
