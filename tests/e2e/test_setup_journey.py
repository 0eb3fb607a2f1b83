"""Setting up a municipality on the admin screens, from an empty store: what the admin enters, the intake offers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import log_in, seeded, serving, with_passwords
from tests.e2e.steps_admin import add, only_an_admin
from web.storage.settings import Settings


@pytest.fixture
def empty_site(tmp_path: Path) -> Iterator[str]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    seeded(settings, only_an_admin)
    with_passwords(settings, "admin", "sato")
    with serving(settings) as url:
        yield url


def test_an_admin_sets_up_agencies_areas_and_staff_and_the_intake_form_offers_them_in_order(
    page: Page, empty_site: str
) -> None:
    url = empty_site
    log_in(page, url, "admin")
    page.get_by_role("link", name="マスタ管理").click()
    add(
        page,
        "機関",
        **{
            "コード（半角英数字）": "fukushi-soudan",
            "名称": "福祉総合相談課",
            "区分": "市の担当課",
            "表示順（小さいほど上）": "10",
        },
    )
    expect(page.get_by_role("cell", name="福祉総合相談課")).to_be_visible()
    add(
        page,
        "圏域・地区",
        **{"コード（半角英数字）": "d-ni", "名称": "第二地区", "区分": "地区", "表示順（小さいほど上）": "2"},
    )
    add(
        page,
        "圏域・地区",
        **{"コード（半角英数字）": "d-ichi", "名称": "第1地区", "区分": "地区", "表示順（小さいほど上）": "5"},
    )
    # rename 第1地区 to 第一地区, then move it before 第二地区
    page.get_by_text("第1地区の変更").click()
    row = page.get_by_role("row").filter(has_text="d-ichi")
    row.get_by_label("名称", exact=True).fill("第一地区")
    row.get_by_role("button", name="名称を変更").click()
    page.get_by_text("第一地区の変更").click()
    row = page.get_by_role("row").filter(has_text="d-ichi")
    row.get_by_label("表示順（小さいほど上）").fill("1")
    row.get_by_role("button", name="表示順を変更").click()
    expect(page.get_by_role("row").nth(1)).to_contain_text("第一地区")
    add(
        page,
        "職員",
        **{"利用者名": "sato", "氏名": "佐藤 花子", "役割": "相談支援員（コーディネーター）", "機関": "福祉総合相談課"},
    )
    add(page, "職員", **{"利用者名": "hayashi", "氏名": "林 誠", "役割": "計画担当", "機関": "福祉総合相談課"})
    expect(page.get_by_role("cell", name="林 誠")).to_be_visible()
    if shots := os.environ.get("KASANE_SCREENSHOTS_DIR"):
        page.screenshot(path=f"{shots}/admin-master-staff.png", full_page=True)
    page.get_by_role("button", name="ログアウト").click()

    log_in(page, url, "sato")
    page.goto(f"{url}/cases/new")
    areas = page.locator("select[name=area] option:not([value=''])")
    expect(areas).to_have_text(["第一地区", "第二地区"])
    coordinators = page.locator("select[name=coordinator] option:not([value=''])")
    expect(coordinators).to_have_text(["佐藤 花子（福祉総合相談課）"])
    expect(page.locator("select[name=lead_agency] option:not([value=''])")).to_have_text(["福祉総合相談課"])
