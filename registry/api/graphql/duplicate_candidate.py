"""A pair of records in the supervisors' review queue (`projections.duplicate_review`)."""

from __future__ import annotations

import strawberry

from projections.duplicate_review import SuggestedPair
from registry.api.graphql.child import Child
from registry.permissions import User


@strawberry.type(
    description="Two registered records that may be one child, most alike first: link "
    "them (POST /children/{id}/links) or record that they are two children "
    "(POST /children/{id}/not-duplicates) and the pair leaves the queue. `other` is null "
    "when its district is not the caller's: it is then only a record in otherDistrict."
)
class DuplicateCandidate:
    record: Child
    other: Child | None
    other_district: str
    score: float
    matched: list[str] = strawberry.field(
        description="The fields that agree: given_name, family_name, birth_date (or "
        "birth_date_swapped, birth_date_near), sex, district, patronymic, personal_id."
    )

    @classmethod
    def from_pair(cls, pair: SuggestedPair, user: User) -> DuplicateCandidate:
        shown = user.may_read_child(pair.other.district)
        return cls(
            record=Child.from_row(pair.record),
            other=Child.from_row(pair.other) if shown else None,
            other_district=pair.other.district,
            score=round(pair.likeness.score, 3),
            matched=list(pair.likeness.matched),
        )
