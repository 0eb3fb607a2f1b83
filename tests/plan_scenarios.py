"""A small city with a plan to report on (FY2023 = 令和5年度), told through the commands users call.

Every id is derived from a name, so the same story gives the same events on
any store (only the write timestamps differ).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.commands import AdoptSupportPlan, CorrectCaseEntry, RecordConsultation, VoidCaseEntry
from domain.community_commands import RecordCommunityActivity
from domain.household import Member
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import Attendee, CaseDiscussion
from domain.plan_commands import LoadPlan
from domain.support_plan import PlanAction
from domain.use_cases import Recorded
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, COORDINATOR, CSW, given_open_case, given_standard_setup

PLAN_CODE = "komae-check"
PLAN = """
code = "komae-check"
name = "狛江市重層的支援体制整備事業実施計画（検証用）"
period = { from = 2022, to = 2026 }

[[measures]]
code = "3"
name = "情報共有システムの構築"

[[measures.programmes]]
code = "3-2"
name = "緊急案件情報共有システムの調査研究"
department = "福祉政策課"

[[measures.programmes.indicators]]
code = "M3"
name_ja = "緊急案件情報共有システムの検討状況"
unit = "status"
statuses = ["未着手", "調査研究", "導入検討", "導入"]
targets = { 2023 = "調査研究" }
manual = true

[[measures]]
code = "4"
name = "包括的相談支援事業の実施"

[[measures.programmes]]
code = "4-1"
name = "福祉相談課の相談支援"
department = "福祉相談課"

[[measures.programmes.indicators]]
code = "C-TOTAL"
name_ja = "福祉相談課の相談件数"
unit = "件"
direction = "increase"
counting = "total"
targets = { 2023 = 3 }
rule = { events = ["case.consultation"], agency = "fukushi-soudan" }

[[measures.programmes.indicators]]
code = "C-DISTINCT"
name_ja = "福祉相談課に相談した実世帯数"
unit = "世帯"
direction = "increase"
counting = "distinct"
targets = { 2023 = 2 }
rule = { events = ["case.consultation"], agency = "fukushi-soudan" }

[[measures.programmes.indicators]]
code = "C-NEW"
name_ja = "福祉相談課に新たに相談した世帯数"
unit = "世帯"
direction = "increase"
counting = "new"
targets = { 2023 = 1 }
rule = { events = ["case.consultation"], agency = "fukushi-soudan" }

[[measures.programmes.indicators]]
code = "C-CY"
name_ja = "福祉相談課の相談件数（年中）"
unit = "件"
direction = "increase"
counting = "total"
period = "calendar_year"
rule = { events = ["case.consultation"], agency = "fukushi-soudan" }

[[measures]]
code = "6"
name = "多機関協働事業の実施"

[[measures.programmes]]
code = "6-1"
name = "プランの作成等"
department = "福祉相談課"

[[measures.programmes.indicators]]
code = "K6-1"
name_ja = "重層的支援プラン作成件数"
unit = "件"
direction = "increase"
counting = "total"
targets = { 2023 = 1 }
rule = { events = ["case.plan_made"], plan_type = "layered" }

[[measures.programmes]]
code = "6-2"
name = "支援会議"
department = "福祉政策課"

[[measures.programmes.indicators]]
code = "K6-2"
name_ja = "支援会議の開催回数"
unit = "回"
direction = "increase"
counting = "total"
targets = { 2023 = 3 }
rule = { events = ["meeting.held"], meeting_type = "support" }

[[measures.programmes]]
code = "6-3"
name = "重層的支援会議"
department = "福祉政策課"

[[measures.programmes.indicators]]
code = "K6-3"
name_ja = "重層的支援会議の開催回数"
unit = "回"
direction = "increase"
counting = "total"
targets = { 2023 = 1 }
rule = { events = ["meeting.held"], meeting_type = "layered" }

[[measures]]
code = "7"
name = "アウトリーチ等事業の実施"

[[measures.programmes]]
code = "7-1"
name = "CSWによる支援"
department = "福祉政策課"

[[measures.programmes.indicators]]
code = "A02"
name_ja = "社協の連携会議への参加回数"
unit = "回"
direction = "increase"
counting = "total"
targets = { 2023 = 3 }
rule = { events = ["meeting.attendance", "community.liaison_meeting_attendance"], agency = "shakyo" }
"""


@dataclass(frozen=True)
class Counted:
    """One counted indicator of a small checking plan, with the measure and programme it sits under."""

    measure: tuple[str, str]
    """The measure's code and name."""
    programme: tuple[str, str, str]
    """The programme's code, name and department."""
    code: str
    name: str
    rule: str | None
    """The counting rule as the plan file writes it, e.g. ``{ events = ["case.consultation"] }``; None for an
    indicator whose figures are entered by hand (``manual = true``)."""
    target: int
    unit: str = "件"
    year: int = 2026


