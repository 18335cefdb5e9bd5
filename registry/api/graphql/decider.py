"""Who took a decision, as the API's user store knows them."""

from __future__ import annotations

import strawberry

from registry.permissions import User


@strawberry.type(
    description="The user who recorded a decision: id (the entry's recordedBy), name and "
    "role as the user store holds them now (a revoked user still shows)."
)
class Decider:
    id: strawberry.ID
    name: str
    role: str

    @classmethod
    def from_user(cls, user: User) -> Decider:
        return cls(id=strawberry.ID(user.id), name=user.name, role=user.role.value)
