"""The coordinators' steps of the day journey (``test_a_municipality_runs_a_day``) with the 山田家 household: intake,
the first entries, the 重層的支援会議 that adopts its plan, the review, a mistaken consultation voided, the transfer to
the 社会福祉協議会 and the meeting that decides its 終結."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.builders import TODAY
from tests.e2e.conftest import log_in
from tests.e2e.meeting_steps import Attending, HeldMeeting, record_meeting
from tests.e2e.steps_case import open_panel, submit

SCREENSHOTS = Path(os.environ["KASANE_SCREENSHOTS_DIR"]) if os.environ.get("KASANE_SCREENSHOTS_DIR") else None
"""Where ``make screenshots`` wants the README's pictures, which some steps take on the way."""
HELD_ON = TODAY.isoformat()


def the_coordinator_takes_in_the_household(page: Page, url: str) -> str:
    """sato registers 山田家 at intake; the case page's URL."""
    log_in(page, url, "sato")
    page.goto(f"{url}/cases/new")
    page.get_by_label("世帯名").fill("山田家")
    page.get_by_label("圏域").select_option(label="北部圏域")
    page.locator("#intake-members-0-name").fill("山田 太郎")
    page.get_by_label("受付機関").select_option(label="福祉総合相談課")
    page.get_by_label("主担当機関").select_option(label="福祉総合相談課")
    page.get_by_label("担当者").select_option(label="佐藤 花子（福祉総合相談課）")
    page.get_by_label("内容", exact=True).fill("父の介護と長男のひきこもりについて長女から相談")
    page.get_by_role("button", name="受付を登録").click()
    expect(page.get_by_role("heading", name="山田家")).to_be_visible()
    return page.url


def the_first_entries_in_a_row_on_one_page(page: Page) -> None:
    """Consent to discussion at a 重層的支援会議, then on the same page (no reload): a consultation, a home visit, a
    referral, and the status moved on to プラン作成."""
    page.evaluate("window.kasaneNotReloaded = true")
    consent = open_panel(page, "同意を記録", "consents")
    consent.get_by_label("重層的支援会議での検討").check()
    consent.get_by_label("同意した人").fill("本人と長女")
    submit(page, "consents")
    consultation = open_panel(page, "相談を記録", "consultations")
    consultation.get_by_label("内容").fill("長女から電話。通院の付き添いの相談")
    submit(page, "consultations")
    visit = open_panel(page, "アウトリーチ（訪問）を記録", "outreach-visits")
    visit.get_by_label("はい").check()
    visit.get_by_label("メモ").fill("自宅を訪問し父と面談した")
    submit(page, "outreach-visits")
    referral = open_panel(page, "つなぐ（他機関へ送付）", "referrals")
    referral.get_by_label("つなぎ先").select_option(label="社会福祉協議会")
    referral.get_by_label("理由").fill("長男の居場所の紹介をお願いしたい")
    submit(page, "referrals")
    status = open_panel(page, "ステータスを変更", "status")
    status.get_by_label("ステータス").select_option(label="アセスメント")
    status.get_by_label("理由").fill("訪問で状況を確認した")
    submit(page, "status")
    expect(page.locator("#case-summary .status")).to_have_text("アセスメント")
    status.get_by_label("ステータス").select_option(label="プラン作成")
    status.get_by_label("理由").fill("課題が整理でき、会議にかける")
    submit(page, "status")
    expect(page.locator("#case-summary .status")).to_have_text("プラン作成")
    timeline = page.locator("#case-timeline")
    for text in ("本人と長女", "通院の付き添いの相談", "自宅を訪問し父と面談した", "長男の居場所の紹介をお願いしたい"):
        expect(timeline).to_contain_text(text)
    assert page.evaluate("window.kasaneNotReloaded") is True, "the case page was reloaded"


def a_layered_meeting_adopts_the_plan(page: Page, url: str) -> str:
    """A held 重層的支援会議 takes the case up and, from its page, adopts version 1 of the plan; the meeting's URL."""
    meeting_url = record_meeting(
        page,
        url,
        HeldMeeting(
            meeting_type="重層的支援会議",
            title="11月 重層的支援会議",
            held_on=HELD_ON,
            households=("山田家",),
            attendees=(Attending("社会福祉協議会", "CSW"),),
        ),
    )
    page.get_by_role("link", name="この会議でプランを作成・見直し").click()
    expect(page.locator("#plan-adopted_on")).to_have_value(HELD_ON)
    page.locator("#plan-goals-0").fill("父が介護サービスを利用できる")
    page.locator("#plan-actions-0-description").fill("父の介護保険申請を支援")
    page.locator("#plan-actions-0-agency").select_option(label="福祉総合相談課")
    page.locator("#plan-review_due_on").fill("2027-02-20")
    page.get_by_role("button", name="採択して登録").click()
    expect(page.get_by_role("heading", name="支援プラン 第1版")).to_be_visible()
    expect(page.locator(".plan-meeting")).to_contain_text("重層的支援会議")
    expect(page.locator("h1 .status")).to_have_text("支援中")
    return meeting_url


