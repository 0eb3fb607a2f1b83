"""A coordinator prints, and downloads as PDF, each of the four printed documents from its own screen (issue 15):
the minutes of a 支援会議 and of a 重層的支援会議, the case record, the つなぐシート and the support plan.

One journey on one city keeps the suite fast; each PDF is read back with pypdf for a fact the document must carry.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from domain.application import Kasane
from tests.builders import given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import log_in, seeded, serving, with_passwords
from tests.printing_story import Story, the_yamada_household
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def a_city_with_the_yamada_household(app: Kasane) -> Story:
    given_standard_setup(app)
    return the_yamada_household(app)


@pytest.fixture
def printing_site(tmp_path: Path) -> Iterator[tuple[str, Story]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    story = seeded(settings, a_city_with_the_yamada_household)
    with_passwords(settings, "sato")
    with serving(settings) as url:
        yield url, story


def downloaded_text(page: Page, link: Locator, filename: str, tmp_path: Path) -> str:
    """The text of the PDF a click on ``link`` downloads, without the layout's spaces and line breaks."""
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == filename
    saved = tmp_path / filename
    download.value.save_as(saved)
    return "".join("".join(p.extract_text() for p in PdfReader(saved).pages).split())


def test_a_coordinator_prints_and_downloads_each_document_from_its_screen(
    page: Page, printing_site: tuple[str, Story], tmp_path: Path
) -> None:
    url, story = printing_site
    log_in(page, url, "sato")

    page.goto(f"{url}/meetings/{story.support}")
    page.get_by_role("link", name="議事録を印刷").click()
    expect(page.locator("#confidentiality-notice")).to_contain_text("社会福祉法第106条の6")
    expect(page.locator("main")).to_contain_text("令和8年11月10日")
    expect(page.locator("main")).to_contain_text("長男への同行訪問")
    assert page.locator("nav").count() == 0 and page.locator(".site-header").count() == 0
    page.go_back()
    text = downloaded_text(page, page.get_by_role("link", name="議事録PDF"), f"minutes-{story.support}.pdf", tmp_path)
    assert "議事録" in text and "令和8年11月10日" in text and "社会福祉法第106条の6" in text

    page.goto(f"{url}/meetings/{story.layered}")
    page.get_by_role("link", name="議事録を印刷").click()
    expect(page.locator("main")).to_contain_text("令和8年11月12日")
    page.go_back()
    text = downloaded_text(page, page.get_by_role("link", name="議事録PDF"), f"minutes-{story.layered}.pdf", tmp_path)
    assert "議事録" in text and "令和8年11月12日" in text

    page.goto(f"{url}/cases/{story.case_id}")
    page.get_by_role("link", name="ケース記録票を印刷").click()
    expect(page.locator("main")).to_contain_text("山田家")
    page.go_back()
    record = page.get_by_role("link", name="ケース記録票PDF")
    text = downloaded_text(page, record, f"case-record-{story.case_id}.pdf", tmp_path)
    assert "ケース記録票" in text and "山田家" in text and "令和8年5月11日" in text

    page.get_by_role("link", name="つなぐシート").click()
    expect(page.locator("main")).to_contain_text("自立相談支援機関")
    expect(page.locator("main")).to_contain_text("就労に向けた相談")
    sheet = page.locator("#download-pdf")
    text = downloaded_text(page, sheet, f"referral-sheet-{story.referral_id}.pdf", tmp_path)
    assert "つなぐシート" in text and "自立相談支援機関" in text

    page.goto(f"{url}/cases/{story.case_id}")
    page.get_by_role("link", name="支援プランを開く").click()
    page.get_by_role("link", name="印刷用表示").click()
    expect(page.locator("main")).to_contain_text("支援プラン兼利用申込書")
    page.go_back()
    plan = page.locator("#support-plan-pdf")
    text = downloaded_text(page, plan, f"support-plan-{story.case_id}-v1.pdf", tmp_path)
    assert "支援プラン兼利用申込書" in text and "山田家" in text
