"""Use cases for support cases, mixed into ``Kasane``.

Each loads the case (checking the version the user saw, if given), checks
the agencies, area and coordinator the command names, lets the case decide,
and saves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from domain.use_cases import Host, Recorded, handles
from domain.validation import check_optional_date, check_text, check_uuid

if TYPE_CHECKING:
    from domain.application import Kasane


class CaseUseCases:
    @handles(OpenCase)
    def open_case(self: Kasane, cmd: OpenCase) -> Recorded:
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

    @handles(AddHouseholdMember)
    def add_household_member(self: Kasane, cmd: AddHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.add_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(UpdateHouseholdMember)
    def update_household_member(self: Kasane, cmd: UpdateHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.update_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(RemoveHouseholdMember)
    def remove_household_member(self: Kasane, cmd: RemoveHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.remove_member(cmd.member_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(TagIssues)
    def tag_issues(self: Kasane, cmd: TagIssues) -> Recorded:
        case = self.case_for(cmd)
        case.tag_issues(cmd.issue_tags, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(MoveCaseToArea)
    def move_case_to_area(self: Kasane, cmd: MoveCaseToArea) -> Recorded:
        case = self.case_for(cmd)
        case.move_to_area(self.area(cmd.area, "area"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(AssignCase)
    def assign_case(self: Kasane, cmd: AssignCase) -> Recorded:
        case = self.case_for(cmd)
        case.assign(
            coordinator=self.coordinator(cmd.coordinator, "coordinator"),
            lead_agency=self.agency(cmd.lead_agency, "lead_agency"),
            on=cmd.occurred_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    @handles(InvolveAgency)
    def involve_agency(self: Kasane, cmd: InvolveAgency) -> Recorded:
        case = self.case_for(cmd)
        case.involve_agency(self.agency(cmd.agency, "agency"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ReleaseAgency)
    def release_agency(self: Kasane, cmd: ReleaseAgency) -> Recorded:
        case = self.case_for(cmd)
        case.release_agency(cmd.agency, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ChangeCaseStatus)
    def change_case_status(self: Kasane, cmd: ChangeCaseStatus) -> Recorded:
        case = self.case_for(cmd)
        case.change_status(cmd.status, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(CloseCase)
    def close_case(self: Kasane, cmd: CloseCase) -> Recorded:
        case = self.case_for(cmd)
        case.close(reason=cmd.reason, note=cmd.note, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ReopenCase)
    def reopen_case(self: Kasane, cmd: ReopenCase) -> Recorded:
        case = self.case_for(cmd)
        case.reopen(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(RecordConsent)
    def record_consent(self: Kasane, cmd: RecordConsent) -> Recorded:
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

    @handles(SendReferral)
    def send_referral(self: Kasane, cmd: SendReferral) -> Recorded:
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

    @handles(AnswerReferral)
    def answer_referral(self: Kasane, cmd: AnswerReferral) -> Recorded:
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

    @handles(AdoptSupportPlan)
    def adopt_support_plan(self: Kasane, cmd: AdoptSupportPlan) -> Recorded:
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

    @handles(ReviewSupportPlan)
    def review_support_plan(self: Kasane, cmd: ReviewSupportPlan) -> Recorded:
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

    @handles(VoidSupportPlan)
    def void_support_plan(self: Kasane, cmd: VoidSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        case.void_plan(cmd.plan_version, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(RecordConsultation)
    def record_consultation(self: Kasane, cmd: RecordConsultation) -> Recorded:
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

    @handles(RecordOutreachVisit)
    def record_outreach_visit(self: Kasane, cmd: RecordOutreachVisit) -> Recorded:
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

    @handles(StartPlacement)
    def start_placement(self: Kasane, cmd: StartPlacement) -> Recorded:
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

    @handles(EndPlacement)
    def end_placement(self: Kasane, cmd: EndPlacement) -> Recorded:
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

    @handles(VoidCaseEntry)
    def void_case_entry(self: Kasane, cmd: VoidCaseEntry) -> Recorded:
        case = self.case_for(cmd)
        case.void_entry(cmd.entry_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(CorrectCaseEntry)
    def correct_case_entry(self: Kasane, cmd: CorrectCaseEntry) -> Recorded:
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

    @handles(VoidConsent)
    def void_consent(self: Kasane, cmd: VoidConsent) -> Recorded:
        case = self.case_for(cmd)
        case.void_consent(cmd.consent_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(VoidReferral)
    def void_referral(self: Kasane, cmd: VoidReferral) -> Recorded:
        case = self.case_for(cmd)
        case.void_referral(cmd.referral_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(VoidReferralAnswer)
    def void_referral_answer(self: Kasane, cmd: VoidReferralAnswer) -> Recorded:
        case = self.case_for(cmd)
        case.void_referral_answer(
            cmd.referral_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def _plan_action(self: Host, action: PlanAction) -> PlanAction:
        if not isinstance(action, PlanAction):
            raise InvalidInput("each plan action needs a description and an agency", field="actions")
        return PlanAction(
            description=check_text(action.description, "actions"),
            agency=self.agency(action.agency, "actions"),
            due_on=check_optional_date(action.due_on, "actions"),
            person=check_text(action.person, "actions", required=False),
        )


def _check_plan_meeting(app: Kasane, meeting_id: object) -> None:
    """A plan links only to a meeting that exists and was held (the case checks it discussed the case)."""
    meeting = app.meeting(check_uuid(meeting_id, "meeting_id"))
    if meeting.status != MeetingStatus.HELD:
        raise TransitionNotAllowed(
            f"a plan can only be adopted at a held meeting; this one is {meeting.status.value}", field="meeting_id"
        )
