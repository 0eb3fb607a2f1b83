"""Use cases for community-level activities, mixed into ``Kasane``."""

from __future__ import annotations

from uuid import UUID

from domain.application_core import KasaneCore
from domain.audience import Audience
from domain.community import CommunityActivity
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity, VoidCommunityActivity
from domain.use_cases import Recorded


class CommunityUseCases(KasaneCore):
    def community_activity(self, activity_id: UUID) -> CommunityActivity:
        return self.get(CommunityActivity, activity_id, "activity")

    def record_community_activity(self, cmd: RecordCommunityActivity) -> Recorded:
        activity = CommunityActivity.record(
            activity_id=cmd.activity_id,
            kind=cmd.kind,
            occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"),
            area=_optional_area(self, cmd.area),
            title=cmd.title,
            participants=cmd.participants,
            contacts=cmd.contacts,
            audience=_optional_audience(self, cmd.audience),
            note=cmd.note,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._create(activity, "community activity")

    def correct_community_activity(self, cmd: CorrectCommunityActivity) -> Recorded:
        activity = self.get(CommunityActivity, cmd.activity_id, "activity")
        changes = dict(cmd.changes)
        if "agency" in changes:
            changes["agency"] = self.agency(changes["agency"], "agency")
        if "area" in changes:
            changes["area"] = _optional_area(self, changes["area"])
        if "audience" in changes:
            changes["audience"] = _optional_audience(self, changes["audience"])
        activity.correct(changes, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(activity)

    def void_community_activity(self, cmd: VoidCommunityActivity) -> Recorded:
        activity = self.get(CommunityActivity, cmd.activity_id, "activity")
        activity.void(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(activity)


def _optional_area(app: KasaneCore, code: object) -> str | None:
    """An area is optional for most activities; an empty form field means none."""
    return None if code is None or code == "" else app.area(code, "area")


def _optional_audience(app: KasaneCore, code: object) -> str:
    """Who a training or course was for: an active audience (民生委員・児童委員 …), or none."""
    return "" if code is None or code == "" else app.active(Audience, code, "audience")
