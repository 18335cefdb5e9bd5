"""plan_events: each adoption and review of a child's development plan.

The basis of plan coverage and review compliance: when a plan was adopted or
last reviewed, and when the next review falls due.
"""

from __future__ import annotations

from projections.projection import (
    CORRECTION_TOPICS,
    AppendingChildProjection,
    Batch,
    topics_of,
)
from projections.schema import PLAN_EVENTS
from registry.database import Transaction
from registry.domain.child_events import ChildEvent, DevelopmentPlanAdopted, DevelopmentPlanReviewed


class PlanEventsProjection(AppendingChildProjection):
    name = "plan_events"
    tables = (PLAN_EVENTS,)
    topics = topics_of((DevelopmentPlanAdopted, DevelopmentPlanReviewed)) | CORRECTION_TOPICS

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        if isinstance(event, DevelopmentPlanAdopted | DevelopmentPlanReviewed):
            kind = "adopted" if isinstance(event, DevelopmentPlanAdopted) else "reviewed"
            batch.appended[self.name].append(
                event.originator_id,
                (
                    event.originator_id,
                    event.originator_version,
                    event.plan_id,
                    kind,
                    event.effective_date,
                    event.next_review_due,
                ),
            )
