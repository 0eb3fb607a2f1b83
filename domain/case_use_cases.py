"""Use cases for support cases, mixed into ``Kasane``.

Each loads the case (checking the version the user saw, if given), checks
the agencies, area and coordinator the command names, lets the case decide,
and saves.
"""

from __future__ import annotations

from domain.application_core import KasaneCore
from domain.case import Case
from domain.commands import (
    AddHouseholdMember,
    AdoptSupportPlan,
    AnswerReferral,
    AssignCase,
    ChangeCaseStatus,
    CloseCase,
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
from domain.errors import InvalidInput, TransitionNotAllowed
from domain.meeting import MeetingStatus
from domain.support_plan import PlanAction
from domain.use_cases import Recorded
from domain.validation import check_optional_date, check_text, check_uuid


class CaseUseCases(KasaneCore):
    def open_case(self, cmd: OpenCase) -> Recorded:
        case = Case.open(
            case_id=cmd.case_id,
            opened_on=cmd.opened_on,
            actor=cmd.actor,
            household_name=cmd.household_name,
            members=cmd.members,
            issue_tags=cmd.issue_tags,
            area=self.area(cmd.area, "area"),
            intake_agency=self.agency(cmd.intake_agency, "intake_agency"),
            lead_agency=self.agency(cmd.lead_agency, "lead_agency"),
            coordinator=self.coordinator(cmd.coordinator, "coordinator"),
            channel=cmd.channel,
            requester_type=cmd.requester_type,
            summary=cmd.summary,
            today=self.today(),
        )
        return self._create(case, "case")

    def add_household_member(self, cmd: AddHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.add_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def update_household_member(self, cmd: UpdateHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.update_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def remove_household_member(self, cmd: RemoveHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.remove_member(cmd.member_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def tag_issues(self, cmd: TagIssues) -> Recorded:
        case = self.case_for(cmd)
        case.tag_issues(cmd.issue_tags, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def move_case_to_area(self, cmd: MoveCaseToArea) -> Recorded:
        case = self.case_for(cmd)
        case.move_to_area(self.area(cmd.area, "area"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def assign_case(self, cmd: AssignCase) -> Recorded:
        case = self.case_for(cmd)
        case.assign(
            coordinator=self.coordinator(cmd.coordinator, "coordinator"),
            lead_agency=self.agency(cmd.lead_agency, "lead_agency"),
            on=cmd.occurred_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    def involve_agency(self, cmd: InvolveAgency) -> Recorded:
        case = self.case_for(cmd)
        case.involve_agency(self.agency(cmd.agency, "agency"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def release_agency(self, cmd: ReleaseAgency) -> Recorded:
        case = self.case_for(cmd)
        case.release_agency(cmd.agency, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def change_case_status(self, cmd: ChangeCaseStatus) -> Recorded:
        case = self.case_for(cmd)
        case.change_status(cmd.status, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def close_case(self, cmd: CloseCase) -> Recorded:
        case = self.case_for(cmd)
        case.close(reason=cmd.reason, note=cmd.note, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def reopen_case(self, cmd: ReopenCase) -> Recorded:
        case = self.case_for(cmd)
        case.reopen(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def record_consent(self, cmd: RecordConsent) -> Recorded:
        case = self.case_for(cmd)
        case.record_consent(
            consent_id=cmd.consent_id,
            decision=cmd.decision,
            scopes=cmd.scopes,
            on=cmd.decided_on,
            expires_on=cmd.expires_on,
            given_by=cmd.given_by,
            note=cmd.note,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    def send_referral(self, cmd: SendReferral) -> Recorded:
        case = self.case_for(cmd)
        case.send_referral(
            referral_id=cmd.referral_id,
            from_agency=self.agency(cmd.from_agency, "from_agency"),
            to_agency=self.agency(cmd.to_agency, "to_agency"),
            reason=cmd.reason,
            via_sheet=cmd.via_sheet,
            on=cmd.sent_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    def answer_referral(self, cmd: AnswerReferral) -> Recorded:
        case = self.case_for(cmd)
        case.answer_referral(
            referral_id=cmd.referral_id,
            accepted=cmd.accepted,
            note=cmd.note,
            on=cmd.answered_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    def adopt_support_plan(self, cmd: AdoptSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        actions = tuple(self._plan_action(a) for a in cmd.actions)
        if cmd.meeting_id is not None:
            _check_plan_meeting(self, cmd.meeting_id)
        case.adopt_plan(
            plan_type=cmd.plan_type,
            goals=cmd.goals,
            actions=actions,
            review_due_on=cmd.review_due_on,
            reason=cmd.reason,
            on=cmd.adopted_on,
            actor=cmd.actor,
            today=self.today(),
            meeting_id=cmd.meeting_id,
            revises_version=cmd.revises_version,
        )
        return self._save(case)

    def review_support_plan(self, cmd: ReviewSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        case.review_plan(
            findings=cmd.findings,
            next_review_due_on=cmd.next_review_due_on,
            on=cmd.reviewed_on,
            actor=cmd.actor,
            today=self.today(),
            plan_version=cmd.plan_version,
        )
        return self._save(case)

    def void_support_plan(self, cmd: VoidSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        case.void_plan(cmd.plan_version, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def record_consultation(self, cmd: RecordConsultation) -> Recorded:
        case = self.case_for(cmd)
        case.record_consultation(
            actor=cmd.actor,
            today=self.today(),
            entry_id=cmd.entry_id,
            occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"),
            channel=cmd.channel,
            handler_role=cmd.handler_role,
            requester_type=cmd.requester_type,
            is_new=cmd.is_new,
            issue_tags=cmd.issue_tags,
            summary=cmd.summary,
        )
        return self._save(case)

    def record_outreach_visit(self, cmd: RecordOutreachVisit) -> Recorded:
        case = self.case_for(cmd)
        case.record_outreach(
            actor=cmd.actor,
            today=self.today(),
            entry_id=cmd.entry_id,
            occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"),
            visit_kind=cmd.visit_kind,
            handler_role=cmd.handler_role,
            accompanying_agencies=self.agencies(cmd.accompanying_agencies, "accompanying_agencies"),
            contact_made=cmd.contact_made,
            note=cmd.note,
        )
        return self._save(case)

    def start_placement(self, cmd: StartPlacement) -> Recorded:
        case = self.case_for(cmd)
        case.start_placement(
            actor=cmd.actor,
            today=self.today(),
            entry_id=cmd.entry_id,
            occurred_on=cmd.started_on,
            agency=self.agency(cmd.agency, "agency"),
            resource_type=cmd.resource_type,
            host_organisation=cmd.host_organisation,
            note=cmd.note,
        )
        return self._save(case)

    def end_placement(self, cmd: EndPlacement) -> Recorded:
        case = self.case_for(cmd)
        case.end_placement(
            entry_id=cmd.entry_id,
            on=cmd.ended_on,
            outcome=cmd.outcome,
            note=cmd.note,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    def void_case_entry(self, cmd: VoidCaseEntry) -> Recorded:
        case = self.case_for(cmd)
        case.void_entry(cmd.entry_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def correct_case_entry(self, cmd: CorrectCaseEntry) -> Recorded:
        case = self.case_for(cmd)
        changes = dict(cmd.changes)
        if "agency" in changes:
            changes["agency"] = self.agency(changes["agency"], "agency")
        if "accompanying_agencies" in changes:
            changes["accompanying_agencies"] = self.agencies(changes["accompanying_agencies"], "accompanying_agencies")
        case.correct_entry(
            cmd.entry_id, changes, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def void_consent(self, cmd: VoidConsent) -> Recorded:
        case = self.case_for(cmd)
        case.void_consent(cmd.consent_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def void_referral(self, cmd: VoidReferral) -> Recorded:
        case = self.case_for(cmd)
        case.void_referral(cmd.referral_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    def void_referral_answer(self, cmd: VoidReferralAnswer) -> Recorded:
        case = self.case_for(cmd)
        case.void_referral_answer(
            cmd.referral_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def _plan_action(self, action: PlanAction) -> PlanAction:
        if not isinstance(action, PlanAction):
            raise InvalidInput("each plan action needs a description and an agency", field="actions")
        return PlanAction(
            description=check_text(action.description, "actions"),
            agency=self.agency(action.agency, "actions"),
            due_on=check_optional_date(action.due_on, "actions"),
            person=check_text(action.person, "actions", required=False),
        )


def _check_plan_meeting(app: KasaneCore, meeting_id: object) -> None:
    """A plan links only to a meeting that exists and was held (the case checks it discussed the case)."""
    meeting = app.meeting(check_uuid(meeting_id, "meeting_id"))
    if meeting.status != MeetingStatus.HELD:
        raise TransitionNotAllowed(
            f"a plan can only be adopted at a held meeting; this one is {meeting.status.value}", field="meeting_id"
        )
