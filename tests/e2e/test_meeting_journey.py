"""A coordinator records a 支援会議 in a real browser; also the README's pictures of the meeting screens."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.builders import given_open_case
from tests.e2e.conftest import Site, log_in, seeded
from tests.e2e.meeting_steps import Attending, HeldMeeting, Task, record_meeting

pytestmark = pytest.mark.e2e

MEETING = HeldMeeting(
    meeting_type="支援会議",
    title="11月 支援会議（北部圏域）",
    held_on="令和8年11月19日",
    households=("山田家", "田中家"),
    attendees=(Attending("社会福祉協議会", "CSW"), Attending("北部地域包括支援センター", "社会福祉士")),
    tasks=(Task("長男への同行訪問", "社会福祉協議会", "2026-12-01", household="田中家"),),
    decisions={"山田家": "父の介護サービス利用を地域包括が調整", "田中家": "長男への訪問を社協が継続"},
)


def test_a_coordinator_records_a_support_meeting_about_two_cases_and_sees_it_on_a_case(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    seeded(site.settings, lambda app: given_open_case(app, household_name="田中家", opened_on=date(2026, 6, 1)))
    out = Path(os.environ["KASANE_SCREENSHOTS_DIR"]) if os.environ.get("KASANE_SCREENSHOTS_DIR") else None
    before = site.events()

    meeting_url = record_meeting(page, site.url, MEETING)

    assert site.events() == before + 4, "scheduled and held, and a note on each of the two cases"
    expect(page.locator("#meeting-counts")).to_contain_text("未完了の役割分担 1件")
    expect(page.get_by_role("heading", name="検討したケース")).to_be_visible()
    expect(page.locator(".discussion")).to_have_count(2)
    if out:
        page.screenshot(path=out / "meeting.png", full_page=True)

    page.get_by_role("link", name="田中家").first.click()
    timeline = page.locator("#case-timeline")
    expect(timeline).to_contain_text("会議で検討")
    expect(timeline).to_contain_text("支援会議")
    expect(page.locator("#case-meetings")).to_contain_text("11月 支援会議（北部圏域）")
    expect(page.locator("#case-meetings")).to_contain_text("長男への同行訪問")

    page.goto(meeting_url)
    page.evaluate("window.kasaneNotReloaded = true")
    page.get_by_role("button", name="完了にする").click()
    expect(page.locator("#meeting-counts")).to_contain_text("未完了の役割分担 0件")
    assert page.evaluate("window.kasaneNotReloaded") is True, "the page was reloaded"

    if out:
        _the_recording_screen_with_a_refusal(page, site.url, out)


def _the_recording_screen_with_a_refusal(page: Page, url: str, out: Path) -> None:
    """The form of a 重層的支援会議 whose case has no consent: the refusal beside the case, input kept."""
    page.goto(f"{url}/meetings/new")
    page.get_by_label("会議の種類").select_option(label="重層的支援会議")
    page.get_by_label("会議名").fill("12月 重層的支援会議")
    page.get_by_label("ケースを検索（世帯名・ケース番号）").fill("山田")
    page.get_by_role("button", name="山田家を追加").click()
    item = page.locator(".item-row").first
    item.get_by_label("内容", exact=True).fill("本人の同意確認")
    item.get_by_label("担当機関").select_option(label="福祉相談課")
    item.get_by_label("期限").fill("2026-12-20")
    page.get_by_role("button", name="登録").click()
    expect(page.locator("#meeting-cases-0-case_id-error")).to_contain_text("同意が記録されていません")
    expect(page.locator(".item-row").first.get_by_label("内容", exact=True)).to_have_value("本人の同意確認")
    page.screenshot(path=out / "meeting-new.png", full_page=True)
