"""The permission policy: who is calling, and what their role lets them do
(docs/design.md section 2).

Every permission question is answered here, in one place, so REST, GraphQL,
exports and import can never disagree about who may see or change what: may this
user, with these districts, decide about this child or provider, and what may
this role see.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from registry.domain.commands import (
    ChildDecision,
    CorrectDecision,
    LinkRecords,
    MarkNotDuplicates,
    TransferCase,
    VoidDecision,
)


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    MONITOR = "monitor"
    EVALUATOR = "evaluator"
    ADMIN = "admin"


DISTRICT_BOUND_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})


@dataclass(frozen=True)
class User:
    """An authenticated caller. `id` is what decisions record as `recorded_by`.

    `districts` scopes officers and supervisors; a supervisor with no district
    listed covers the whole country, an officer with none covers nothing.
    """

    id: str
    name: str
    role: Role
    districts: frozenset[str] = frozenset()

    def covers(self, district: str) -> bool:
        if self.role is Role.SUPERVISOR and not self.districts:
            return True
        return district in self.districts

    def may_read_child(self, district: str) -> bool:
        """Named records: officers and supervisors in their districts, monitors and
        admins everywhere; evaluators only ever see de-identified figures."""
        if self.role in DISTRICT_BOUND_ROLES:
            return self.covers(district)
        return self.role in {Role.MONITOR, Role.ADMIN}

    @property
    def records_decisions(self) -> bool:
        return self.role in DISTRICT_BOUND_ROLES

    def may_write_child(self, district: str) -> bool:
        return self.role in DISTRICT_BOUND_ROLES and self.covers(district)

    def may_transfer_child(self, from_district: str, to_district: str) -> bool:
        """An officer hands a case over only into a district they also hold;
        a supervisor may send a case of their region anywhere."""
        if not self.may_write_child(from_district):
            return False
        return self.role is Role.SUPERVISOR or self.covers(to_district)

    def may_decide(self, command: ChildDecision, district: str) -> bool:
        """May this user make this decision about a child whose case `district` holds?"""
        match command:
            case TransferCase():
                return self.may_transfer_child(district, command.to_district)
            case CorrectDecision() | VoidDecision() | LinkRecords() | MarkNotDuplicates():
                return self.may_correct_decisions and self.may_write_child(district)
            case _:
                return self.may_write_child(district)

    @property
    def may_correct_decisions(self) -> bool:
        """Corrections and voidings rewrite what the record says, and linking duplicates
        (or finding them two children) merges or parts records: supervisors decide them."""
        return self.role is Role.SUPERVISOR

    @property
    def may_manage_providers(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def sees_personal_data(self) -> bool:
        return self.role is not Role.EVALUATOR

    @property
    def district_scope(self) -> frozenset[str] | None:
        """The districts a listing of named records is limited to, as `covers` judges
        them; None when the role reads every district."""
        if self.role is Role.OFFICER or (self.role is Role.SUPERVISOR and self.districts):
            return self.districts
        return None
