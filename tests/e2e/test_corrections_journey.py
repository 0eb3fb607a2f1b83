"""A coordinator puts a mistake right from the case timeline, and the planner's figure follows.

She records a consultation on the wrong household, voids it from its timeline row with the reason (it stays,
struck through, with who, when and why), and the planner's consultation count, in another browser, goes up and
back down; then she corrects the date of an outreach visit and the timeline shows the change beside the original.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.application import Kasane
from domain.commands import AdoptSupportPlan, RecordOutreachVisit
from domain.community_commands import RecordCommunityActivity
from domain.master_data_commands import RegisterUser
from domain.plan_commands import LoadPlan
from domain.support_plan import PlanAction
from tests.builders import ADMIN, COORDINATOR
from tests.e2e.conftest import Prepared, Site, a_small_city_with_one_case, log_in, prepare, seeded, serving
from tests.plan_scenarios import (
    CONSULTATION_SUPPORT,
    CONSULTATIONS_AT_FUKUSHI_SOUDAN,
    LAYERED_PLANS_MADE,
    MULTI_AGENCY_WORK,
    Counted,
    checking_plan,
    fixed_id,
    meeting,
)

ON_THE_DAY = "令和8年11月20日（2026-11-20）"
"""How a void or correction line names its day (the tests' today)."""

pytestmark = pytest.mark.e2e

PLAN_CODE = "consultations-check"
CONSULTATIONS = "#actual-C-TOTAL"
PLAN = checking_plan(
    PLAN_CODE,
    "相談件数（検証用）",
    Counted(
        CONSULTATION_SUPPORT,
        ("4-1", "福祉の総合相談", "福祉相談課"),
        "C-TOTAL",
        "福祉相談課の相談件数",
        CONSULTATIONS_AT_FUKUSHI_SOUDAN,
        target=10,
    ),
    Counted(
        MULTI_AGENCY_WORK,
        ("6-1", "重層的支援会議の開催", "福祉相談課"),
        "K6-1",
        "重層的支援プラン作成件数",
        LAYERED_PLANS_MADE,
        target=5,
    ),
)
PLANS_MADE = "#actual-K6-1"


def a_plan_a_planner_and_a_visit(case_id: uuid.UUID) -> object:
    def story(app: Kasane) -> None:
        app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2026, 4, 1)))
        app.execute(
            RegisterUser(actor=ADMIN, username="hayashi", name="林 誠", role="planner", agency="fukushi-seisaku")
        )
        app.execute(
            RecordOutreachVisit(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=uuid.uuid4(),
                occurred_on=date(2026, 11, 10),
                agency="fukushi-soudan",
                visit_kind="home_visit",
                handler_role="csw",
                contact_made=False,
                note="不在。手紙を置いた",
            )
        )

    return story


def a_small_city_with_a_plan_a_planner_and_a_visit(app: Kasane) -> uuid.UUID:
    case_id = a_small_city_with_one_case(app)
    a_plan_a_planner_and_a_visit(case_id)(app)  # type: ignore[operator]
    return case_id


@pytest.fixture(scope="module")
def planned_city(tmp_path_factory: pytest.TempPathFactory) -> Prepared[uuid.UUID]:
    story = a_small_city_with_a_plan_a_planner_and_a_visit
    return prepare(tmp_path_factory, "planned-city", story, "sato", "suzuki", "hayashi")


@pytest.fixture
def site(request: pytest.FixtureRequest, small_city: Prepared[uuid.UUID], tmp_path: Path) -> Iterator[Site]:
    """The small city; for a journey with the planner beside it, with the plan, the planner and a visit too."""
    prepared = request.getfixturevalue("planned_city") if "planner" in request.fixturenames else small_city
    settings = prepared.copy(tmp_path / "store")
    with serving(settings) as url:
        yield Site(url=url, settings=settings, case_id=prepared.value)


@pytest.fixture
def planner(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, site.url, "hayashi")
    yield page
    context.close()


def planner_count(planner: Page, site: Site, expected: str, figure: str = CONSULTATIONS) -> None:
    planner.goto(f"{site.url}/plans/{PLAN_CODE}?fy=2026")
    expect(planner.locator(figure)).to_have_text(expected)


def a_plan_and_its_revision(case_id: uuid.UUID) -> object:
    """Version 1 of the case's support plan, and a version 2 adopted on the wrong case by mistake."""

    def story(app: Kasane) -> None:
        for version, on in ((0, date(2026, 10, 1)), (1, date(2026, 11, 2))):
            app.execute(
                AdoptSupportPlan(
                    actor=COORDINATOR,
                    case_id=case_id,
                    plan_type="layered",
                    goals=(f"目標（第{version + 1}版）",),
                    actions=(PlanAction(description="居場所への同行", agency="shakyo"),),
                    review_due_on=date(2027, 1, 10),
                    adopted_on=on,
                    reason="見直し" if version else "",
                    revises_version=version,
                )
            )

    return story


def test_a_mistaken_consultation_is_voided_from_the_timeline_and_the_planners_count_follows(
    page: Page, planner: Page, site: Site
) -> None:
    planner_count(planner, site, "0")
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.get_by_text("相談を記録").click()
    form = page.locator("#form-consultations")
    form.get_by_label("相談経路").select_option("phone")
    form.get_by_label("相談者").select_option("family")
    form.get_by_label("内容").fill("別世帯の相談を誤って入力")
    form.get_by_role("button", name="登録").click()
    mistaken = page.locator("#case-timeline li.event-ConsultationRecorded")
    expect(mistaken).to_contain_text("別世帯の相談を誤って入力")
    planner_count(planner, site, "1")

    mistaken.get_by_role("link", name="取消").click()
    void_form = mistaken.get_by_role("form", name="この記録を取り消す")
    void_form.get_by_role("button", name="取り消す").click()
    expect(void_form.locator(".field-error")).to_contain_text("理由を入力してください")
    void_form.get_by_label("理由").fill("別の世帯の相談だった")
    void_form.get_by_role("button", name="取り消す").click()

    expect(mistaken).to_contain_text("取消済み")
    expect(mistaken).to_have_class("event event-ConsultationRecorded is-voided")
    expect(mistaken).to_contain_text(f"取消：佐藤 花子（福祉相談課）・{ON_THE_DAY}・理由：別の世帯の相談だった")
    expect(mistaken.get_by_role("link", name="取消")).to_have_count(0)
    planner_count(planner, site, "0")


