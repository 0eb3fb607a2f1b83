"""Issue 11's acceptance journey: a municipality's day, from an empty store, in a real browser.

An administrator sets the city up on the master-data screens, gives the staff passwords and loads the plan file
(``kasane user password`` and ``kasane plan load``, as she would); a coordinator takes a household from intake to
a 重層的支援会議 that adopts its plan, reviews it, voids a mistaken consultation, and transfers the case to the
社会福祉協議会, whose coordinator accepts it and records the meeting that decides its 終結. The planner, in another
browser, sees the plan-year figures follow each step, and a moment before the void still shows the count before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from tests.e2e.conftest import PASSWORD, log_in, moment_before_event_after, seeded, serving, with_passwords
from tests.e2e.steps_a_day import (
    SCREENSHOTS,
    a_consultation_on_the_wrong_household,
    a_layered_meeting_adopts_the_plan,
    it_is_voided_from_the_timeline,
    the_case_is_transferred_and_accepted,
    the_coordinator_takes_in_the_household,
    the_first_entries_in_a_row_on_one_page,
    the_plan_is_reviewed,
    the_receiving_coordinator_closes_it_at_a_meeting,
)
from tests.e2e.steps_admin import add, only_an_admin
from tests.plan_scenarios import CONSULTATION_SUPPORT, LAYERED_PLANS_MADE, MULTI_AGENCY_WORK, Counted, checking_plan
from web.cli.main import cli
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e

PLAN_CODE = "a-day-check"
PLAN = checking_plan(
    PLAN_CODE,
    "重層的支援体制整備事業（一日の検証用）",
    Counted(
        CONSULTATION_SUPPORT,
        ("4-1", "相談支援", "福祉総合相談課"),
        "C-TOTAL",
        "相談件数",
        '{ events = ["case.consultation"] }',
        target=10,
    ),
    Counted(
        MULTI_AGENCY_WORK,
        ("6-1", "プランの作成と重層的支援会議", "福祉総合相談課"),
        "K6-1",
        "重層的支援プラン作成件数",
        LAYERED_PLANS_MADE,
        target=5,
    ),
    Counted(
        MULTI_AGENCY_WORK,
        ("6-1", "プランの作成と重層的支援会議", "福祉総合相談課"),
        "K6-3",
        "重層的支援会議の開催回数",
        '{ events = ["meeting.held"], meeting_type = "layered" }',
        target=6,
        unit="回",
    ),
    period=(2026, 2028),
)


@dataclass
class City:
    url: str
    settings: Settings
    plan_file: Path

    def kasane(self, *args: str, stdin: str = "") -> str:
        """Run ``kasane …`` against this city's store, as an administrator at the terminal does."""
        env = {
            "KASANE_DATABASE_URL": self.settings.database_url,
            "KASANE_PASSWORD_TIME_COST": "1",
            "KASANE_PASSWORD_MEMORY_KIB": "1024",
        }
        result = CliRunner().invoke(cli, list(args), input=stdin, env=env)
        assert result.exit_code == 0, result.output
        return result.output

    def last_event(self) -> int:
        return seeded(self.settings, lambda app: app.recorder.max_notification_id() or 0)

    def moment_before_event_after(self, position: int) -> str:
        """The moment just before the first event recorded after ``position``, as the plan page's 時点 takes it."""
        return moment_before_event_after(self.settings, position)


@pytest.fixture
def empty_city(settings: Settings, tmp_path: Path) -> Iterator[City]:
    """An empty store (SQLite, or PostgreSQL when ``KASANE_TEST_POSTGRES_URL`` is set) with only an admin."""
    seeded(settings, only_an_admin)
    with_passwords(settings, "admin")
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN, encoding="utf-8")
    with serving(settings) as url:
        yield City(url=url, settings=settings, plan_file=plan_file)


