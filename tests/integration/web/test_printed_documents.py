"""Printed documents (issue 15): the minutes, the case record, the referral sheet and the support plan, each as a
print view and as a PDF rendered on the server, read back with pypdf; scoped and audited like their pages."""

from __future__ import annotations

import inspect
import io

import pytest
from fastapi.routing import iter_route_contexts
from pypdf import PdfReader

from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN
from tests.integration.web.conftest import Web
from tests.printing_story import Story, the_yamada_household


@pytest.fixture
def story(web: Web) -> Story:
    return web.seeded(the_yamada_household)


def pdf_text(web: Web, url: str) -> str:
    """The PDF's text with the layout's line breaks and spaces taken out."""
    answer = web.client.get(url)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    return "".join(text.split())


def documents(s: Story) -> dict[str, str]:
    """Each document's print view (its PDF is the same path + ``.pdf``, and under /api)."""
    return {
        "minutes": f"/meetings/{s.support}/print",
        "case_record": f"/cases/{s.case_id}/record/print",
        "referral_sheet": f"/cases/{s.case_id}/referrals/{s.referral_id}/print",
        "support_plan": f"/cases/{s.case_id}/plans/1/print",
    }


def test_support_meeting_minutes_carry_the_confidentiality_notice_and_what_was_decided(web: Web, story: Story) -> None:
    text = pdf_text(web, f"/meetings/{story.support}/print.pdf")
    for fact in (
        "支援会議議事録",
        "社会福祉法第106条の6",
        "令和8年11月10日",
        "14:00〜15:30",
        "市役所第2会議室",
        "福祉相談課",
        "社会福祉協議会",
        "CSW",
        "山田家",
        "支援方針を共有",
        "社協:訪問/福祉相談課:全体調整",
        "長男への同行訪問",
        "令和8年12月1日",
    ):
        assert fact in text, (fact, text)
    assert "同意の根拠" not in text


def test_layered_meeting_minutes_show_the_consent_each_case_was_taken_up_on(web: Web, story: Story) -> None:
    text = pdf_text(web, f"/meetings/{story.layered}/print.pdf")
    assert "重層的支援会議議事録" in text and "令和8年11月12日" in text
    assert "同意の根拠" in text and "令和8年5月20日" in text and "本人同意" in text
    assert "106条の6" not in text


def test_case_record_holds_household_issues_consent_status_plan_and_timeline(web: Web, story: Story) -> None:
    text = pdf_text(web, f"/cases/{story.case_id}/record/print.pdf")
    for fact in (
        "ケース記録票",
        "山田家",
        "山田太郎",
        "山田健",
        "ヤマダタロウ",
        "ひきこもり",
        "同意の経過",
        "令和8年5月20日",
        "ステータスの経過",
        "令和8年5月11日",
        "父が介護サービスを利用できる",
        "父の介護と長男のひきこもりについて長女から相談",
        "佐藤花子",
    ):
        assert fact in text, (fact, text)


def test_referral_sheet_says_from_whom_to_whom_why_and_the_answer(web: Web, story: Story) -> None:
    text = pdf_text(web, f"/cases/{story.case_id}/referrals/{story.referral_id}/print.pdf")
    for fact in ("つなぐシート", "令和8年5月25日", "福祉相談課", "自立相談支援機関", "就労に向けた相談", "山田健"):
        assert fact in text, (fact, text)
    assert "情報共有の同意" in text and "令和8年5月20日（2026-05-20）本人同意" in text


def test_support_plan_prints_its_version_goals_and_signature_box(web: Web, story: Story) -> None:
    text = pdf_text(web, f"/cases/{story.case_id}/plans/1/print.pdf")
    for fact in (
        "支援プラン兼利用申込書",
        "第1版",
        "令和8年6月1日",
        "長男が週1回外出できる",
        "北包括田中",
        "氏名（署名）",
    ):
        assert fact in text, (fact, text)


def test_the_api_serves_the_same_pdfs(web: Web, story: Story) -> None:
    for name, url in documents(story).items():
        assert "山田家" in pdf_text(web, f"/api{url}.pdf"), name


def test_print_views_are_a4_documents_without_navigation_with_a_pdf_link(web: Web, story: Story) -> None:
    for name, url in documents(story).items():
        page = web.client.get(url)
        assert page.status_code == 200, name
        assert "/static/print.css" in page.text and "site-header" not in page.text and "<nav" not in page.text
        assert f'href="http://testserver{url}.pdf"' in page.text, name


def test_every_print_is_audited_as_print_naming_the_document_by_ids(web: Web, story: Story) -> None:
    for url in documents(story).values():
        assert web.client.get(url).status_code == 200
        assert web.client.get(f"{url}.pdf").status_code == 200
    printed = [a.path for a in web.api.state.audit.accesses(case_id=str(story.case_id)) if a.action == "print"]
    assert printed == [path for url in documents(story).values() for path in (url, f"{url}.pdf")]


def test_another_agencys_reader_gets_404_and_nothing_is_audited_as_shown(web: Web, story: Story) -> None:
    web.login("ono")
    for url in documents(story).values():
        for path in (url, f"{url}.pdf", f"/api{url}.pdf"):
            answer = web.client.get(path)
            assert answer.status_code == 404, path
            assert "山田" not in answer.text
    accesses = web.api.state.audit.accesses(username="ono")
    assert accesses and {a.action for a in accesses if a.path != "/api/session"} <= {"denied", "login"}


def test_a_case_reader_who_did_not_attend_the_support_meeting_cannot_print_its_minutes(web: Web, story: Story) -> None:
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="mori", name="森 三郎", role="coordinator", agency="jiritsu")
        )
    )
    web.login("mori")
    assert web.client.get(f"/cases/{story.case_id}/record/print").status_code == 200
    assert web.client.get(f"/meetings/{story.support}/print.pdf").status_code == 404
    record = web.client.get(f"/cases/{story.case_id}/record/print").text
    assert "支援方針を共有" not in record and "社協: 訪問" not in record


def test_a_referral_the_case_does_not_have_is_404(web: Web, story: Story) -> None:
    answer = web.client.get(f"/cases/{story.case_id}/referrals/{story.support}/print.pdf")
    assert answer.status_code == 404


def test_pdf_routes_are_sync_so_the_layout_runs_in_the_thread_pool_not_on_the_event_loop(web: Web) -> None:
    printing = [r for r in iter_route_contexts(web.api.routes) if r.path and r.path.endswith(("/print", "/print.pdf"))]
    assert len(printing) == 12
    assert not any(inspect.iscoroutinefunction(route.endpoint) for route in printing)


def test_the_print_view_speaks_english_when_asked(web: Web, story: Story) -> None:
    page = web.client.get(f"/meetings/{story.support}/print", params={"lang": "en"}).text
    assert "Minutes" in page and "Article 106-6 of the Social Welfare Act" in page and "2026-11-10" in page
