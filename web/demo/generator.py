"""Demo data: a realistic small municipality, recorded through the commands users call.

Everything is derived from one ``random.Random(seed)`` and the given ``today``,
ids included, so the same seed on the same day gives the same events (only the
store's write timestamps differ). Volumes follow domain brief §7 for a
Komae-sized city over the previous and the current fiscal year.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypedDict
from uuid import UUID

from domain.actor import Actor
from domain.application import Kasane
from domain.commands import (
    AdoptSupportPlan,
    AnswerReferral,
    ChangeCaseStatus,
    CloseCase,
    Command,
    CorrectCaseEntry,
    EndPlacement,
    OpenCase,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    ReviewSupportPlan,
    SendReferral,
    StartPlacement,
    VoidCaseEntry,
)
from domain.community_commands import RecordCommunityActivity
from domain.consent import ConsentRecord, ConsentScope, consent_in_force
from domain.fiscal_year import FiscalYear
from domain.household import Member
from domain.meeting_commands import CompleteActionItem, RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.plan_commands import (
    JudgeProgramme,
    LoadPlan,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.plan_file import parse_plan
from domain.setup_loading import load_setup, setup_commands
from domain.support_plan import PlanAction
from web.demo import data

SYSTEM = Actor.system()
EXAMPLE_PLANS = Path(__file__).resolve().parents[2] / "examples"
"""The plan files shipped with the repository, loaded by the demo."""
COORDINATORS = [u for u in data.USERS if u[2] == "coordinator"]


class EvaluationEntry(TypedDict):
    """What every command of one self-evaluation shares (the fields of ``EvaluationCommand``)."""

    actor: Actor
    plan_code: str
    fiscal_year: int
    occurred_on: date


@dataclass
class Step:
    """One command to run on a given business date (sorted so the log reads in date order)."""

    day: date
    command: Command


@dataclass
class SimulatedCase:
    case_id: UUID
    opened_on: date
    agency: str
    coordinator: Actor
    issue_tags: tuple[str, ...]
    consents: list[ConsentRecord] = field(default_factory=list)
    closed_on: date | None = None
    has_plan: bool = False


class DemoCity:
    """Plans the demo municipality's history as dated commands."""

    def __init__(self, seed: int, today: date, households: int) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = FiscalYear.of(today).previous().start
        self.households = households
        self.steps: list[Step] = []
        self.cases: list[SimulatedCase] = []

    # ---- helpers -------------------------------------------------------------

    def new_id(self) -> UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, first: date, last: date) -> date:
        span = max((last - first).days, 0)
        return first + timedelta(days=self.rng.randint(0, span))

    def add(self, day: date, command: Command) -> None:
        self.steps.append(Step(day, command))

    def actor_for(self, username: str) -> Actor:
        user = next(u for u in data.USERS if u[0] == username)
        return Actor(user_id=user[0], role=user[2], agency_id=user[3])

    # ---- the whole history ---------------------------------------------------

    def plan(self, *, with_master_data: bool = True) -> list[Command]:
        for _ in range(self.households):
            self.plan_case()
        for fiscal_year in (FiscalYear.of(self.start), FiscalYear.of(self.today)):
            self.plan_meetings(fiscal_year)
            self.plan_community_activities(fiscal_year)
        ordered = sorted(enumerate(self.steps), key=lambda pair: (pair[1].day, pair[0]))
        master_data = self.master_data() if with_master_data else ()
        return [*master_data, *self.plans(), *(step.command for _, step in ordered)]

    def master_data(self) -> Iterator[Command]:
        """The example set-up file (``examples/setup/sakuragaoka.toml``), as ``kasane setup load`` reads it."""
        yield from setup_commands(data.SETUP, SYSTEM)

    def plans(self) -> Iterator[Command]:
        """The example plans (examples/*.toml), so the planner's screens have figures to show."""
        for path in sorted(EXAMPLE_PLANS.glob("*.toml")):
            source = path.read_text(encoding="utf-8")
            yield LoadPlan(actor=SYSTEM, source=source, occurred_on=self.start)
            plan = parse_plan(source)
            if plan.code == "komae-layered-1" and plan.covers(self.start.year):
                yield from self.self_evaluation(plan.code, self.start.year)

    def self_evaluation(self, code: str, year: int) -> Iterator[Command]:
        """Last year's self-evaluation (自己評価), entered by the policy division in May, as the seeds describe."""
        day = min(FiscalYear(year).end + timedelta(days=50), self.today)
        entry = EvaluationEntry(actor=self.actor_for("hayashi"), plan_code=code, fiscal_year=year, occurred_on=day)
        yield RecordIndicatorValue(**entry, indicator="K1-1", value=2, note="市外の研修会で2回紹介")
        yield RecordIndicatorValue(**entry, indicator="K3-2", value="導入検討", note="先行自治体の調査を実施")
        yield JudgeProgramme(**entry, programme="7-1", achieved=True, note="巡回相談会を計画どおり実施")
        yield WriteReview(
            **entry,
            measure="7",
            do="CSWが市内各所で巡回相談会を開催",
            check="接点のなかった住民に届いた",
            act="ピアサポーターの活用を検討する",
        )
        yield SetNextYearPolicy(**entry, measure="7", policy="enhance", note="アウトリーチの強化")
        yield RecordCommitteeOpinion(
            **entry,
            opinion_id=self.new_id(),
            measure="7",
            committee="地域福祉推進委員会",
            opinion="対象者の把握の方法を関係機関と検討されたい",
        )

    # ---- one household -------------------------------------------------------

    def household(self, tags: tuple[str, ...], opened_on: date) -> tuple[str, tuple[Member, ...]]:
        surname, surname_kana = self.rng.choice(data.SURNAMES)
        principal_age = self.rng.randint(70, 90) if "elderly" in tags else self.rng.randint(20, 60)
        members = [self.member(surname, surname_kana, "principal", principal_age, opened_on)]
        if "hikikomori" in tags or "elderly" in tags:
            members.append(self.member(surname, surname_kana, "child", self.rng.randint(30, 55), opened_on))
        if "child_rearing" in tags or "young_carer" in tags or "school_refusal" in tags:
            flags = ("young_carer",) if "young_carer" in tags else ()
            members.append(self.member(surname, surname_kana, "child", self.rng.randint(8, 17), opened_on, flags))
        if self.rng.random() < 0.3:
            members.append(self.member(surname, surname_kana, "spouse", principal_age - 2, opened_on))
        return f"{surname}家", tuple(members)

    def member(
        self, surname: str, surname_kana: str, relationship: str, age: int, on: date, flags: tuple[str, ...] = ()
    ) -> Member:
        given, given_kana = self.rng.choice(data.GIVEN_NAMES)
        born = date(on.year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
        return Member(
            member_id=self.new_id(),
            name=f"{surname} {given}",
            kana=f"{surname_kana} {given_kana}",
            birth_date=born,
            relationship=relationship,
            flags=flags,
        )

    def plan_case(self) -> None:
        rng = self.rng
        opened_on = self.day_between(self.start, self.today - timedelta(days=3))
        username = rng.choice(COORDINATORS)[0]
        coordinator = self.actor_for(username)
        tags = tuple(dict.fromkeys(rng.sample(list(data.SUMMARIES), k=rng.choice((1, 1, 2, 2, 3)))))
        name, members = self.household(tags, opened_on)
        case = SimulatedCase(self.new_id(), opened_on, coordinator.agency_id, coordinator, tags)
        self.cases.append(case)
        area = rng.choice(data.DAILY_LIFE_AREAS)[0]
        self.add(
            opened_on,
            OpenCase(
                actor=coordinator,
                case_id=case.case_id,
                opened_on=opened_on,
                household_name=name,
                members=members,
                issue_tags=tags,
                area=area,
                intake_agency=coordinator.agency_id,
                lead_agency=coordinator.agency_id,
                coordinator=username,
                channel=rng.choice(("window", "window", "phone", "visit", "web_booking")),
                requester_type=rng.choice(("self", "family", "family", "agency", "welfare_commissioner")),
                summary=data.SUMMARIES[tags[0]],
            ),
        )
        self.plan_lifecycle(case)
        self.plan_consent_and_referrals(case)
        self.plan_contacts(case)

    def plan_contacts(self, case: SimulatedCase) -> None:
        rng = self.rng
        last = case.closed_on or self.today
        role = "csw" if case.agency == "shakyo" else rng.choice(("consultation_staff", "promotion_officer"))
        entries: list[UUID] = []
        for index in range(rng.choice((1, 2, 3, 4, 6, 9, 14))):
            entry_id = self.new_id()
            entries.append(entry_id)
            day = self.day_between(case.opened_on, last) if index else case.opened_on
            self.add(
                day,
                RecordConsultation(
                    actor=case.coordinator,
                    case_id=case.case_id,
                    entry_id=entry_id,
                    occurred_on=day,
                    agency=case.agency,
                    channel=rng.choice(("window", "phone", "phone", "visit", "online")),
                    handler_role=role,
                    requester_type=rng.choice(("self", "family")),
                    is_new=index == 0,
                    issue_tags=case.issue_tags[:1],
                    summary="状況確認と今後の支援について面談",
                ),
            )
        if "hikikomori" in case.issue_tags or "isolation" in case.issue_tags or rng.random() < 0.2:
            for _ in range(rng.randint(1, 5)):
                day = self.day_between(case.opened_on, last)
                self.add(
                    day,
                    RecordOutreachVisit(
                        actor=case.coordinator,
                        case_id=case.case_id,
                        entry_id=self.new_id(),
                        occurred_on=day,
                        agency=case.agency,
                        visit_kind=rng.choice(("home_visit", "home_visit", "accompanied_visit")),
                        handler_role=role,
                        contact_made=rng.random() < 0.6,
                        accompanying_agencies=(rng.choice(("minsei", "houkatsu-kita", "kikan-soudan")),),
                        note="自宅を訪問し声かけ",
                    ),
                )
        self.plan_corrections(case, entries)

    def plan_corrections(self, case: SimulatedCase, entries: list[UUID]) -> None:
        if len(entries) < 2 or self.rng.random() > 0.06:
            return
        # The step list is date-sorted later; correct on the last day so the entry exists by then.
        day = case.closed_on or self.today
        if self.rng.random() < 0.5:
            self.add(
                day,
                VoidCaseEntry(
                    actor=case.coordinator,
                    case_id=case.case_id,
                    entry_id=entries[-1],
                    reason="重複して登録したため取消",
                    occurred_on=day,
                ),
            )
        else:
            self.add(
                day,
                CorrectCaseEntry(
                    actor=case.coordinator,
                    case_id=case.case_id,
                    entry_id=entries[-1],
                    changes={"summary": "電話で状況を確認"},
                    reason="記録内容の誤りを訂正",
                    occurred_on=day,
                ),
            )

    def plan_consent_and_referrals(self, case: SimulatedCase) -> None:
        rng, actor = self.rng, case.coordinator
        last = case.closed_on - timedelta(days=1) if case.closed_on else self.today
        if (last - case.opened_on).days < 10:
            return
        if rng.random() < 0.65:
            decision = rng.choice(("given", "given", "given", "refused"))
            day = self.day_between(case.opened_on, min(case.opened_on + timedelta(days=20), last))
            record = ConsentRecord(
                self.new_id(), decision, ("meeting_discussion", "information_sharing"), day, None, "本人", ""
            )
            case.consents.append(record)
            self.add(
                day,
                RecordConsent(
                    actor=actor,
                    case_id=case.case_id,
                    consent_id=record.consent_id,
                    decision=decision,
                    scopes=record.scopes,
                    decided_on=day,
                    given_by="本人",
                ),
            )
        target = rng.choice(("jiritsu", "houkatsu-chuo", "kikan-soudan", "hello-work", "kodomo-katei"))
        if rng.random() < 0.25 and target != case.agency:
            referral_id, sent_on = self.new_id(), self.day_between(case.opened_on, last)
            self.add(
                sent_on,
                SendReferral(
                    actor=actor,
                    case_id=case.case_id,
                    referral_id=referral_id,
                    from_agency=case.agency,
                    to_agency=target,
                    reason="専門的支援のため",
                    sent_on=sent_on,
                    via_sheet=rng.random() < 0.7,
                ),
            )
            answered = min(sent_on + timedelta(days=rng.randint(1, 10)), self.today)
            accepted = rng.random() < 0.85
            self.add(
                answered,
                AnswerReferral(
                    actor=actor,
                    case_id=case.case_id,
                    referral_id=referral_id,
                    accepted=accepted,
                    answered_on=answered,
                    note="" if accepted else "対象外のため",
                ),
            )

    def plan_lifecycle(self, case: SimulatedCase) -> None:
        """Status changes, then perhaps closure; plans and placements only while the case is open."""
        rng, actor, day = self.rng, case.coordinator, case.opened_on
        reached: list[tuple[str, date]] = []
        for status in ("assessment", "planning", "in_support", "monitoring")[: rng.choice((0, 1, 2, 3, 3, 4, 4, 4))]:
            day = self.day_between(day + timedelta(days=1), min(day + timedelta(days=60), self.today))
            if day >= self.today:
                break
            reached.append((status, day))
            if status == "in_support":
                continue  # the plan adopted that day moves the case into support (domain decision 2)
            self.add(day, ChangeCaseStatus(actor=actor, case_id=case.case_id, status=status, occurred_on=day))
        if rng.random() < 0.3 and day + timedelta(days=30) < self.today:
            case.closed_on = self.day_between(day + timedelta(days=1), self.today - timedelta(days=1))
            self.add(
                case.closed_on,
                CloseCase(
                    actor=actor,
                    case_id=case.case_id,
                    occurred_on=case.closed_on,
                    note="支援目標を達成",
                    reason=rng.choice(("resolved", "resolved", "transferred", "moved_away")),
                ),
            )
        last_open = case.closed_on - timedelta(days=1) if case.closed_on else self.today
        for status, reached_on in reached:
            if status == "in_support":
                self.plan_support_plan(case, reached_on, last_open)
            if status == "in_support" and rng.random() < 0.25:
                self.plan_placement(case, reached_on, last_open)

    def plan_support_plan(self, case: SimulatedCase, day: date, last_open: date) -> None:
        case.has_plan = True
        actions = (
            PlanAction(description="定期的な訪問と見守り", agency=case.agency),
            PlanAction(description="就労・参加の場へのつなぎ", agency=self.rng.choice(("jiritsu", "shakyo"))),
        )
        self.add(
            day,
            AdoptSupportPlan(
                actor=case.coordinator,
                case_id=case.case_id,
                plan_type="layered",
                goals=("生活の安定", "社会とのつながりの回復"),
                actions=actions,
                review_due_on=day + timedelta(days=90),
                adopted_on=day,
            ),
        )
        review_on = day + timedelta(days=self.rng.randint(80, 100))
        if review_on <= last_open and review_on < self.today and self.rng.random() < 0.6:
            self.add(
                review_on,
                ReviewSupportPlan(
                    actor=case.coordinator,
                    case_id=case.case_id,
                    findings="目標に向けて概ね順調",
                    reviewed_on=review_on,
                    next_review_due_on=review_on + timedelta(days=90),
                ),
            )

    def plan_placement(self, case: SimulatedCase, day: date, last_open: date) -> None:
        entry_id = self.new_id()
        started = self.day_between(day, min(day + timedelta(days=30), last_open))
        self.add(
            started,
            StartPlacement(
                actor=case.coordinator,
                case_id=case.case_id,
                entry_id=entry_id,
                started_on=started,
                agency=case.agency,
                resource_type=self.rng.choice(("place_to_belong", "work_experience", "volunteering", "salon")),
                host_organisation=self.rng.choice(data.HOST_ORGANISATIONS),
            ),
        )
        ended = started + timedelta(days=self.rng.randint(30, 120))
        if ended < self.today and self.rng.random() < 0.5:
            self.add(
                ended,
                EndPlacement(
                    actor=case.coordinator,
                    case_id=case.case_id,
                    entry_id=entry_id,
                    ended_on=ended,
                    outcome=self.rng.choice(("completed", "employed")),
                ),
            )

    # ---- meetings and community ----------------------------------------------

    def plan_meetings(self, fiscal_year: FiscalYear) -> None:
        last = min(fiscal_year.end, self.today - timedelta(days=1))
        volumes = {"support": 6, "layered": 4, "individual_case": 8, "community_care": 5, "liaison": 10}
        for meeting_type, count in volumes.items():
            for _ in range(count):
                held_on = self.day_between(fiscal_year.start, last)
                if held_on <= self.start or held_on >= self.today:
                    continue
                self.plan_meeting(meeting_type, held_on)

    def plan_meeting(self, meeting_type: str, held_on: date) -> None:
        open_cases = [c for c in self.cases if c.opened_on < held_on and (c.closed_on is None or c.closed_on > held_on)]
        if meeting_type == "layered":
            open_cases = [
                c for c in open_cases if consent_in_force(c.consents, ConsentScope.MEETING_DISCUSSION, held_on)
            ]
        wanted = {"support": 2, "layered": 2, "individual_case": 1}.get(meeting_type, 0)
        cases = self.rng.sample(open_cases, k=min(wanted, len(open_cases)))
        if wanted and not cases:
            return
        meeting_id, convenor = self.new_id(), self.actor_for("sato")
        scheduled_on = held_on - timedelta(days=14)
        self.add(
            max(scheduled_on, self.start),
            ScheduleMeeting(
                actor=convenor,
                meeting_id=meeting_id,
                meeting_type=meeting_type,
                title=f"{held_on:%m月}の会議",
                scheduled_on=held_on,
                convenor_agency="fukushi-soudan",
            ),
        )
        attendees = tuple(
            Attendee(agency=a, role="")
            for a in self.rng.sample(
                ("fukushi-soudan", "shakyo", "houkatsu-kita", "jiritsu", "kodomo-katei", "kikan-soudan", "shougai"),
                k=self.rng.randint(3, 6),
            )
        )
        if meeting_type == "liaison" and all(a.agency != "shakyo" for a in attendees):
            attendees += (Attendee(agency="shakyo", role="CSW"),)
        items = tuple(
            ActionItem(
                item_id=self.new_id(),
                description="関係機関で役割分担を確認",
                owner_agency=attendees[0].agency,
                due_on=held_on + timedelta(days=30),
                case_id=c.case_id,
            )
            for c in cases
        )
        self.add(
            held_on,
            RecordMeetingOutcome(
                actor=convenor,
                meeting_id=meeting_id,
                held_on=held_on,
                attendees=attendees,
                discussions=tuple(
                    CaseDiscussion(
                        case_id=c.case_id,
                        outcome="roles_allocated",
                        decisions="支援方針を共有",
                        role_allocation="各機関の役割を確認",
                    )
                    for c in cases
                ),
                action_items=items,
                is_trial=meeting_type == "support" and self.rng.random() < 0.3,
            ),
        )
        for item in items:
            done_on = item.due_on - timedelta(days=self.rng.randint(0, 20))
            if done_on < self.today and self.rng.random() < 0.7:
                self.add(
                    done_on,
                    CompleteActionItem(actor=convenor, meeting_id=meeting_id, item_id=item.item_id, done_on=done_on),
                )

    def plan_community_activities(self, fiscal_year: FiscalYear) -> None:
        last = min(fiscal_year.end, self.today - timedelta(days=1))
        if last < fiscal_year.start:
            return
        csw = self.actor_for("suzuki")
        kinds = (
            ("consultation_session", 14, "福祉に関する相談会"),
            ("liaison_meeting_attendance", 40, "関係機関連携会議"),
            ("training", 13, "つなぐシート説明会"),
            ("community_meeting", 8, "福祉のまちづくり委員会"),
        )
        for kind, count, title in kinds:
            for _ in range(count):
                day = self.day_between(fiscal_year.start, last)
                self.add(
                    day,
                    RecordCommunityActivity(
                        actor=csw,
                        activity_id=self.new_id(),
                        kind=kind,
                        occurred_on=day,
                        agency="shakyo",
                        title=title,
                        area=self.rng.choice(data.DISTRICTS)[0],
                        participants=self.rng.randint(5, 40),
                        contacts=self.rng.randint(0, 12) if kind == "consultation_session" else 0,
                        audience=self.rng.choice(("internal", "external")) if kind == "training" else "",
                    ),
                )
        for code, _name in data.DISTRICTS:
            day = self.day_between(fiscal_year.start, last)
            self.add(
                day,
                RecordCommunityActivity(
                    actor=csw,
                    activity_id=self.new_id(),
                    kind="area_assessment",
                    occurred_on=day,
                    agency="shakyo",
                    title="地域アセスメント",
                    area=code,
                ),
            )


def demo_commands(*, seed: int, today: date, households: int = 300, with_master_data: bool = True) -> list[Command]:
    """The demo municipality's history as commands, oldest first (pure: no store involved).

    ``with_master_data=False`` leaves out the registrations of the example set-up file, for callers that load it
    with ``load_setup`` first, as ``kasane setup load`` does (the demo and a real municipality start the same way).
    """
    return DemoCity(seed, today, households).plan(with_master_data=with_master_data)


def load_demo(app: Kasane, *, seed: int = 1, households: int = 300) -> int:
    """Record the demo history into ``app``'s store; returns the number of commands run (the set-up load counts one)."""
    load_setup(app, data.SETUP, actor=SYSTEM)
    commands = demo_commands(seed=seed, today=app.today(), households=households, with_master_data=False)
    for command in commands:
        app.execute(command)
    return len(commands) + 1
