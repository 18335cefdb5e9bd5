"""The supervisors' review queue: pairs of records already registered that may be one
child, most alike first.

A registration is checked against the records known when it is made, and one made
with an override reason, or while the read side trailed the store, may still
duplicate another. The queue looks for such pairs with one record in a district:
candidates by blocking key and birth date (`ReadQueries.alike_pairs`, one statement),
then scored as a registration is (`registry.domain.duplicates.likeness`). A pair
resolved either way leaves the queue: linked (`RecordsLinked`) or found to be two
children (`NotDuplicates`).
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.duplicate_screen import identity_of_row
from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.domain import duplicates


@dataclass(frozen=True)
class SuggestedPair:
    """Two records that may be one child: `record`, held by the district reviewed, and
    `other` (held there too, or elsewhere)."""

    record: ChildRow
    other: ChildRow
    likeness: duplicates.Likeness


def review_queue(queries: ReadQueries, district: str, *, first: int) -> list[SuggestedPair]:
    """At most `first` pairs with a record in `district`, most alike first."""
    pairs = queries.alike_pairs(district)
    known = queries.identities(sorted({child for pair in pairs for child in pair}, key=str))
    found: list[SuggestedPair] = []
    for one, other in pairs:
        if one not in known or other not in known:
            continue
        (one_row, one_id), (other_row, other_id) = known[one], known[other]
        if one_row.district != district:
            (one_row, one_id), (other_row, other_id) = (other_row, other_id), (one_row, one_id)
        alike = duplicates.likeness(
            identity_of_row(one_row, one_id), identity_of_row(other_row, other_id)
        )
        if alike is not None and alike.possible_duplicate:
            found.append(SuggestedPair(one_row, other_row, alike))
    found.sort(key=lambda pair: (-pair.likeness.score, str(pair.record.child_id)))
    return found[:first]
