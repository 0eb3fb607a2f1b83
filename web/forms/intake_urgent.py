"""The intake form's 48時間以内の状況確認: asked for when ticked, and then it needs a reason."""

from __future__ import annotations

import uuid

from domain.actor import Actor
from domain.casework_commands import MarkUrgentCheck
from domain.commands import OpenCase
from web.forms.reader import FormReader, Values


def intake_urgent_check(values: Values, opened: OpenCase, actor: Actor) -> MarkUrgentCheck | None:
    """Read before the case is opened, so a missing reason refuses the whole intake and writes nothing."""
    f = FormReader(values)
    if not f.flag("urgent_check"):
        return None
    reason = f.text("urgent_reason", required=True)
    f.check()
    return MarkUrgentCheck(
        actor=actor, case_id=opened.case_id, check_id=uuid.uuid4(), reason=reason, occurred_on=opened.opened_on
    )