def the_plan_is_reviewed(page: Page, case_url: str) -> None:
    """From the case page: version 2 of the plan."""
    page.goto(case_url)
    page.get_by_role("link", name="プランを見直す（新しい版を作成）").click()
    page.locator("#plan-goals-0").fill("父が介護サービスを週2回利用できる")
    page.locator("#plan-reason").fill("介護認定が下り、利用回数を決めた")
    page.locator("#plan-review_due_on").fill("2027-05-20")
    page.get_by_role("button", name="採択して登録").click()
    expect(page.get_by_role("heading", name="支援プラン 第2版")).to_be_visible()
    expect(page.locator("h1 .status")).to_have_text("支援中")
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "support-plan.png", full_page=True)


def a_consultation_on_the_wrong_household(page: Page, case_url: str) -> None:
    """A consultation recorded on 山田家 that belonged to another household (voided next)."""
    page.goto(case_url)
    mistaken_form = open_panel(page, "相談を記録", "consultations")
    mistaken_form.get_by_label("内容").fill("別世帯の相談を誤って入力")
    submit(page, "consultations")


def it_is_voided_from_the_timeline(page: Page) -> None:
    """取消 from its timeline row, with the reason: struck through, the reason shown."""
    mistaken = page.locator("#case-timeline li.event-ConsultationRecorded").filter(has_text="別世帯の相談を誤って入力")
    mistaken.get_by_role("link", name="取消").click()
    void_form = mistaken.get_by_role("form", name="この記録を取り消す")
    void_form.get_by_label("理由").fill("別の世帯の相談だった")
    void_form.get_by_role("button", name="取り消す").click()
    expect(mistaken).to_contain_text("取消済み")
    expect(mistaken).to_contain_text("理由：別の世帯の相談だった")
    if SCREENSHOTS:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SCREENSHOTS / "timeline-voided-entry.png")


def the_case_is_transferred_and_accepted(page: Page, url: str, case_url: str) -> None:
    """sato asks the 社会福祉協議会 to take the case over; its coordinator suzuki accepts it."""
    page.goto(case_url)
    transfer = open_panel(page, "主担当機関の移管を依頼", "transfers")
    transfer.get_by_label("移管先の機関").select_option(label="社会福祉協議会")
    transfer.get_by_label("理由").fill("長男の就労準備支援が中心となるため")
    submit(page, "transfers")
    expect(page.locator("#pending-transfer")).to_contain_text("社会福祉協議会へ移管を依頼中です")
    log_in(page, url, "suzuki")
    incoming = page.locator("#incoming-transfers")
    expect(incoming).to_contain_text("福祉総合相談課")
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "incoming-transfer.png")
    incoming.get_by_role("link", name="山田家").click()
    answer = open_panel(page, "移管依頼への回答", "transfer-answers")
    answer.get_by_label("受け入れる").check()
    answer.get_by_label("新しい担当者").select_option(label="鈴木 一郎")
    submit(page, "transfer-answers")
    summary = page.locator("#case-summary")
    expect(summary).to_contain_text("社会福祉協議会")
    expect(summary).to_contain_text("鈴木 一郎")


def the_receiving_coordinator_closes_it_at_a_meeting(page: Page, url: str) -> None:
    """suzuki records the 重層的支援会議 that decides the case's 終結."""
    record_meeting(
        page,
        url,
        HeldMeeting(
            meeting_type="重層的支援会議",
            title="12月 重層的支援会議",
            held_on=HELD_ON,
            households=("山田家",),
            attendees=(Attending("福祉総合相談課", "前担当"),),
            outcome="終結（この会議で決定）",
            closure_reasons={"山田家": "課題解決"},
            decisions={"山田家": "介護サービスが定着し、長男は就労体験を始めた。見守りは地区の民生委員が続ける。"},
        ),
    )
    page.locator(".discussion").get_by_role("link", name="山田家").click()
    expect(page.locator("#case-summary .status")).to_have_text("終結")
    expect(page.locator("#case-timeline")).to_contain_text("支援会議で終結を決定")
