"""The children the decisions and reads are made on, chosen from the read models.

Plan reviews can be repeated on the same child any number of times on one day,
so a rotation over children in care with an active plan never runs out of valid
decisions, whatever the load's duration.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from registry.database import open_database


@dataclass(frozen=True)
class PlannedChild:
    child_id: UUID
    plan_id: UUID


@dataclass(frozen=True)
class Subjects:
    planned: list[PlannedChild]
    child_ids: list[UUID]
    districts: list[str]


def choose_subjects(database_url: str, limit: int) -> Subjects:
    """Up to `limit` children in care with a plan, and up to `limit` children of any status."""
    database = open_database(database_url)
    try:
        with database.reading() as connection:
            planned = connection.execute(
                database.render(
                    "SELECT child_id, plan_id FROM {child_status} "
                    "WHERE status = 'in_care' AND plan_id IS NOT NULL "
                    "ORDER BY child_id LIMIT %s"
                ),
                (limit,),
            ).fetchall()
            children = connection.execute(
                database.render("SELECT child_id FROM {child_status} ORDER BY child_id LIMIT %s"),
                (limit,),
            ).fetchall()
            districts = connection.execute(
                database.render("SELECT DISTINCT district FROM {child_status} ORDER BY district")
            ).fetchall()
    finally:
        database.close()
    return Subjects(
        planned=[PlannedChild(UUID(str(row[0])), UUID(str(row[1]))) for row in planned],
        child_ids=[UUID(str(row[0])) for row in children],
        districts=[str(row[0]) for row in districts],
    )
