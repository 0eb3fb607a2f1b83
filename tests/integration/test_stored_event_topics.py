"""Stored events name their class by topic (``domain.case:Case.Opened``): those names and fields are a public API.

Every topic written before ``domain/case.py`` was split (and every aggregate's events were declared as classes)
must still resolve to an event class with the same fields, and a store written then must read back the same.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import SecretStr

import domain.application  # noqa: F401 - imports every aggregate, as the application does
from tests.data.store_before_case_split.make_store import MASTER_KEY
from tests.integration.test_event_log_round_trip import state
from web.storage.settings import Settings, eventsourcing_env

BEFORE_SPLIT = Path(__file__).parents[1] / "data" / "store_before_case_split"
ENVELOPE = {"originator_id", "originator_version", "timestamp"}

TOPICS_AND_FIELDS = {
    "domain.agency:Agency.Created": ("originator_topic",),
    "domain.agency:Agency.Registered": (
        "actor",
        "agency_type",
        "code",
        "name",
        "name_en",
        "occurred_on",
        "originator_topic",
    ),
    "domain.agency:Agency.Renamed": ("actor", "name", "occurred_on"),
    "domain.agency:Agency.RenamedInEnglish": ("actor", "name_en", "occurred_on"),
    "domain.agency:Agency.Reordered": ("actor", "display_order", "occurred_on"),
    "domain.agency:Agency.Retired": ("actor", "occurred_on", "reason"),
    "domain.anonymous_consultation:AnonymousConsultation.Created": ("originator_topic",),
    "domain.anonymous_consultation:AnonymousConsultation.Recorded": (
        "actor",
        "agency",
        "channel",
        "handler_role",
        "issue_tags",
        "occurred_on",
        "originator_topic",
        "topic",
    ),
    "domain.area:Area.Created": ("originator_topic",),
    "domain.area:Area.Registered": ("actor", "area_kind", "code", "name", "occurred_on", "originator_topic"),
    "domain.area:Area.Renamed": ("actor", "name", "occurred_on"),
    "domain.area:Area.RenamedInEnglish": ("actor", "name_en", "occurred_on"),
    "domain.area:Area.Reordered": ("actor", "display_order", "occurred_on"),
    "domain.area:Area.Retired": ("actor", "occurred_on", "reason"),
    "domain.audit:AccessRecord.Created": ("originator_topic",),
    "domain.audit:AccessRecord.Recorded": (
        "action",
        "actor",
        "case_ids",
        "method",
        "occurred_on",
        "originator_topic",
        "path",
        "purpose",
        "query",
        "status",
    ),
    "domain.case:Case.AgencyInvolved": ("actor", "agency", "occurred_on"),
    "domain.case:Case.AgencyReleased": ("actor", "agency", "occurred_on", "reason"),
    "domain.case:Case.AreaChanged": ("actor", "area", "occurred_on"),
    "domain.case:Case.Assigned": ("actor", "coordinator", "lead_agency", "occurred_on", "reason"),
    "domain.case:Case.Closed": ("actor", "from_status", "meeting_id", "note", "occurred_on", "reason"),
    "domain.case:Case.ConsentRecorded": ("actor", "consent", "occurred_on"),
    "domain.case:Case.ConsentVoided": ("actor", "consent_id", "occurred_on", "reason"),
    "domain.case:Case.ConsultationRecorded": ("actor", "consultation", "occurred_on"),
    "domain.case:Case.Created": ("originator_topic",),
    "domain.case:Case.DiscussedAtMeeting": (
        "actor",
        "consent_required",
        "meeting_id",
        "meeting_type",
        "occurred_on",
        "outcome",
    ),
    "domain.case:Case.DiscussionWithdrawn": ("actor", "meeting_id", "occurred_on", "reason"),
    "domain.case:Case.EntryCorrected": ("actor", "entry", "occurred_on", "reason"),
    "domain.case:Case.EntryVoided": ("actor", "entry_id", "occurred_on", "reason"),
    "domain.case:Case.IssuesTagged": ("actor", "issue_tags", "occurred_on"),
    "domain.case:Case.MemberAdded": ("actor", "member", "occurred_on"),
    "domain.case:Case.MemberRemoved": ("actor", "member_id", "occurred_on", "reason"),
    "domain.case:Case.MemberUpdated": ("actor", "member", "occurred_on"),
    "domain.case:Case.Opened": (
        "actor",
        "area",
        "channel",
        "coordinator",
        "household_name",
        "intake_agency",
        "issue_tags",
        "lead_agency",
        "members",
        "occurred_on",
        "originator_topic",
        "requester_type",
        "summary",
    ),
    "domain.case:Case.OutreachVisitRecorded": ("actor", "occurred_on", "visit"),
    "domain.case:Case.PersonalDataErased": ("actor", "occurred_on", "reason"),
    "domain.case:Case.PlacementEnded": ("actor", "entry_id", "note", "occurred_on", "outcome"),
    "domain.case:Case.PlacementStarted": ("actor", "occurred_on", "placement"),
    "domain.case:Case.PlanMade": ("actor", "occurred_on", "plan"),
    "domain.case:Case.PlanReviewed": ("actor", "findings", "next_review_due_on", "occurred_on", "plan_version"),
    "domain.case:Case.PlanRevised": ("actor", "occurred_on", "plan"),
    "domain.case:Case.PlanVoided": (
        "actor",
        "next_review_due_on",
        "occurred_on",
        "plan_version",
        "reason",
        "restored_plan_type",
        "restored_version",
    ),
    "domain.case:Case.ReferralAccepted": ("actor", "note", "occurred_on", "referral_id"),
    "domain.case:Case.ReferralAnswerVoided": ("actor", "occurred_on", "reason", "referral_id"),
    "domain.case:Case.ReferralDeclined": ("actor", "occurred_on", "reason", "referral_id"),
    "domain.case:Case.ReferralSent": ("actor", "occurred_on", "referral"),
    "domain.case:Case.ReferralVoided": ("actor", "occurred_on", "reason", "referral_id"),
    "domain.case:Case.Reopened": ("actor", "occurred_on", "reason"),
    "domain.case:Case.StatusChanged": ("actor", "from_status", "occurred_on", "reason", "to_status"),
    "domain.case:Case.TransferAccepted": ("actor", "coordinator", "note", "occurred_on", "transfer_id"),
    "domain.case:Case.TransferDeclined": ("actor", "occurred_on", "reason", "transfer_id"),
    "domain.case:Case.TransferRequested": ("actor", "occurred_on", "transfer"),
    "domain.case:Case.TransferWithdrawn": ("actor", "occurred_on", "reason", "transfer_id"),
    "domain.case:Case.UrgentCheckDone": ("actor", "check_id", "note", "occurred_on"),
    "domain.case:Case.UrgentCheckMarked": ("actor", "check_id", "due_on", "occurred_on", "reason"),
    "domain.community:CommunityActivity.Corrected": ("actor", "details", "occurred_on", "reason"),
    "domain.community:CommunityActivity.Created": ("originator_topic",),
    "domain.community:CommunityActivity.Recorded": ("actor", "details", "occurred_on", "originator_topic"),
    "domain.community:CommunityActivity.Voided": ("actor", "occurred_on", "reason"),
    "domain.evaluation:PlanEvaluation.CommitteeOpinionRecorded": (
        "actor",
        "committee",
        "measure",
        "occurred_on",
        "opinion",
        "opinion_id",
        "programme",
    ),
    "domain.evaluation:PlanEvaluation.Created": ("originator_topic",),
    "domain.evaluation:PlanEvaluation.IndicatorValueCleared": ("actor", "indicator", "occurred_on", "reason"),
    "domain.evaluation:PlanEvaluation.IndicatorValueRecorded": ("actor", "indicator", "note", "occurred_on", "value"),
    "domain.evaluation:PlanEvaluation.MeasureRated": ("actor", "measure", "note", "occurred_on", "rating"),
    "domain.evaluation:PlanEvaluation.MeasureRatingCleared": ("actor", "measure", "occurred_on", "reason"),
    "domain.evaluation:PlanEvaluation.NextYearPolicySet": (
        "actor",
        "measure",
        "note",
        "occurred_on",
        "policy",
        "programme",
    ),
    "domain.evaluation:PlanEvaluation.ProgrammeJudged": ("achieved", "actor", "note", "occurred_on", "programme"),
    "domain.evaluation:PlanEvaluation.ProgrammeJudgementCleared": ("actor", "occurred_on", "programme", "reason"),
    "domain.evaluation:PlanEvaluation.ReviewWritten": (
        "act",
        "actor",
        "check",
        "do",
        "measure",
        "occurred_on",
        "programme",
    ),
    "domain.evaluation:PlanEvaluation.Started": (
        "actor",
        "fiscal_year",
        "occurred_on",
        "originator_topic",
        "plan_code",
    ),
    "domain.master_data:MasterRecord.Created": ("originator_topic",),
    "domain.master_data:MasterRecord.Renamed": ("actor", "name", "occurred_on"),
    "domain.master_data:MasterRecord.RenamedInEnglish": ("actor", "name_en", "occurred_on"),
    "domain.master_data:MasterRecord.Reordered": ("actor", "display_order", "occurred_on"),
    "domain.master_data:MasterRecord.Retired": ("actor", "occurred_on", "reason"),
    "domain.meeting:SupportMeeting.ActionItemCompleted": ("actor", "item_id", "note", "occurred_on"),
    "domain.meeting:SupportMeeting.Cancelled": ("actor", "occurred_on", "reason"),
    "domain.meeting:SupportMeeting.Created": ("originator_topic",),
    "domain.meeting:SupportMeeting.Held": (
        "action_items",
        "actor",
        "attendees",
        "consent_required",
        "discussions",
        "ends_at",
        "is_trial",
        "occurred_on",
        "place",
        "recorder",
        "restricted_records",
        "starts_at",
        "summary",
    ),
    "domain.meeting:SupportMeeting.Rescheduled": ("actor", "occurred_on", "reason", "scheduled_on"),
    "domain.meeting:SupportMeeting.Scheduled": (
        "actor",
        "convenor_agency",
        "ends_at",
        "meeting_type",
        "occurred_on",
        "originator_topic",
        "place",
        "planned_case_ids",
        "recorder",
        "scheduled_on",
        "starts_at",
        "title",
    ),
    "domain.meeting:SupportMeeting.Voided": ("actor", "occurred_on", "reason"),
    "domain.meeting_type:MeetingType.ConsentRuleSet": ("actor", "occurred_on", "requires_consent"),
    "domain.meeting_type:MeetingType.Created": ("originator_topic",),
    "domain.meeting_type:MeetingType.Registered": (
        "actor",
        "code",
        "level",
        "name",
        "name_en",
        "occurred_on",
        "originator_topic",
        "requires_consent",
        "restricted_records",
    ),
    "domain.meeting_type:MeetingType.Renamed": ("actor", "name", "occurred_on"),
    "domain.meeting_type:MeetingType.RenamedInEnglish": ("actor", "name_en", "occurred_on"),
    "domain.meeting_type:MeetingType.Reordered": ("actor", "display_order", "occurred_on"),
    "domain.meeting_type:MeetingType.Retired": ("actor", "occurred_on", "reason"),
    "domain.plan:PlanDefinition.Created": ("originator_topic",),
    "domain.plan:PlanDefinition.Loaded": ("actor", "digest", "occurred_on", "originator_topic", "plan", "source"),
    "domain.plan:PlanDefinition.Revised": ("actor", "digest", "occurred_on", "plan", "reason", "source"),
    "domain.user:User.Created": ("originator_topic",),
    "domain.user:User.MovedToAgency": ("actor", "agency", "occurred_on"),
    "domain.user:User.Registered": ("actor", "agency", "code", "name", "occurred_on", "originator_topic", "role"),
    "domain.user:User.Renamed": ("actor", "name", "occurred_on"),
    "domain.user:User.RenamedInEnglish": ("actor", "name_en", "occurred_on"),
    "domain.user:User.Reordered": ("actor", "display_order", "occurred_on"),
    "domain.user:User.Retired": ("actor", "occurred_on", "reason"),
    "domain.user:User.RoleChanged": ("actor", "occurred_on", "role"),
}
"""Every event topic as it stood before the split, with its payload fields (listed from that code)."""


@pytest.mark.parametrize("topic", sorted(TOPICS_AND_FIELDS))
def test_every_stored_event_topic_still_resolves_to_an_event_with_the_same_fields(topic: str) -> None:
    event_class = resolve_topic(topic)
    assert isinstance(event_class, type) and issubclass(event_class, CanMutateAggregate)
    assert dataclasses.is_dataclass(event_class)
    fields = {f.name for f in dataclasses.fields(event_class)} - ENVELOPE
    assert sorted(fields) == list(TOPICS_AND_FIELDS[topic])


@pytest.mark.parametrize("topic", sorted(TOPICS_AND_FIELDS))
def test_events_written_today_carry_the_topic_they_always_had(topic: str) -> None:
    """New events are written under the old names too: readers and projections filter by them."""
    assert get_topic(resolve_topic(topic)) == topic


def test_a_store_written_before_the_split_reads_back_the_same(tmp_path: Path) -> None:
    for name in ("kasane.db", "keys.db"):
        shutil.copy(BEFORE_SPLIT / name, tmp_path / name)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", master_key=SecretStr(MASTER_KEY))
    app = domain.application.Kasane(eventsourcing_env(settings), today=lambda: date(2026, 11, 20))
    try:
        expected = (BEFORE_SPLIT / "expected.txt").read_text(encoding="utf-8").splitlines()
        lines: list[str] = []
        for header in (line for line in expected if not line.startswith(("[", "HistoryEntry"))):
            kind, aggregate_id = header.split()
            aggregate: Aggregate = app.repository.get(UUID(aggregate_id))
            lines.append(f"{type(aggregate).__name__} {aggregate_id}")
            lines.append(repr(sorted(state(aggregate).items())))
            lines.extend(repr(entry) for entry in app.history(aggregate.id))
        assert lines == expected
    finally:
        app.close()
