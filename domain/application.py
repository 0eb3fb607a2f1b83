"""The service layer: one application object that runs every command.

``Kasane`` is the shared core (``domain/application_core.py``: loading, checks, the atomic save) plus one
mixin of use cases per concept, and ``COMMANDS`` below is the one table of which use case runs each command.
Each use case loads the aggregates it needs, asks them to decide, and saves everything it changed in one
atomic ``save``: all of a command's events are recorded, or none. A concurrent change to the same aggregate
surfaces as ``ConcurrentChange``; the caller may reload and retry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.application_core import VALUE_OBJECTS, KasaneCore
from domain.case_use_cases import CaseUseCases
from domain.caseload_import import NoteCaseloadImport
from domain.caseload_import_use_cases import CaseloadImportUseCases
from domain.casework_commands import (
    AcceptTransfer,
    DeclineTransfer,
    MarkUrgentCheck,
    ReassignCoordinator,
    RecordAnonymousConsultation,
    RecordUrgentCheck,
    RequestTransfer,
    WithdrawTransfer,
)
from domain.casework_use_cases import CaseworkUseCases
from domain.commands import (
    AddHouseholdMember,
    AdoptSupportPlan,
    AnswerReferral,
    AssignCase,
    ChangeCaseStatus,
    CloseCase,
    Command,
    CorrectCaseEntry,
    EndPlacement,
    InvolveAgency,
    MoveCaseToArea,
    OpenCase,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    ReleaseAgency,
    RemoveHouseholdMember,
    ReopenCase,
    ReviewSupportPlan,
    SendReferral,
    StartPlacement,
    TagIssues,
    UpdateHouseholdMember,
    VoidCaseEntry,
    VoidConsent,
    VoidReferral,
    VoidReferralAnswer,
    VoidSupportPlan,
)
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity, VoidCommunityActivity
from domain.community_use_cases import CommunityUseCases
from domain.erasure import ForgetCase
from domain.erasure_use_cases import ErasureUseCases
from domain.errors import ConcurrentChange, NotFound
from domain.master_data_commands import (
    ChangeUserRole,
    MoveUserToAgency,
    RegisterAgency,
    RegisterArea,
    RegisterAudience,
    RegisterMeetingType,
    RegisterUser,
    RenameRecord,
    ReorderRecord,
    RetireRecord,
    SetMeetingTypeConsentRule,
)
from domain.master_data_use_cases import MASTER_KINDS, MasterDataUseCases
from domain.meeting_commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordHeldMeeting,
    RecordMeetingOutcome,
    RescheduleMeeting,
    ScheduleMeeting,
    VoidMeetingRecord,
)
from domain.meeting_use_cases import MeetingUseCases
from domain.plan_commands import (
    ClearIndicatorValue,
    ClearMeasureRating,
    ClearProgrammeJudgement,
    FinalizeEvaluation,
    JudgeProgramme,
    LoadPlan,
    RateMeasure,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.plan_use_cases import PlanUseCases
from domain.use_cases import Recorded

__all__ = ["COMMANDS", "MASTER_KINDS", "VALUE_OBJECTS", "HistoryEntry", "Kasane", "Recorded"]

_ENVELOPE = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "actor"})


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an aggregate, as plain data for timelines and audits."""

    version: int
    event: str
    occurred_on: date
    actor: Actor
    recorded_at: datetime
    data: dict[str, Any]


BLIND_RETRIES = 3
"""How many times a blind append (a command without ``expected_version``) is run again after losing a race."""


def _blind(command: Command) -> bool:
    """A command that could carry ``expected_version`` and does not: it asked to add, not to overwrite what it saw.

    Running it again on the latest state is what its sender meant; its own checks run again too (a duplicate
    entry id is still refused)."""
    return hasattr(command, "expected_version") and command.expected_version is None


