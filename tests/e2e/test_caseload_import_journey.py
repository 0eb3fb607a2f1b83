"""An admin brings an existing caseload in from Excel: upload, read the dry-run report, confirm, open a household."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from tests.builders import given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import log_in, seeded, serving, with_passwords
from tests.integration.web.conftest import given_staff_of_every_role
from web.storage.settings import Settings

TEMPLATE = Path(__file__).parents[2] / "examples" / "import" / "caseload_template.xlsx"
REFUSED = (
    "世帯番号,世帯名,受付日,圏域,受付機関,主担当機関,担当者,相談経路,相談者\n"
    "1,森 家,令和6年4月31日,nowhere,fukushi-soudan,fukushi-soudan,sato,電話,本人\n"
)


def a_city_before_kasane(app: Kasane) -> None:
    given_standard_setup(app)
    given_staff_of_every_role(app)


@pytest.fixture
def city_site(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    seeded(settings, a_city_before_kasane)
    with_passwords(settings, "admin", "sato")
    with serving(settings) as url:
        yield url, settings


def test_an_admin_checks_a_file_then_confirms_it_and_the_households_are_there(
    page: Page, city_site: tuple[str, Settings], tmp_path: Path
) -> None:
    url, _ = city_site
    log_in(page, url, "admin")
    page.get_by_role("link", name="ケース取込").click()
    # a file with mistakes: every problem is listed with its sheet, row and column, and nothing can be confirmed
    refused = tmp_path / "世帯.csv"
    refused.write_text(REFUSED, encoding="utf-8")
    page.get_by_label("ファイル（.xlsx、またはシートごとの .csv）").set_input_files(refused)
    page.get_by_role("button", name="点検する（まだ登録しません）").click()
    problems = page.locator("table.import-problems")
    expect(problems.get_by_role("row").filter(has_text="受付日")).to_contain_text("日付として読めません")
    expect(problems.get_by_role("row").filter(has_text="圏域")).to_contain_text("マスタに登録されていません（nowhere）")
    expect(page.locator(".import-missing")).to_contain_text("圏域: nowhere")
    expect(page.get_by_role("button", name="この内容で登録する")).to_have_count(0)
    # the template, filled in: no problems, the counts, then the confirmation records it
    page.get_by_label("ファイル（.xlsx、またはシートごとの .csv）").set_input_files(TEMPLATE)
    page.get_by_role("button", name="点検する（まだ登録しません）").click()
    expect(page.locator("#import-report")).to_contain_text("問題はありません。登録される件数： 世帯 2、世帯員 3")
    page.get_by_role("button", name="この内容で登録する").click()
    outcome = page.locator("#import-outcome")
    expect(outcome).to_contain_text("登録しました： 世帯 2、世帯員 3、相談・訪問 3、支援会議 1")
    expect(outcome.locator("table.imported-cases tbody tr")).to_have_count(2)
    expect(outcome).not_to_contain_text("山田")  # an admin does not read households
    # the same file again adds nothing
    page.goto(f"{url}/admin/import")
    page.get_by_label("ファイル（.xlsx、またはシートごとの .csv）").set_input_files(TEMPLATE)
    page.get_by_role("button", name="点検する（まだ登録しません）").click()
    expect(page.locator("#import-outcome")).to_contain_text("このファイルは取込済みです")
    # the coordinator finds the imported household in her cases, with its consultation and visit
    log_in(page, url, "sato")
    page.goto(f"{url}/cases")
    page.get_by_role("link", name="山田 家").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("山田 家")
