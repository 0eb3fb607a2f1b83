"""A coordinator prints the minutes of a 支援会議 from its page and downloads the case record as PDF from the
case page (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
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


def test_a_coordinator_prints_the_minutes_and_downloads_the_case_record(
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

    page.goto(f"{url}/cases/{story.case_id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="ケース記録票PDF").click()
    assert download.value.suggested_filename == f"case-record-{story.case_id}.pdf"
    saved = tmp_path / "case-record.pdf"
    download.value.save_as(saved)
    text = "".join("".join(p.extract_text() for p in PdfReader(saved).pages).split())
    assert "ケース記録票" in text and "山田家" in text and "令和8年5月11日" in text

    page.get_by_role("link", name="つなぐシート").click()
    expect(page.locator("main")).to_contain_text("自立相談支援機関")
    expect(page.locator("main")).to_contain_text("就労に向けた相談")
