"""The main screens in a real browser over the demo municipality; also the README's pictures.

Each screen must render with its key content. With ``KASANE_SCREENSHOTS_DIR``
set (``make screenshots``), the PNGs are written there (docs/screenshots/).
"""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from projections.cases.tables import case_list
from tests.e2e.conftest import Prepared, log_in, serving
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def busiest_case_of(settings: Settings, coordinator: str) -> UUID:
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            c = case_list.c
            busiest = (
                connection.execute(
                    sa.select(c.case_id)
                    .where(c.coordinator == coordinator, c.status != "closed")
                    .order_by((c.consultation_count + c.outreach_count + c.placement_count).desc(), c.case_id)
                )
                .scalars()
                .first()
            )
            assert busiest is not None, f"{coordinator} has no open case to photograph"
            return busiest
    finally:
        engine.dispose()


def test_the_main_screens_render_over_the_demo_city(page: Page, demo: Prepared[int], tmp_path: Path) -> None:
    settings = demo.copy(tmp_path / "store")
    out = Path(os.environ.get("KASANE_SCREENSHOTS_DIR") or tmp_path / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serving(settings) as url:
        log_in(page, url, "sato")
        page.goto(f"{url}/")
        expect(page.get_by_role("heading", name="担当ケース")).to_be_visible()
        page.screenshot(path=out / "my-cases.png")

        case_id = busiest_case_of(settings, "sato")
        page.goto(f"{url}/cases/{case_id}")
        expect(page.locator("#case-timeline li").first).to_be_visible()
        page.screenshot(path=out / "case.png")

        page.goto(f"{url}/cases/new")
        page.get_by_label("世帯名").fill("高橋家")
        page.locator("#intake-opened_on").fill("令和8年13月1日")
        page.get_by_role("button", name="受付を登録").click()
        expect(page.locator("#intake-opened_on-error")).to_be_visible()
        expect(page.locator(".error-summary")).to_be_focused()
        page.screenshot(path=out / "intake-with-errors.png")

        log_in(page, url, "kimura")
        page.goto(f"{url}/caseload")
        expect(page.get_by_role("heading", name="担当状況", exact=True)).to_be_visible()
        page.screenshot(path=out / "caseload.png")

        page.goto(f"{url}/cases?lang=en&issue_tag=hikikomori&include_closed=false")
        expect(page.get_by_role("heading", name="Cases")).to_be_visible()
        page.screenshot(path=out / "cases-english.png")
