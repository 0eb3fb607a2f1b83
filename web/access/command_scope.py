"""A meeting command may name only cases the user may see.

The guard checks a ``case_id`` in the path; a meeting names its cases in the
body (planned cases, discussions, action items). Without this check a user
could take up, by its id, a case of another agency, and attending that
meeting would then bring the case into their agency's scope. A case out of
scope is refused as if it did not exist (404, nothing written) and the
request is audited as ``denied``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from fastapi import Request
from sqlalchemy.engine import Connection

from domain.commands import Command
from domain.errors import NotFound
from projections.cases.scope import may_see_case

if TYPE_CHECKING:
    from web.access.guard import AuditContext


def cases_named(command: Command) -> list[UUID]:
    """The cases a meeting command takes up: planned, discussed, or the subject of an action item."""
    named = list(getattr(command, "planned_case_ids", ()))
    named += [d.case_id for d in getattr(command, "discussions", ())]
    named += [i.case_id for i in getattr(command, "action_items", ()) if i.case_id is not None]
    return list(dict.fromkeys(named))


def check_cases_named(request: Request, connection: Connection, command: Command) -> None:
    user = getattr(request.state, "user", None)
    if user is None:
        return
    for case_id in cases_named(command):
        if not may_see_case(connection, user.agency, user.username, case_id):
            context: AuditContext | None = getattr(request.state, "audit", None)
            if context is not None:
                context.action = "denied"
                context.case_ids.append(str(case_id))
            raise NotFound("no such case", field="case_id", case_id=case_id)
