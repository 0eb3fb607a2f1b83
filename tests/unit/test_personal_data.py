"""Which fields are personal, how read-model copies are blanked, and when a closed case is due for erasure."""

from __future__ import annotations

import uuid
from datetime import date

from domain.case import Case
from domain.erasure import erasure_due_on
from domain.household import Member
from domain.meeting import SupportMeeting
from domain.meeting_record import ActionItem, CaseDiscussion
from domain.personal_data import ERASED, PERSONAL_FIELDS, Personal, _sealed, redact


def test_a_household_opening_blanks_names_kana_birth_dates_and_notes_but_keeps_codes() -> None:
    payload = {
        "household_name": "山田家",
        "summary": "長女から相談",
        "area": "kita",
        "channel": "window",
        "members": [
            {
                "name": "山田 太郎",
                "kana": "ヤマダ タロウ",
                "birth_date": "1958-04-02",
                "relationship": "principal",
                "member_id": "m1",
            }
        ],
    }
    assert redact(Case.Opened, payload) == {
        "household_name": ERASED,
        "summary": ERASED,
        "area": "kita",
        "channel": "window",
        "members": [
            {"name": ERASED, "kana": ERASED, "birth_date": None, "relationship": "principal", "member_id": "m1"}
        ],
    }
    assert payload["household_name"] == "山田家"  # the original is not changed


def test_empty_texts_stay_empty_and_events_without_personal_fields_are_untouched() -> None:
    assert redact(Case.Closed, {"reason": "resolved", "note": ""}) == {"reason": "resolved", "note": ""}
    assert redact(Case.AreaChanged, {"area": "kita"}) == {"area": "kita"}
    assert Case.PersonalDataErased not in PERSONAL_FIELDS  # the erasure reason is kept readable


def test_a_case_event_seals_its_values_with_the_case_and_keeps_the_rest() -> None:
    case_id = uuid.uuid4()
    member = Member(
        member_id=uuid.uuid4(), name="高橋 美咲", kana="", birth_date=date(1937, 2, 13), relationship="principal"
    )
    state = _sealed({"member": member, "occurred_on": date(2023, 5, 1)}, PERSONAL_FIELDS[Case.MemberAdded], case_id)
    sealed = state["member"]
    assert sealed.name == Personal(case_id, "高橋 美咲")
    assert sealed.birth_date == Personal(case_id, date(1937, 2, 13))
    assert sealed.kana == "" and sealed.relationship == "principal"
    assert state["occurred_on"] == date(2023, 5, 1) and member.name == "高橋 美咲"


def test_a_meeting_seals_each_discussion_and_case_action_item_with_that_cases_key() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    state = {
        "summary": "2世帯を検討",
        "discussions": (
            CaseDiscussion(case_id=first, outcome="roles_allocated", decisions="方針A"),
            CaseDiscussion(case_id=second, outcome="continued", decisions="方針B"),
        ),
        "action_items": (
            ActionItem(item_id=uuid.uuid4(), description="様式改訂", owner_agency="shakyo", due_on=date(2023, 8, 1)),
            ActionItem(
                item_id=uuid.uuid4(),
                description="同行訪問",
                owner_agency="shakyo",
                due_on=date(2023, 8, 1),
                case_id=second,
            ),
        ),
    }
    sealed = _sealed(state, PERSONAL_FIELDS[SupportMeeting.Held], None)
    assert [d.decisions for d in sealed["discussions"]] == [Personal(first, "方針A"), Personal(second, "方針B")]
    assert [i.description for i in sealed["action_items"]] == ["様式改訂", Personal(second, "同行訪問")]
    assert sealed["summary"] == "2世帯を検討"  # meeting-level text: decided not personal


def test_retention_ends_the_same_day_years_later_and_a_leap_day_falls_back() -> None:
    assert erasure_due_on(date(2023, 9, 29), 5) == date(2028, 9, 29)
    assert erasure_due_on(date(2024, 2, 29), 5) == date(2029, 2, 28)
