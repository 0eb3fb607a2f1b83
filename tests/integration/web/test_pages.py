"""Every screen over HTTP: whole pages, htmx fragments, the acting user and the language."""

from __future__ import annotations

import uuid
from datetime import date

from domain.application import Kasane
from domain.commands import CloseCase
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from tests.builders import COORDINATOR, attendees, given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.scenarios import consult, correct, void

FORM_SLUGS = (
    "consultations",
    "outreach-visits",
    "referrals",
    "referral-answers",
    "placements",
    "consents",
    "status",
    "closure",
    "reopening",
)


def test_every_screen_renders_for_a_coordinator(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    pages = [
        ("/", "担当ケース"),
        ("/cases", "ケース一覧"),
        ("/cases?status=intake&area=kita&issue_tag=hikikomori&include_closed=false", "山田家"),
        ("/cases/new", "新規受付"),
        (f"/cases/{case_id}", "経過記録"),
        (f"/cases/{case_id}/summary", "概要"),
        (f"/cases/{case_id}/timeline", "相談受付（ケース開始）"),
        *((f"/cases/{case_id}/{slug}", "山田家") for slug in FORM_SLUGS),
        ("/caseload", "担当状況"),
        ("/meetings", "この期間の会議はありません"),
        ("/plans", "計画・指標"),
    ]
    for url, expected in pages:
        response = web.client.get(url)
        assert response.status_code == 200, url
        assert "<html" in response.text and expected in response.text, url


def test_htmx_gets_the_fragment_alone_from_the_same_route(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    fragments = [
        (f"/cases/{case_id}/summary", 'id="case-summary"'),
        (f"/cases/{case_id}/timeline", 'id="case-timeline"'),
        *((f"/cases/{case_id}/{slug}", f'id="form-{slug}"') for slug in FORM_SLUGS),
        ("/cases", 'id="case-table"'),
        ("/", 'id="case-table"'),
        ("/cases/new", 'id="form-intake"'),
    ]
    for url, marker in fragments:
        response = web.client.get(url, headers=HTMX)
        assert response.status_code == 200, url
        assert marker in response.text and "<html" not in response.text, url


def test_a_missing_case_or_page_is_a_404_page(web: Web) -> None:
    for url in (
        f"/cases/{uuid.uuid4()}",
        "/cases/not-an-id",
        f"/cases/{uuid.uuid4()}/timeline",
        f"/cases/{uuid.uuid4()}/consultations",
        f"/cases/{uuid.uuid4()}/no-such-form",
        "/no-such-page",
    ):
        response = web.client.get(url)
        assert response.status_code == 404, url
        assert "見つかりません" in response.text, url


def test_my_cases_lists_the_acting_coordinators_open_cases_only(web: Web) -> None:
    web.seeded(lambda app: given_open_case(app, household_name="山田家"))
    web.seeded(lambda app: given_open_case(app, household_name="鈴木家", coordinator="suzuki"))
    closed = web.seeded(lambda app: given_open_case(app, household_name="田中家"))
    web.seeded(
        lambda app: app.execute(
            CloseCase(actor=COORDINATOR, case_id=closed, reason="resolved", occurred_on=date(2026, 11, 1))
        )
    )
    mine = web.client.get("/").text
    assert "山田家" in mine and "鈴木家" not in mine and "田中家" not in mine
    theirs = web.login("suzuki").client.get("/").text
    assert "鈴木家" in theirs and "山田家" not in theirs


def test_the_header_shows_who_is_logged_in(web: Web) -> None:
    assert "佐藤 花子" in web.client.get("/").text.split("acting-as")[1][:200]
    assert "木村 直子" in web.login("kimura").client.get("/cases").text.split("acting-as")[1][:200]


def test_english_is_chosen_by_query_and_remembered(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    english = web.client.get(f"/cases/{case_id}?lang=en").text
    assert 'lang="en"' in english and "Timeline" in english and "Intake" in english and "2026-05-11" in english
    assert "Timeline" in web.client.get(f"/cases/{case_id}").text
    assert "経過記録" in web.client.get(f"/cases/{case_id}?lang=ja").text


def test_dates_read_in_reiwa_and_iso(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    page = web.client.get(f"/cases/{case_id}").text
    assert '<time datetime="2026-05-11">令和8年5月11日' in page and "（2026-05-11）" in page


def test_the_timeline_shows_who_did_what_when_with_corrections_and_voids(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    mistaken = web.seeded(lambda app: consult(app, case_id, date(2026, 6, 1)))
    wrong_agency = web.seeded(lambda app: consult(app, case_id, date(2026, 6, 2)))
    web.seeded(lambda app: void(app, case_id, mistaken, date(2026, 6, 3)))
    web.seeded(lambda app: correct(app, case_id, wrong_agency, date(2026, 6, 4), agency="shakyo"))
    timeline = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text
    assert timeline.count("is-voided") == 1 and timeline.count("is-corrected") == 1
    assert "記録の取消" in timeline and "記録の訂正" in timeline
    assert "佐藤 花子（福祉相談課）" in timeline


def test_the_caseload_counts_open_cases_and_links_each_count_to_the_filtered_list(web: Web) -> None:
    web.seeded(lambda app: given_open_case(app, household_name="山田家"))
    web.seeded(lambda app: given_open_case(app, household_name="鈴木家", coordinator="suzuki", area="minami"))
    page = web.login("kimura").client.get("/caseload").text
    assert "/cases?coordinator=suzuki&amp;include_closed=false" in page
    assert "/cases?issue_tag=hikikomori&amp;include_closed=false" in page
    drilled = web.client.get("/cases?coordinator=suzuki&include_closed=false").text
    assert "鈴木家" in drilled and "山田家" not in drilled


def test_a_support_meeting_shows_on_the_timeline_without_its_restricted_record(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: given_consent(app, case_id, on=date(2026, 10, 1)))
    for meeting_type in ("support", "layered"):
        meeting_id = web.seeded(given_meeting, meeting_type=meeting_type, planned_case_ids=(case_id,))
        web.seeded(
            Kasane.execute,
            RecordMeetingOutcome(
                actor=COORDINATOR,
                meeting_id=meeting_id,
                held_on=date(2026, 11, 10),
                attendees=attendees(),
                discussions=(CaseDiscussion(case_id=case_id, outcome="roles_allocated"),),
            ),
        )
    timeline = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text
    assert timeline.count("会議で検討") == 2
    assert "支援会議の記録は出席した機関だけが閲覧できます" in timeline
    assert timeline.count("役割分担") == 1, "only the layered meeting's outcome is shown"
