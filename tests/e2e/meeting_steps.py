"""Browser steps a coordinator takes to record a held meeting, for any journey that needs one.

``record_meeting`` drives the real form (case search, added rows, htmx) the
way a user does, and returns once the meeting's own page shows; journeys in
other areas (e.g. the planner's counts) reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect


@dataclass(frozen=True)
class Attending:
    agency: str
    """The agency's display name, as the pick-list shows it."""
    role: str = ""


@dataclass(frozen=True)
class Task:
    description: str
    owner_agency: str
    due_on: str
    household: str | None = None
    """The discussed case the task is about (its household name), if any."""


@dataclass(frozen=True)
class HeldMeeting:
    meeting_type: str
    """The meeting type's display name, e.g. 支援会議."""
    title: str
    held_on: str
    households: tuple[str, ...]
    attendees: tuple[Attending, ...] = (Attending("社会福祉協議会", "CSW"),)
    tasks: tuple[Task, ...] = ()
    outcome: str = "役割分担"
    decisions: dict[str, str] = field(default_factory=dict)
    closure_reasons: dict[str, str] = field(default_factory=dict)
    """The 終結の理由 (its display name) by household, for a case whose outcome is 終結."""


def record_meeting(page: Page, base_url: str, meeting: HeldMeeting) -> str:
    """Record ``meeting`` as held through /meetings/new; returns the URL of the meeting's page."""
    page.goto(f"{base_url}/meetings/new")
    form = page.locator("#form-meeting")
    form.get_by_label("開催した会議を記録する").check()
    form.get_by_label("会議の種類").select_option(label=meeting.meeting_type)
    form.get_by_label("会議名").fill(meeting.title)
    form.get_by_label("開催日（予定日）").fill(meeting.held_on)
    for number, household in enumerate(meeting.households):
        _take_up(
            page,
            number,
            household,
            meeting.outcome,
            meeting.decisions.get(household, ""),
            meeting.closure_reasons.get(household, ""),
        )
    for attending in meeting.attendees:
        row = _new_row(form, "出席機関の入力欄を追加", ".attendee-row")
        row.get_by_label("機関", exact=True).select_option(label=attending.agency)
        row.get_by_label("役割", exact=True).fill(attending.role)
    for n, task in enumerate(meeting.tasks):
        row = form.locator(".item-row").nth(n) if n == 0 else _new_row(form, "役割分担の入力欄を追加", ".item-row")
        row.get_by_label("内容", exact=True).fill(task.description)
        row.get_by_label("担当機関").select_option(label=task.owner_agency)
        row.get_by_label("期限").fill(task.due_on)
        if task.household:
            row.get_by_label("対象ケース（任意）").select_option(label=task.household)
    form.get_by_role("button", name="登録").click()
    expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
    return page.url


def _new_row(form: Locator, button: str, rows: str) -> Locator:
    """Click a form's add-row button and wait for htmx to append the row."""
    count = form.locator(rows).count()
    form.get_by_role("button", name=button).click()
    expect(form.locator(rows)).to_have_count(count + 1)
    return form.locator(rows).last


def _take_up(page: Page, row: int, household: str, outcome: str, decisions: str, closure_reason: str = "") -> None:
    """Find the case by its household name and add it, then say what the meeting did about it."""
    page.get_by_label("ケースを検索（世帯名・ケース番号）").fill(household)
    page.get_by_role("button", name=f"{household}を追加").click()
    case_row = page.locator(".case-row").nth(row)
    expect(case_row.locator("legend")).to_contain_text(household)
    case_row.get_by_label("検討結果").select_option(label=outcome)
    if closure_reason:
        case_row.get_by_label("終結の理由").select_option(label=closure_reason)
    if decisions:
        case_row.get_by_label("決定事項").fill(decisions)
