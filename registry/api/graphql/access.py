"""One entry of the access log: who read which part of a child's record, and when."""

from __future__ import annotations

from datetime import datetime

import strawberry

from registry.api.access_log import AccessRecord


@strawberry.type(description="A recorded read of a named child's record.")
class AccessLogEntry:
    read_at: datetime
    user_id: str
    role: str
    child_id: strawberry.ID
    field: str
    reason: str | None

    @classmethod
    def from_record(cls, record: AccessRecord) -> AccessLogEntry:
        return cls(
            read_at=record.read_at,
            user_id=record.user_id,
            role=record.role,
            child_id=strawberry.ID(str(record.child_id)),
            field=record.field,
            reason=record.reason,
        )