def test_an_outreach_visits_date_is_corrected_from_the_timeline(page: Page, planner: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    visit = page.locator("#case-timeline li.event-OutreachVisitRecorded")
    visit.get_by_role("link", name="訂正").click()
    form = visit.get_by_role("form", name="この記録を訂正する")
    expect(form.get_by_label("日付")).to_have_value("2026-11-10")
    form.get_by_label("日付").fill("2026-11-09")
    form.get_by_label("理由").fill("訪問日の入力誤り")
    form.get_by_role("button", name="訂正を登録").click()

    expect(visit).to_contain_text(f"訂正：佐藤 花子（福祉相談課）・{ON_THE_DAY}・理由：訪問日の入力誤り")
    correction = page.locator("#case-timeline li.event-EntryCorrected")
    expect(correction).to_contain_text("2026-11-10 → 2026-11-09")
    expect(correction).to_contain_text("不在。手紙を置いた")


def test_a_meeting_record_and_a_community_activity_are_voided_where_they_are_shown(page: Page, site: Site) -> None:
    def story(app: Kasane) -> None:
        meeting(app, "held-by-mistake", "support", date(2026, 11, 18), (site.case_id,))
        app.execute(
            RecordCommunityActivity(
                actor=COORDINATOR,
                activity_id=uuid.uuid4(),
                kind="consultation_session",
                occurred_on=date(2026, 11, 7),
                agency="fukushi-soudan",
                title="出張相談会（北部地区）",
                participants=12,
                contacts=4,
            )
        )

    seeded(site.settings, story)
    log_in(page, site.url, "sato")

    page.goto(f"{site.url}/meetings/{fixed_id('held-by-mistake')}")
    page.get_by_text("この会議記録を取り消す").click()
    form = page.get_by_role("form", name="この会議記録を取り消す")
    form.get_by_label("理由").fill("同じ会議を二重に記録した")
    form.get_by_role("button", name="会議記録を取り消す").click()
    expect(page.locator("h1")).to_contain_text("記録取消")
    expect(page.locator(".facts")).to_contain_text("同じ会議を二重に記録した")

    page.get_by_role("link", name="地域活動").click()
    expect(page.locator("#activity-totals")).to_contain_text("12")
    activity = page.locator("#activity-list tbody.activity").filter(has_text="出張相談会（北部地区）")
    activity.get_by_role("link", name="訂正").click()
    correction = activity.get_by_role("form", name="この記録を訂正する")
    correction.get_by_label("参加者数").fill("15")
    correction.get_by_label("理由").fill("参加者数の数え誤り")
    correction.get_by_role("button", name="訂正を登録").click()
    expect(activity).to_contain_text("訂正 1回")
    expect(page.locator("#activity-totals")).to_contain_text("15")
    activity.get_by_role("link", name="取消").click()
    void = activity.get_by_role("form", name="この記録を取り消す")
    void.get_by_label("理由").fill("雨天のため中止していた")
    void.get_by_role("button", name="取り消す").click()
    expect(page.locator("#activity-list")).not_to_contain_text("出張相談会（北部地区）")
    expect(page.locator("#activity-totals")).to_have_count(0)
    page.get_by_label("取り消した記録も表示").check()
    expect(page.locator("#activity-list")).to_contain_text(f"取消：{ON_THE_DAY}・理由：雨天のため中止していた")


def test_support_plan_versions_adopted_by_mistake_are_voided_and_the_planners_count_follows(
    page: Page, planner: Page, site: Site
) -> None:
    seeded(site.settings, a_plan_and_its_revision(site.case_id))  # type: ignore[arg-type]
    planner_count(planner, site, "1", PLANS_MADE)
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    expect(page.locator("#case-summary")).to_contain_text("第2版")

    # version 2, from its timeline row: version 1 is in force again, the status stays
    revised = page.locator("#case-timeline li.event-PlanRevised")
    revised.get_by_role("link", name="取消").click()
    form = revised.get_by_role("form", name="この記録を取り消す")
    expect(form).to_contain_text("ケースの状況（支援中など）は自動では戻りません")
    form.get_by_label("理由").fill("別世帯のプランを誤って登録した")
    form.get_by_role("button", name="取り消す").click()
    expect(revised).to_contain_text(
        f"取消：佐藤 花子（福祉相談課）・{ON_THE_DAY}・理由：別世帯のプランを誤って登録した"
    )
    expect(page.locator("#case-timeline li.event-PlanVoided")).to_contain_text("第2版")
    page.reload()
    expect(page.locator("#case-summary")).to_contain_text("第1版")

    # version 1, from its page: the case is left without a plan, and it no longer counts as a plan made
    page.goto(f"{site.url}/cases/{site.case_id}/plans/1")
    page.get_by_role("link", name="この版を取り消す").click()
    form = page.get_by_role("form", name="この記録を取り消す")
    form.get_by_label("理由").fill("同意の確認前に登録していた")
    form.get_by_role("button", name="取り消す").click()
    expect(page.locator("main")).to_contain_text("このケースにはまだ支援プランがありません。")
    planner_count(planner, site, "0", PLANS_MADE)
