"""Every code the domain stores, every error it raises and every screen text has Japanese and English."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from domain import errors
from domain.activity import Channel, HandlerRole, PlacementOutcome, RequesterType, ResourceType, VisitKind
from domain.actor import Role
from domain.agency import AgencyType
from domain.area import AreaKind
from domain.case import Case
from domain.consent import ConsentDecision, ConsentScope
from domain.household import MemberFlag, Relationship
from domain.issue_tags import IssueTag
from domain.lifecycle import CaseStatus, ClosureReason
from domain.meeting import DiscussionOutcome
from domain.meeting_type import STANDARD_MEETING_TYPES, MeetingLevel
from domain.referral import ReferralState
from domain.support_plan import PlanType
from web.i18n.language import Translator, choose_language
from web.i18n.messages import ERRORS, UI
from web.i18n.vocabulary import VOCABULARY

CODES: dict[str, type[StrEnum]] = {
    "status": CaseStatus,
    "closure_reason": ClosureReason,
    "channel": Channel,
    "requester_type": RequesterType,
    "handler_role": HandlerRole,
    "visit_kind": VisitKind,
    "resource_type": ResourceType,
    "placement_outcome": PlacementOutcome,
    "role": Role,
    "issue_tag": IssueTag,
    "consent_decision": ConsentDecision,
    "consent_scope": ConsentScope,
    "referral_state": ReferralState,
    "plan_type": PlanType,
    "relationship": Relationship,
    "member_flag": MemberFlag,
    "agency_type": AgencyType,
    "area_kind": AreaKind,
    "meeting_level": MeetingLevel,
    "discussion_outcome": DiscussionOutcome,
}
TEMPLATES = Path(__file__).parents[2] / "web" / "templates"


@pytest.mark.parametrize("kind", list(CODES))
def test_every_code_of_every_enumeration_has_a_japanese_and_an_english_label(kind: str) -> None:
    missing = {c.value for c in CODES[kind]} - set(VOCABULARY[kind])
    assert not missing, f"{kind}: {missing}"
    for code in CODES[kind]:
        assert Translator("ja").label(kind, code) != Translator("en").label(kind, code) or code == "dv"


def test_every_case_event_and_standard_meeting_type_has_a_label() -> None:
    events = {name for name, value in vars(Case).items() if isinstance(value, type) and issubclass(value, Case.Event)}
    assert events - {"Event", "Created"} <= set(VOCABULARY["event"]), events - set(VOCABULARY["event"])
    assert {m["code"] for m in STANDARD_MEETING_TYPES} <= set(VOCABULARY["meeting_type"])


def test_every_domain_error_code_has_a_message() -> None:
    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KasaneError)}
    assert codes - {"kasane_error", "configuration_error"} <= {code for code, _ in ERRORS}


def test_every_screen_text_a_template_asks_for_exists() -> None:
    asked = {
        key
        for path in TEMPLATES.rglob("*.html")
        for key in re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8"))
    }
    assert asked - set(UI) == set()


def test_an_error_message_falls_back_from_field_to_code() -> None:
    t = Translator("ja")
    assert t.error("date_in_future", "birth_date") == "生年月日が未来の日付です。"
    assert t.error("date_in_future", "sent_on") == "未来の日付は入力できません。"
    assert Translator("en").error("something_new", None) == "Please check this value."


def test_numbered_member_fields_read_as_their_row() -> None:
    assert Translator("ja").field("members-1-birth_date") == "世帯員 2：生年月日"


def test_screen_text_escapes_its_parameters() -> None:
    assert str(Translator("ja")("unknown_user", user="<b>")) == "利用者「&lt;b&gt;」は登録されていません。"


@pytest.mark.parametrize(
    "query, cookie, chosen",
    [
        (None, None, "ja"),
        ("en", None, "en"),
        (None, "en", "en"),
        ("ja", "en", "ja"),
        ("fr", None, "ja"),
    ],
)
def test_the_language_is_the_query_then_the_cookie_then_japanese(
    query: str | None, cookie: str | None, chosen: str
) -> None:
    assert choose_language(query, cookie) == chosen