@pytest.fixture
def planner(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def the_admin_sets_up_the_city(page: Page, city: City) -> None:
    log_in(page, city.url, "admin")
    page.get_by_role("link", name="マスタ管理").click()
    order = "表示順（小さいほど上）"
    add(
        page,
        "機関",
        **{"コード（半角英数字）": "fukushi-soudan", "名称": "福祉総合相談課", "区分": "市の担当課", order: "10"},
    )
    add(
        page,
        "機関",
        **{"コード（半角英数字）": "shakyo", "名称": "社会福祉協議会", "区分": "社会福祉協議会", order: "20"},
    )
    expect(page.get_by_role("cell", name="社会福祉協議会", exact=True).first).to_be_visible()
    add(page, "圏域・地区", **{"コード（半角英数字）": "kita", "名称": "北部圏域", "区分": "日常生活圏域", order: "1"})
    add(
        page,
        "会議の種類",
        **{
            "コード（半角英数字）": "layered",
            "名称": "重層的支援会議",
            "区分": "個別ケース",
            order: "1",
            "同意が必要": "はい",
        },
    )
    expect(page.get_by_role("cell", name="重層的支援会議")).to_be_visible()
    add(
        page,
        "職員",
        **{"利用者名": "sato", "氏名": "佐藤 花子", "役割": "相談支援員（コーディネーター）", "機関": "福祉総合相談課"},
    )
    add(
        page,
        "職員",
        **{
            "利用者名": "suzuki",
            "氏名": "鈴木 一郎",
            "役割": "相談支援員（コーディネーター）",
            "機関": "社会福祉協議会",
        },
    )
    add(page, "職員", **{"利用者名": "hayashi", "氏名": "林 誠", "役割": "計画担当", "機関": "福祉総合相談課"})
    expect(page.get_by_role("cell", name="林 誠")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "admin-master-staff.png", full_page=True)
    page.get_by_role("button", name="ログアウト").click()
    for username in ("sato", "suzuki", "hayashi"):
        city.kasane("user", "password", username, "--password-stdin", stdin=f"{PASSWORD}\n")
    assert "第1版" in city.kasane("plan", "load", str(city.plan_file), "--on", "2026-04-01")


def the_planner_sees(
    planner: Page, city: City, *, consultations: str, plans: str, meetings: str, as_of: str = ""
) -> None:
    planner.goto(f"{city.url}/plans/{PLAN_CODE}?fy=2026")
    if as_of:
        planner.get_by_label("時点", exact=True).fill(as_of)
        planner.get_by_role("button", name="表示").click()
        expect(planner.locator("#plan-as-of-status")).to_contain_text("時点の記録で集計")
    expect(planner.locator("#actual-C-TOTAL")).to_have_text(consultations)
    expect(planner.locator("#actual-K6-1")).to_have_text(plans)
    expect(planner.locator("#actual-K6-3")).to_have_text(meetings)


def test_a_municipality_sets_up_and_runs_a_household_from_intake_to_closure(
    page: Page, planner: Page, empty_city: City
) -> None:
    city = empty_city
    the_admin_sets_up_the_city(page, city)
    log_in(planner, city.url, "hayashi")
    the_planner_sees(planner, city, consultations="0", plans="0", meetings="0")

    case_url = the_coordinator_takes_in_the_household(page, city.url)
    the_first_entries_in_a_row_on_one_page(page)
    the_planner_sees(planner, city, consultations="1", plans="0", meetings="0")

    meeting_url = a_layered_meeting_adopts_the_plan(page, city.url)
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")
    the_plan_is_reviewed(page, case_url)
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")

    a_consultation_on_the_wrong_household(page, case_url)
    the_planner_sees(planner, city, consultations="2", plans="1", meetings="1")
    before_the_void = city.last_event()
    it_is_voided_from_the_timeline(page)
    just_before_the_void = city.moment_before_event_after(before_the_void)
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")
    the_planner_sees(planner, city, consultations="2", plans="1", meetings="1", as_of=just_before_the_void)

    the_case_is_transferred_and_accepted(page, city.url, case_url)
    the_receiving_coordinator_closes_it_at_a_meeting(page, city.url)
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="2")
    assert meeting_url != page.url
