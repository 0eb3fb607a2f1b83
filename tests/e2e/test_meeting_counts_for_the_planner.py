"""The whole loop in a real browser: a coordinator records a 支援会議 about two households with an action item,
the case timeline shows it, the planner's count of 支援会議 held goes up by one, and the as-of selector still
shows the figure known before the meeting was recorded.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN, given_open_case
from tests.e2e.conftest import Site, log_in, moment_before_event_after, seeded
from tests.e2e.meeting_steps import Attending, HeldMeeting, Task, record_meeting
from tests.plan_scenarios import MULTI_AGENCY_WORK, Counted, checking_plan

pytestmark = pytest.mark.e2e

PLAN_CODE = "meetings-check"
SUPPORT_MEETINGS_HELD = "#actual-K6-2"
PLAN = checking_plan(
    PLAN_CODE,
    "支援会議の開催（検証用）",
    Counted(
        MULTI_AGENCY_WORK,
        ("6-2", "支援会議", "福祉政策課"),
        "K6-2",
        "支援会議の開催回数",
        '{ events = ["meeting.held"], meeting_type = "support" }',
        target=8,
        unit="回",
    ),
)

MEETING = HeldMeeting(
    meeting_type="支援会議",
    title="11月 支援会議（南部圏域）",
    held_on="令和8年11月18日",
    households=("山田家", "田中家"),
    attendees=(Attending("社会福祉協議会", "CSW"),),
    tasks=(Task("就労準備支援の見学に同行", "社会福祉協議会", "2026-12-10", household="山田家"),),
)


def a_plan_counting_support_meetings_and_a_second_household(app: Kasane) -> None:
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2026, 4, 1)))
    given_open_case(app, household_name="田中家", opened_on=date(2026, 6, 1))


def test_a_recorded_support_meeting_reaches_the_case_and_the_planners_count_but_not_an_earlier_moment(
    page: Page, site: Site
) -> None:
    log_in(page, site.url, "sato")
    seeded(site.settings, a_plan_counting_support_meetings_and_a_second_household)
    year_page = f"{site.url}/plans/{PLAN_CODE}?fy=2026"
    page.goto(year_page)
    held_before = int(page.locator(SUPPORT_MEETINGS_HELD).inner_text())
    last_before_the_meeting = site.events()

    record_meeting(page, site.url, MEETING)
    before_the_meeting = moment_before_event_after(site.settings, last_before_the_meeting)

    page.get_by_role("link", name="山田家").first.click()
    expect(page.locator("#case-timeline")).to_contain_text("会議で検討")
    expect(page.locator("#case-meetings")).to_contain_text("就労準備支援の見学に同行")

    page.goto(year_page)
    expect(page.locator(SUPPORT_MEETINGS_HELD)).to_have_text(str(held_before + 1))

    page.get_by_label("時点", exact=True).fill(before_the_meeting)
    page.get_by_role("button", name="表示").click()
    expect(page).to_have_url(re.compile(r"as_of="))
    expect(page.locator(SUPPORT_MEETINGS_HELD)).to_have_text(str(held_before))