class Kasane(
    ErasureUseCases,
    CaseUseCases,
    CaseworkUseCases,
    MeetingUseCases,
    CommunityUseCases,
    PlanUseCases,
    MasterDataUseCases,
    CaseloadImportUseCases,
    KasaneCore,
):
    """Kasane's event-sourced application (tables are named ``kasane_*``)."""

    name = "Kasane"

    def execute(self, command: Command) -> Recorded:
        """Run the use case ``COMMANDS`` names for the command (a blind append is retried after losing a race), its
        reads on one connection of the store (``reads_together``)."""
        try:
            handler = COMMANDS[type(command)]
        except KeyError:
            raise TypeError(f"no use case handles {type(command).__name__}") from None
        with self.reads_together():
            for attempt in range(BLIND_RETRIES + 1):
                try:
                    return handler(self, command)
                except ConcurrentChange:
                    if not _blind(command) or attempt == BLIND_RETRIES:
                        raise
        raise AssertionError("unreachable")  # pragma: no cover

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of one aggregate, oldest first, as plain data."""
        events: Iterable[Any] = self.events.get(aggregate_id)  # each has occurred_on and actor (test_event_envelope)
        entries = [
            HistoryEntry(
                version=e.originator_version,
                event=type(e).__name__,
                occurred_on=e.occurred_on,
                actor=e.actor,
                recorded_at=e.timestamp,
                data={k: v for k, v in e.__dict__.items() if k not in _ENVELOPE},
            )
            for e in events
        ]
        if not entries:
            raise NotFound("nothing has been recorded under that id", field="id")
        return entries


COMMANDS: dict[type[Command], Callable[[Kasane, Any], Recorded]] = {
    # master data
    RegisterAgency: Kasane.register_agency,
    RegisterArea: Kasane.register_area,
    RegisterUser: Kasane.register_user,
    RegisterMeetingType: Kasane.register_meeting_type,
    SetMeetingTypeConsentRule: Kasane.set_meeting_type_consent_rule,
    RetireRecord: Kasane.retire_record,
    RenameRecord: Kasane.rename_record,
    ReorderRecord: Kasane.reorder_record,
    ChangeUserRole: Kasane.change_user_role,
    MoveUserToAgency: Kasane.move_user_to_agency,
    # cases: household, classification, lifecycle
    OpenCase: Kasane.open_case,
    AddHouseholdMember: Kasane.add_household_member,
    UpdateHouseholdMember: Kasane.update_household_member,
    RemoveHouseholdMember: Kasane.remove_household_member,
    TagIssues: Kasane.tag_issues,
    MoveCaseToArea: Kasane.move_case_to_area,
    AssignCase: Kasane.assign_case,
    InvolveAgency: Kasane.involve_agency,
    ReleaseAgency: Kasane.release_agency,
    ChangeCaseStatus: Kasane.change_case_status,
    CloseCase: Kasane.close_case,
    ReopenCase: Kasane.reopen_case,
    ForgetCase: Kasane.forget_case,
    # cases: consent and referrals
    RecordConsent: Kasane.record_consent,
    VoidConsent: Kasane.void_consent,
    SendReferral: Kasane.send_referral,
    AnswerReferral: Kasane.answer_referral,
    VoidReferral: Kasane.void_referral,
    VoidReferralAnswer: Kasane.void_referral_answer,
    # cases: support plans
    AdoptSupportPlan: Kasane.adopt_support_plan,
    ReviewSupportPlan: Kasane.review_support_plan,
    VoidSupportPlan: Kasane.void_support_plan,
    # cases: activities
    RecordConsultation: Kasane.record_consultation,
    RecordOutreachVisit: Kasane.record_outreach_visit,
    StartPlacement: Kasane.start_placement,
    EndPlacement: Kasane.end_placement,
    VoidCaseEntry: Kasane.void_case_entry,
    CorrectCaseEntry: Kasane.correct_case_entry,
    RecordAnonymousConsultation: Kasane.record_anonymous_consultation,
    # cases: responsibility, transfers (decision 10) and urgent checks
    ReassignCoordinator: Kasane.reassign_coordinator,
    RequestTransfer: Kasane.request_transfer,
    AcceptTransfer: Kasane.accept_transfer,
    DeclineTransfer: Kasane.decline_transfer,
    WithdrawTransfer: Kasane.withdraw_transfer,
    MarkUrgentCheck: Kasane.mark_urgent_check,
    RecordUrgentCheck: Kasane.record_urgent_check,
    # support meetings
    ScheduleMeeting: Kasane.schedule_meeting,
    RescheduleMeeting: Kasane.reschedule_meeting,
    CancelMeeting: Kasane.cancel_meeting,
    RecordMeetingOutcome: Kasane.record_meeting_outcome,
    RecordHeldMeeting: Kasane.record_held_meeting,
    CompleteActionItem: Kasane.complete_action_item,
    VoidMeetingRecord: Kasane.void_meeting_record,
    # community activities
    RecordCommunityActivity: Kasane.record_community_activity,
    CorrectCommunityActivity: Kasane.correct_community_activity,
    VoidCommunityActivity: Kasane.void_community_activity,
    # the plan and its yearly evaluation
    LoadPlan: Kasane.load_plan,
    RecordIndicatorValue: Kasane.record_indicator_value,
    ClearIndicatorValue: Kasane.clear_indicator_value,
    RateMeasure: Kasane.rate_measure,
    ClearMeasureRating: Kasane.clear_measure_rating,
    JudgeProgramme: Kasane.judge_programme,
    ClearProgrammeJudgement: Kasane.clear_programme_judgement,
    RecordCommitteeOpinion: Kasane.record_committee_opinion,
    WriteReview: Kasane.write_review,
    SetNextYearPolicy: Kasane.set_next_year_policy,
    # an imported caseload file (docs/import.md)
    NoteCaseloadImport: Kasane.note_caseload_import,
    FinalizeEvaluation: Kasane.finalize_evaluation,
    # audiences of trainings and courses (issue 16)
    RegisterAudience: Kasane.register_audience,
}
"""Which use case runs each command: the one table (``tests/unit/test_command_table.py`` checks it is complete)."""
