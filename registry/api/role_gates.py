"""Which roles may send which commands at all, checked before anything else of the
request: a monitor or an evaluator posting any command is refused 403, whatever
its body (no body error tells them what a valid command would look like).

The gates are router and route dependencies, so FastAPI runs them before it
validates the body; the district checks, which need the child, run with the
decision (`CommandRunner.submit`).
"""

from __future__ import annotations

from fastapi import Depends

from registry.api.dependencies import CurrentUser
from registry.api.problems import forbidden


async def _records_decisions(user: CurrentUser) -> None:
    if not user.records_decisions:
        raise forbidden(f"the {user.role} role does not record decisions on children")


async def _corrects_decisions(user: CurrentUser) -> None:
    if not user.may_correct_decisions:
        raise forbidden("corrections and voidings are approved by a supervisor")


async def _resolves_duplicates(user: CurrentUser) -> None:
    if not user.may_correct_decisions:
        raise forbidden("duplicate records are linked or told apart by a supervisor")


async def _manages_providers(user: CurrentUser) -> None:
    if not user.may_manage_providers:
        raise forbidden("care providers are managed by administrators")


RECORDS_DECISIONS = Depends(_records_decisions)
"""Officers and supervisors: every command on children."""

CORRECTS_DECISIONS = Depends(_corrects_decisions)
"""Supervisors: corrections and voidings."""

RESOLVES_DUPLICATES = Depends(_resolves_duplicates)
"""Supervisors: linking duplicate records, or finding two alike records two children."""

MANAGES_PROVIDERS = Depends(_manages_providers)
"""Administrators: every command on care providers."""
