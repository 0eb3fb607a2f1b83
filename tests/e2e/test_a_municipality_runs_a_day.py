"""Issue 11's acceptance journey: a municipality's day, from an empty store, in a real browser.

An administrator sets the city up on the master-data screens, gives the staff passwords and loads the plan file
(``kasane user password`` and ``kasane plan load``, as she would); a coordinator takes a household from intake to
a 重層的支援会議 that adopts its plan, reviews it, voids a mistaken consultation, and transfers the case to the
社会福祉協議会, whose coordinator accepts it and records the meeting that decides its 終結. The planner, in another
browser, sees the plan-year figures follow each step, and a moment before the void still shows the count before it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from tests.builders import TODAY
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import PASSWORD, log_in, moment_before_event_after, seeded, serving, with_passwords
from tests.e2e.meeting_steps import Attending, HeldMeeting, record_meeting
from tests.e2e.steps_admin import add, only_an_admin
from tests.e2e.steps_case import open_panel, submit
from tests.plan_scenarios import CONSULTATION_SUPPORT, LAYERED_PLANS_MADE, MULTI_AGENCY_WORK, Counted, checking_plan
from web.cli.main import cli
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(os.environ["KASANE_SCREENSHOTS_DIR"]) if os.environ.get("KASANE_SCREENSHOTS_DIR") else None

HELD_ON = TODAY.isoformat()
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
def empty_city(database_url: str, tmp_path: Path) -> Iterator[City]:
    """An empty store (SQLite, or PostgreSQL when ``KASANE_TEST_POSTGRES_URL`` is set) with only an admin."""
    settings = Settings(database_url=database_url, **FAST_PASSWORD_HASHING)
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

    # intake: the household the coordinator will follow all day
    log_in(page, city.url, "sato")
    page.goto(f"{city.url}/cases/new")
    page.get_by_label("世帯名").fill("山田家")
    page.get_by_label("圏域").select_option(label="北部圏域")
    page.locator("#intake-members-0-name").fill("山田 太郎")
    page.get_by_label("受付機関").select_option(label="福祉総合相談課")
    page.get_by_label("主担当機関").select_option(label="福祉総合相談課")
    page.get_by_label("担当者").select_option(label="佐藤 花子（福祉総合相談課）")
    page.get_by_label("内容", exact=True).fill("父の介護と長男のひきこもりについて長女から相談")
    page.get_by_role("button", name="受付を登録").click()
    expect(page.get_by_role("heading", name="山田家")).to_be_visible()
    case_url = page.url

    # consent to discussion at a 重層的支援会議, then entries in a row on the same page (no reload): a consultation,
    # a home visit, a referral, and the status moved on to プラン作成
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
    the_planner_sees(planner, city, consultations="1", plans="0", meetings="0")

    # a held 重層的支援会議 takes the case up and, from its page, adopts version 1 of the plan
    meeting_url = record_meeting(
        page,
        city.url,
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
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")

    # the plan reviewed: version 2
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
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")

    # a consultation recorded on the wrong household, voided from the timeline with the reason
    page.goto(case_url)
    mistaken_form = open_panel(page, "相談を記録", "consultations")
    mistaken_form.get_by_label("内容").fill("別世帯の相談を誤って入力")
    submit(page, "consultations")
    the_planner_sees(planner, city, consultations="2", plans="1", meetings="1")
    before_the_void = city.last_event()
    mistaken = page.locator("#case-timeline li.event-ConsultationRecorded").filter(has_text="別世帯の相談を誤って入力")
    mistaken.get_by_role("link", name="取消").click()
    void_form = mistaken.get_by_role("form", name="この記録を取り消す")
    void_form.get_by_label("理由").fill("別の世帯の相談だった")
    void_form.get_by_role("button", name="取り消す").click()
    expect(mistaken).to_contain_text("取消済み")
    expect(mistaken).to_contain_text("理由：別の世帯の相談だった")
    just_before_the_void = city.moment_before_event_after(before_the_void)
    if SCREENSHOTS:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SCREENSHOTS / "timeline-voided-entry.png")
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="1")
    the_planner_sees(planner, city, consultations="2", plans="1", meetings="1", as_of=just_before_the_void)

    # transfer to the 社会福祉協議会, accepted by its coordinator
    page.goto(case_url)
    transfer = open_panel(page, "主担当機関の移管を依頼", "transfers")
    transfer.get_by_label("移管先の機関").select_option(label="社会福祉協議会")
    transfer.get_by_label("理由").fill("長男の就労準備支援が中心となるため")
    submit(page, "transfers")
    expect(page.locator("#pending-transfer")).to_contain_text("社会福祉協議会へ移管を依頼中です")
    log_in(page, city.url, "suzuki")
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

    # the receiving coordinator records the 重層的支援会議 that decides the case's 終結
    record_meeting(
        page,
        city.url,
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
    the_planner_sees(planner, city, consultations="1", plans="1", meetings="2")
    assert meeting_url != page.url