def checking_plan(code: str, name: str, *indicators: Counted, period: tuple[int, int] = (2025, 2027)) -> str:
    """The plan file (TOML) of a small plan that tests and browser journeys check the planner's figures against."""
    lines = [f'code = "{code}"', f'name = "{name}"', f"period = {{ from = {period[0]}, to = {period[1]} }}"]
    measure: tuple[str, str] | None = None
    programme: tuple[str, str, str] | None = None
    for indicator in indicators:
        if indicator.measure != measure:
            measure, programme = indicator.measure, None
            lines += ["", "[[measures]]", f'code = "{measure[0]}"', f'name = "{measure[1]}"']
        if indicator.programme != programme:
            programme = indicator.programme
            lines += ["", "[[measures.programmes]]", f'code = "{programme[0]}"', f'name = "{programme[1]}"']
            lines.append(f'department = "{programme[2]}"')
        lines += [
            "",
            "[[measures.programmes.indicators]]",
            f'code = "{indicator.code}"',
            f'name_ja = "{indicator.name}"',
            f'unit = "{indicator.unit}"',
            'direction = "increase"',
            *(['counting = "total"'] if indicator.rule else []),
            f"targets = {{ {indicator.year} = {indicator.target} }}",
            f"rule = {indicator.rule}" if indicator.rule else "manual = true",
        ]
    return "\n".join(lines) + "\n"


CONSULTATION_SUPPORT = ("4", "包括的相談支援事業の実施")
MULTI_AGENCY_WORK = ("6", "多機関協働事業の実施")
CONSULTATIONS_AT_FUKUSHI_SOUDAN = '{ events = ["case.consultation"], agency = "fukushi-soudan" }'
LAYERED_PLANS_MADE = '{ events = ["case.plan_made"], plan_type = "layered" }'


def fixed_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"kasane-test:{name}")


def given_city_with_plan(app: Kasane) -> None:
    given_standard_setup(app)
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2023, 4, 1)))


def household(app: Kasane, name: str, opened_on: date, **overrides: object) -> UUID:
    """A household opened at the 福祉相談課 (the opening itself is not a consultation)."""
    member = Member(
        member_id=fixed_id(f"{name}/principal"),
        name=f"{name} 一郎",
        kana="イチロウ",
        birth_date=date(1960, 5, 5),
        relationship="principal",
        flags=(),
    )
    return given_open_case(
        app, case_id=fixed_id(name), opened_on=opened_on, household_name=name, members=(member,), **overrides
    )


def consult(app: Kasane, case_id: UUID, on: date, entry: str, *, agency: str = "fukushi-soudan") -> Recorded:
    return app.execute(
        RecordConsultation(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=fixed_id(entry),
            occurred_on=on,
            agency=agency,
            channel="window",
            handler_role="consultation_staff",
            requester_type="self",
            is_new=False,
            issue_tags=("poverty",),
            summary="生活費の相談",
        )
    )


def void(app: Kasane, case_id: UUID, entry: str, on: date) -> Recorded:
    return app.execute(
        VoidCaseEntry(
            actor=COORDINATOR, case_id=case_id, entry_id=fixed_id(entry), reason="別世帯の記録を誤入力", occurred_on=on
        )
    )


def correct(app: Kasane, case_id: UUID, entry: str, on: date, **changes: object) -> Recorded:
    return app.execute(
        CorrectCaseEntry(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=fixed_id(entry),
            changes=changes,
            reason="記録内容の訂正",
            occurred_on=on,
        )
    )


def adopt_plan(app: Kasane, case_id: UUID, on: date) -> Recorded:
    return app.execute(
        AdoptSupportPlan(
            actor=COORDINATOR,
            case_id=case_id,
            plan_type="layered",
            goals=("家計の立て直し",),
            actions=(PlanAction(description="家計改善支援", agency="jiritsu"),),
            review_due_on=on + timedelta(days=90),
            adopted_on=on,
        )
    )


def meeting(
    app: Kasane,
    name: str,
    meeting_type: str,
    held_on: date,
    cases: tuple[UUID, ...],
    attendees: tuple[str, ...] = ("fukushi-soudan", "shakyo"),
) -> Recorded:
    """A meeting scheduled and held on ``held_on``, taking up ``cases``."""
    meeting_id = fixed_id(name)
    app.execute(
        ScheduleMeeting(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            meeting_type=meeting_type,
            title=f"{held_on:%m月}の会議",
            scheduled_on=held_on,
            convenor_agency="fukushi-soudan",
        )
    )
    return app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=held_on,
            attendees=tuple(Attendee(agency=a, role="") for a in attendees),
            discussions=tuple(CaseDiscussion(case_id=c, outcome="roles_allocated") for c in cases),
        )
    )


def liaison(app: Kasane, name: str, on: date) -> Recorded:
    return app.execute(
        RecordCommunityActivity(
            actor=CSW,
            activity_id=fixed_id(name),
            kind="liaison_meeting_attendance",
            occurred_on=on,
            agency="shakyo",
            title="関係機関連携会議",
            area="kita",
        )
    )


@contextmanager
def reading(read_models: ReadModels) -> Iterator[Connection]:
    """The read models caught up, and a connection to them."""
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        yield connection
