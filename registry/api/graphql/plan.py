"""A child's individual development plan, folded from its adoption and reviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import strawberry

from projections.rows import PlanEventRow


@strawberry.type(description="An individual development plan and where its reviews stand.")
class Plan:
    id: strawberry.ID
    adopted_on: date
    last_reviewed_on: date | None
    next_review_due: date | None
    reviews: int

    @classmethod
    def from_rows(cls, rows: Sequence[PlanEventRow]) -> list[Plan]:
        """One Plan per plan id, in adoption order; events arrive in version order."""
        plans: dict[str, Plan] = {}
        for row in sorted(rows, key=lambda r: r.version):
            key = str(row.plan_id)
            if row.kind == "adopted":
                plans[key] = cls(
                    id=strawberry.ID(key),
                    adopted_on=row.effective_date,
                    last_reviewed_on=None,
                    next_review_due=row.next_review_due,
                    reviews=0,
                )
            elif key in plans:
                plan = plans[key]
                plan.last_reviewed_on = row.effective_date
                plan.next_review_due = row.next_review_due
                plan.reviews += 1
        return list(plans.values())
