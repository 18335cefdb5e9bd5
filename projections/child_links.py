"""child_links and distinct_pairs: how supervisors resolved records alike.

A link (`RecordsLinked`) is one decision in two streams; only the duplicate's side
gives a row, duplicate → survivor, since whether a record survives others is a
lookup of the same table by `survivor_id`. A finding that two records are two
children (`NotDuplicates`) gives a row in the stream it was recorded in. Voiding
either rewrites the record's rows from its corrected history, like every read model.
"""

from __future__ import annotations

from projections.projection import (
    CORRECTION_TOPICS,
    AppendingChildProjection,
    Batch,
    topics_of,
)
from projections.schema import DISTINCT_PAIRS, LINKS
from registry.database import Transaction
from registry.domain.child_events import ChildEvent, NotDuplicates, RecordsLinked


class ChildLinksProjection(AppendingChildProjection):
    name = "child_links"
    tables = (LINKS, DISTINCT_PAIRS)
    topics = topics_of((RecordsLinked, NotDuplicates)) | CORRECTION_TOPICS

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        child_id = event.originator_id
        if isinstance(event, RecordsLinked) and child_id == event.duplicate_id:
            batch.appended[LINKS.name].append(child_id, (child_id, event.survivor_id))
        elif isinstance(event, NotDuplicates):
            batch.appended[DISTINCT_PAIRS.name].append(
                child_id, (child_id, event.originator_version, event.other_id)
            )
