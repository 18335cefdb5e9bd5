"""The children the decisions and reads are made on, chosen from the read models.

Plan reviews can be repeated on the same child any number of times on one day,
so a rotation over children in care with an active plan never runs out of valid
decisions, whatever the load's duration. So can an admission followed by an exit
of a child out of care, which leaves the child out of care again: the pages' forms
rotate over such children of one district.
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


@dataclass(frozen=True)
class AdmissibleChild:
    """A child out of care who may be admitted: alive, not linked to another record."""

    child_id: UUID
    version: int


@dataclass(frozen=True)
class DistrictSubjects:
    """The children of one district, for an officer who holds that district alone."""

    district: str
    child_ids: list[UUID]
    admissible: list[AdmissibleChild]


def choose_district_subjects(database_url: str, limit: int) -> DistrictSubjects:
    """The district with the most children (the fullest caseload), up to `limit` of its
    children of any status, and up to `limit` of those out of care who may be admitted."""
    database = open_database(database_url)
    try:
        with database.reading() as connection:
            busiest = connection.execute(
                database.render(
                    "SELECT district FROM {child_status} "
                    "GROUP BY district ORDER BY COUNT(*) DESC, district LIMIT 1"
                )
            ).fetchone()
            if busiest is None:
                raise RuntimeError("no child to show on the pages")
            district = str(busiest[0])
            children = connection.execute(
                database.render(
                    "SELECT child_id FROM {child_status} WHERE district = %s "
                    "ORDER BY child_id LIMIT %s"
                ),
                (district, limit),
            ).fetchall()
            admissible = connection.execute(
                database.render(
                    "SELECT child_id, version FROM {child_status} AS child "
                    "WHERE district = %s AND status <> 'in_care' "
                    "AND COALESCE(exit_reason, '') <> 'death' "
                    "AND NOT EXISTS (SELECT 1 FROM {child_links} AS link "
                    "WHERE link.child_id = child.child_id) "
                    "ORDER BY child_id LIMIT %s"
                ),
                (district, limit),
            ).fetchall()
    finally:
        database.close()
    return DistrictSubjects(
        district=district,
        child_ids=[UUID(str(row[0])) for row in children],
        admissible=[AdmissibleChild(UUID(str(row[0])), int(row[1])) for row in admissible],
    )
