"""Writing the audit entry of every request that read or changed personal data.

The guard opens the entry (who, under which rule, which case the path names);
routes that list cases add the ones they showed (``web.access.guard.shown``); this
middleware writes it once the response status is known. Reads of non-personal
screens (plans, aggregates) are not written unless they named cases (a
figure's provenance within the reader's scope); every state-changing request is.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request

from domain.audit import AccessMade
from web.access.csrf import SAFE_METHODS
from web.access.guard import AuditContext


async def record_access(request: Request, status: int, _headers: MutableHeaders) -> None:
    """Run as the response starts (``web.http.response_start``): the entry is written before the client has any of
    it, and a failure to write it fails the request."""
    context: AuditContext | None = getattr(request.state, "audit", None)
    writes = request.method not in SAFE_METHODS
    if context is not None and (context.rule.personal or writes or context.case_ids):
        access = AccessMade(
            actor=context.actor,
            action=context.action or ("write" if writes else "read"),
            method=request.method,
            path=context.path or request.url.path,
            query=context.query,
            case_ids=tuple(dict.fromkeys(context.case_ids)),
            status=status,
            purpose=context.rule.purpose,
        )
        await run_in_threadpool(request.app.state.audit.record, access)
