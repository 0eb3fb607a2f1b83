"""Everyday case handling in a real browser: reassign, transfer with the receiver's acceptance, household."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN
from tests.e2e.conftest import Prepared, Site, a_small_city_with_one_case, log_in, prepare, serving
from tests.e2e.steps_case import open_panel

pytestmark = pytest.mark.e2e


def a_city_with_two_coordinators_at_the_lead_agency(app: Kasane) -> UUID:
    case_id = a_small_city_with_one_case(app)
    app.execute(
        RegisterUser(actor=ADMIN, username="takahashi", name="高橋 誠", role="coordinator", agency="fukushi-soudan")
    )
    return case_id


@pytest.fixture(scope="module")
def prepared_city(tmp_path_factory: pytest.TempPathFactory) -> Prepared[UUID]:
    story = a_city_with_two_coordinators_at_the_lead_agency
    return prepare(tmp_path_factory, "two-coordinators", story, "sato", "suzuki", "takahashi")


@pytest.fixture
def city(prepared_city: Prepared[UUID], tmp_path: Path) -> Iterator[Site]:
    settings = prepared_city.copy(tmp_path / "store")
    with serving(settings) as url:
        yield Site(url=url, settings=settings, case_id=prepared_city.value)


def test_a_case_is_reassigned_then_transferred_and_the_receiving_agency_accepts_it(page: Page, city: Site) -> None:
    log_in(page, city.url, "sato")
    page.goto(f"{city.url}/cases/{city.case_id}")
    form = open_panel(page, "担当変更（機関内）", "assignment")
    form.get_by_label("新しい担当者").select_option("takahashi")
    form.get_by_label("理由").fill("担当地区の見直し")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-assignment [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("高橋 誠")

    page.reload()  # a second form on the same page load meets the false conflict jptime is fixing
    form = open_panel(page, "主担当機関の移管を依頼", "transfers")
    form.get_by_label("移管先の機関").select_option("shakyo")
    form.get_by_label("理由").fill("就労準備支援が中心となるため")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-transfers [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-timeline")).to_contain_text("主担当機関の移管依頼")
    expect(page.locator("#pending-transfer")).to_contain_text("社会福祉協議会へ移管を依頼中です")

    log_in(page, city.url, "suzuki")
    page.goto(f"{city.url}/")
    incoming = page.locator("#incoming-transfers")
    expect(incoming).to_contain_text("福祉相談課")
    incoming.get_by_role("link", name="山田家").click()
    form = open_panel(page, "移管依頼への回答", "transfer-answers")
    expect(form).to_contain_text("福祉相談課から主担当機関の移管依頼が届いています")
    form.get_by_label("受け入れる").check()
    form.get_by_label("新しい担当者").select_option("suzuki")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-transfer-answers [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("社会福祉協議会")
    expect(page.locator("#case-summary")).to_contain_text("鈴木 一郎")

    page.goto(f"{city.url}/")
    expect(page.locator("#incoming-transfers")).to_have_count(0)
    expect(page.get_by_role("link", name="山田家")).to_be_visible()


def test_a_member_is_added_and_another_marked_as_left(page: Page, city: Site) -> None:
    log_in(page, city.url, "sato")
    page.goto(f"{city.url}/cases/{city.case_id}")
    form = open_panel(page, "世帯員を追加", "members")
    form.get_by_label("氏名").fill("山田 花子")
    form.get_by_label("続柄").select_option("child")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-members [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("3人")
    expect(page.locator("#household-members")).to_contain_text("山田 花子")

    page.reload()
    form = open_panel(page, "世帯員の転出・離脱", "member-departures")
    form.get_by_label("転出・離脱する世帯員").select_option(label="山田 健（子）")
    form.get_by_label("理由（転出・離脱など）").fill("就職により市外へ転出")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-member-departures [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("2人")
    expect(page.locator("#household-members")).not_to_contain_text("山田 健")
    expect(page.locator("#case-timeline")).to_contain_text("就職により市外へ転出")

    page.reload()
    form = open_panel(page, "世帯員情報の訂正・変更", "member-updates")
    form.get_by_label("訂正する世帯員").select_option(label="山田 花子（子）")
    form.get_by_role("button", name="この世帯員の現在の内容を表示").click()
    expect(page.locator("#member-updates-name")).to_have_value("山田 花子")
    page.locator("#member-updates-name").fill("佐々木 花子")
    page.locator("#form-member-updates").get_by_role("button", name="登録").click()
    expect(page.locator("#form-member-updates [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#household-members")).to_contain_text("佐々木 花子")


def test_an_overdue_urgent_check_shows_on_the_caseload_until_the_visit_is_recorded(page: Page, city: Site) -> None:
    log_in(page, city.url, "sato")
    page.goto(f"{city.url}/cases/{city.case_id}")
    form = open_panel(page, "48時間以内の状況確認を設定", "urgent-checks")
    form.get_by_label("状況確認が必要な理由").fill("民生委員から、長男の怒鳴り声が続いていると連絡")
    form.get_by_label("情報を受けた日").fill("2026-11-17")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-urgent-checks [role=status]")).to_have_text("登録しました。")

    page.goto(f"{city.url}/caseload")
    urgent = page.locator("#urgent-checks")
    expect(urgent).to_contain_text("期限超過")
    urgent.get_by_role("link", name="山田家").click()
    form = open_panel(page, "状況確認の結果を記録", "urgent-check-done")
    form.get_by_label("確認の結果").fill("訪問し本人と面会、けがなし")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-urgent-check-done [role=status]")).to_have_text("登録しました。")

    page.goto(f"{city.url}/caseload")
    expect(page.locator("#urgent-checks")).to_contain_text("未確認の状況確認はありません。")
