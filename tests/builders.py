"""Realistic Japanese test data, built through the same commands users call."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.application import Kasane
from domain.commands import OpenCase, RecordConsent
from domain.household import Member
from domain.master_data_commands import (
    RegisterAgency,
    RegisterArea,
    RegisterAudience,
    RegisterMeetingType,
    RegisterUser,
)
from domain.meeting_commands import ScheduleMeeting
from domain.meeting_record import Attendee
from domain.meeting_type import STANDARD_MEETING_TYPES

TODAY = date(2026, 11, 20)
"""The fixed 'today' of every test application (a Friday in FY2026 / 令和8年度)."""

COORDINATOR = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")
CSW = Actor(user_id="suzuki", role="coordinator", agency_id="shakyo")
ADMIN = Actor(user_id="admin", role="admin", agency_id="fukushi-seisaku")

AGENCIES = (
    ("fukushi-soudan", "福祉相談課", "city_department"),
    ("fukushi-seisaku", "福祉政策課", "city_department"),
    ("kodomo-katei", "子ども家庭支援センター", "centre"),
    ("houkatsu-kita", "北部地域包括支援センター", "centre"),
    ("shakyo", "社会福祉協議会", "shakyo"),
    ("jiritsu", "自立相談支援機関", "centre"),
    ("hello-work", "ハローワーク", "external_public"),
)


AUDIENCES = (("jumin", "地域住民"), ("chonai-shokuin", "庁内職員"), ("minsei-iin", "民生委員・児童委員"))
"""Who trainings and courses are for (対象者)."""


def given_standard_setup(app: Kasane) -> None:
    """Agencies, areas, users, the standard meeting types and the audiences of a small city."""
    for code, name, agency_type in AGENCIES:
        app.execute(RegisterAgency(actor=ADMIN, code=code, name=name, agency_type=agency_type))
    for code, name in (("kita", "北部圏域"), ("minami", "南部圏域"), ("chuo", "中部圏域")):
        app.execute(RegisterArea(actor=ADMIN, code=code, name=name, area_kind="daily_life_area"))
    app.execute(
        RegisterUser(actor=ADMIN, username="sato", name="佐藤 花子", role="coordinator", agency="fukushi-soudan")
    )
    app.execute(RegisterUser(actor=ADMIN, username="suzuki", name="鈴木 一郎", role="coordinator", agency="shakyo"))
    for meeting_type in STANDARD_MEETING_TYPES:
        app.execute(RegisterMeetingType(actor=ADMIN, **meeting_type))  # type: ignore[arg-type]
    for code, name in AUDIENCES:
        app.execute(RegisterAudience(actor=ADMIN, code=code, name=name))


def a_member(
    name: str = "山田 太郎",
    *,
    relationship: str = "principal",
    born: date | None = date(1958, 4, 2),
    flags: tuple[str, ...] = (),
) -> Member:
    return Member(
        member_id=uuid.uuid4(), name=name, kana="ヤマダ タロウ", birth_date=born, relationship=relationship, flags=flags
    )


def given_open_case(app: Kasane, *, opened_on: date = date(2026, 5, 11), **overrides: object) -> UUID:
    """A household with an elderly father and a son withdrawn at home (8050 problem)."""
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=uuid.uuid4(),
        opened_on=opened_on,
        household_name="山田家",
        members=(a_member(), a_member("山田 健", relationship="child", born=date(1985, 9, 30))),
        issue_tags=("elderly", "hikikomori"),
        area="kita",
        intake_agency="fukushi-soudan",
        lead_agency="fukushi-soudan",
        coordinator="sato",
        channel="window",
        requester_type="family",
        summary="父の介護と長男のひきこもりについて長女から相談",
    )
    fields.update(overrides)
    command = OpenCase(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.case_id


def given_consent(
    app: Kasane,
    case_id: UUID,
    *,
    on: date,
    decision: str = "given",
    scopes: tuple[str, ...] = ("meeting_discussion", "information_sharing"),
) -> None:
    app.execute(
        RecordConsent(
            actor=COORDINATOR,
            case_id=case_id,
            consent_id=uuid.uuid4(),
            decision=decision,
            scopes=scopes,
            decided_on=on,
            given_by="本人",
        )
    )


def given_meeting(
    app: Kasane,
    *,
    meeting_type: str = "layered",
    scheduled_on: date = date(2026, 11, 10),
    planned_case_ids: tuple[UUID, ...] = (),
    **sitting: str,
) -> UUID:
    """A meeting convened by the 福祉相談課 (as the 相談支援包括化推進員 would).

    ``sitting``: its time, place and recorder (``starts_at``, ``ends_at``, ``place``, ``recorder``)."""
    command = ScheduleMeeting(
        actor=COORDINATOR,
        meeting_id=uuid.uuid4(),
        meeting_type=meeting_type,
        title="11月 定例会議",
        scheduled_on=scheduled_on,
        convenor_agency="fukushi-soudan",
        planned_case_ids=planned_case_ids,
        **sitting,
    )
    app.execute(command)
    return command.meeting_id


def attendees(*agencies: str) -> tuple[Attendee, ...]:
    roles = {"fukushi-soudan": "相談支援包括化推進員", "shakyo": "CSW"}
    return tuple(Attendee(agency=a, role=roles.get(a, "")) for a in agencies or ("fukushi-soudan", "shakyo"))
