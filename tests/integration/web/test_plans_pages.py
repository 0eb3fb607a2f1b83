"""The planner's screens over HTTP: a plan's year now and as of a moment, charts, provenance, changes, downloads."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from urllib.parse import quote

import sqlalchemy as sa
from openpyxl import load_workbook

from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import EXPECTED, FY, RATINGS, YEAR_URL, actual, fiscal_2023, row
from tests.plan_scenarios import PLAN_CODE, consult, fixed_id, void


def test_the_plan_list_names_each_loaded_plan_with_its_period(web: Web) -> None:
    web.seeded(fiscal_2023)
    page = web.client.get("/plans")
    assert page.status_code == 200
    assert "狛江市重層的支援体制整備事業実施計画（検証用）" in page.text
    assert "令和4年度〜令和8年度" in page.text and "FY2022–FY2026" in page.text
    assert f'href="http://testserver/plans/{PLAN_CODE}"' in page.text


def test_the_year_page_shows_every_figure_with_target_rate_and_the_ratings(web: Web) -> None:
    web.seeded(fiscal_2023)
    page = web.client.get(YEAR_URL)
    assert page.status_code == 200
    html = page.text
    assert "令和5年度（FY2023）" in html
    for code, (count, target, rate) in EXPECTED.items():
        assert actual(html, code) == count, code
        cells = row(html, code)
        assert f'<td class="num">{target}</td>' in cells and rate in cells, code
    assert "調査研究" in row(html, "M3") and "実績なし" in row(html, "M3")
    for measure, rating in RATINGS.items():
        assert f'id="measure-{measure}">施策 {measure} ' in html
        assert f'<span class="rating rating-{rating}">{rating}</span>' in html.split(f'id="measure-{measure}"')[1][:400]
    summary = html.split('id="summary-title"')[1].split("</table>")[0]
    assert '<td class="num">1</td><td>4</td>' in summary.replace("\n", "").replace("  ", "")


def test_each_measure_has_an_accessible_svg_chart_of_target_and_actual(web: Web) -> None:
    web.seeded(fiscal_2023)
    html = web.client.get(YEAR_URL).text
    chart = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-6"')[1].split("</svg>")[0]
    assert 'role="img"' in chart and 'aria-labelledby="chart-6-title chart-6-desc"' in chart
    assert "支援会議の開催回数: 目標 3回, 実績 1回" in chart
    assert "<script" not in html.split("<main")[1]


def test_as_of_a_moment_shows_what_was_known_then_and_htmx_swaps_the_year_alone(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    assert actual(web.client.get(YEAR_URL).text, "C-TOTAL") == "4"
    params = {"fy": str(FY), "as_of": story.moment.isoformat()}
    then = web.client.get(f"/plans/{PLAN_CODE}", params=params)
    assert then.status_code == 200 and actual(then.text, "C-TOTAL") == "3"
    fragment = web.client.get(f"/plans/{PLAN_CODE}", params=params, headers=HTMX)
    assert "<html" not in fragment.text and fragment.text.lstrip().startswith('<div id="plan-year"')
    assert actual(fragment.text, "C-TOTAL") == "3" and 'hx-push-url="true"' in fragment.text


def test_changes_since_a_moment_list_the_late_entry_and_the_void_with_their_cases(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    late = web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    voided = web.seeded(lambda app: void(app, story.ishii, "x1", date(2024, 6, 3)))
    page = web.client.get(f"/plans/{PLAN_CODE}/changes", params={"fy": FY, "since": story.moment.isoformat()})
    assert page.status_code == 200
    c_total = page.text.split("C-TOTAL ")[1].split("</table>")[0]
    assert "時点の値 3 → 現在の値" in c_total
    assert f'<td class="num">{late.notification_id}</td><td>追加（後日入力）</td>' in c_total
    assert f'<td class="num">{voided.notification_id}</td><td>取消</td>' in c_total
    assert str(story.okada) in c_total and str(story.ishii) in c_total


def test_a_moment_that_cannot_be_read_is_refused_beside_the_field(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    before_the_plan = (story.moment - timedelta(days=3650)).isoformat()
    future = (story.moment + timedelta(days=400)).isoformat()
    for moment, message in (
        ("31/05/2024", "2026-05-31T17:00"),
        (future, "未来の時点"),
        (before_the_plan, "まだ読み込まれていません"),
    ):
        page = web.client.get(f"/plans/{PLAN_CODE}", params={"fy": FY, "as_of": moment})
        assert page.status_code == 422, moment
        error = page.text.split('id="plan-as_of-error">')[1].split("</p>")[0]
        assert message in error, moment
        assert 'aria-invalid="true"' in page.text
    refused = web.client.get(f"/plans/{PLAN_CODE}/changes", params={"fy": FY, "since": "昨日"})
    assert refused.status_code == 422 and 'id="changes-since-error"' in refused.text


def test_provenance_shows_the_events_and_case_ids_behind_a_figure_without_personal_names(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    page = web.client.get(f"/plans/{PLAN_CODE}/indicators/C-TOTAL", params={"fy": FY})
    assert page.status_code == 200
    events = page.text.split('id="events-title"')[1]
    assert events.count('<th scope="row">相談</th>') == 3
    assert events.count(str(story.ishii)) == 2 and events.count(str(story.okada)) == 1
    assert "福祉相談課" in events and "石井家" not in page.text and "岡田家" not in page.text
    meeting = web.client.get(f"/plans/{PLAN_CODE}/indicators/K6-2", params={"fy": FY}).text
    assert str(fixed_id("support-1")) in meeting and "会議の開催" in meeting
    then = web.client.get(
        f"/plans/{PLAN_CODE}/indicators/C-TOTAL",
        params={"fy": FY, "as_of": (story.moment - timedelta(days=3650)).isoformat()},
    )
    assert then.status_code == 422


def test_unknown_plans_indicators_and_formats_are_not_found(web: Web) -> None:
    web.seeded(fiscal_2023)
    for url in (
        "/plans/no-such-plan",
        f"/plans/{PLAN_CODE}/indicators/NOPE?fy={FY}",
        f"/plans/{PLAN_CODE}/report.pdf?fy={FY}",
        "/plans/no-such-plan/report.csv",
    ):
        assert web.client.get(url).status_code == 404, url
    for year in ("1999", "令和5"):
        refused = web.client.get(f"/plans/{PLAN_CODE}?fy={year}")
        assert refused.status_code == 422 and "この年度は計画期間外" in refused.text, year


def test_downloads_honour_the_moment_and_carry_a_japanese_file_name(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    params = {"fy": str(FY), "as_of": story.moment.isoformat()}
    as_json = web.client.get(f"/plans/{PLAN_CODE}/report.json", params=params)
    assert as_json.headers["content-type"] == "application/json; charset=utf-8"
    document = json.loads(as_json.content)
    assert {i["code"]: i["actual"] for i in document["indicators"]}["C-TOTAL"] == "3"
    disposition = as_json.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="{PLAN_CODE}_FY2023_')
    japanese = quote("進捗管理_狛江市重層的支援体制整備事業実施計画（検証用）_令和5年度_時点", safe="")
    assert f"filename*=UTF-8''{japanese}" in disposition
    as_csv = web.client.get(f"/plans/{PLAN_CODE}/report.csv", params={"fy": str(FY)})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    text = as_csv.content.decode("utf-8-sig")
    assert text.startswith("施策コード,事業コード,指標コード") and ",C-TOTAL," in text and ",4,133.3%," in text
    as_xlsx = web.client.get(f"/plans/{PLAN_CODE}/report.xlsx", params=params)
    assert as_xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(as_xlsx.content))
    assert workbook.sheetnames[:2] == ["進捗管理シート", "評価総括表"]
    assert as_xlsx.headers["content-disposition"].endswith(".xlsx")


def test_the_planner_screens_switch_to_english(web: Web) -> None:
    web.seeded(fiscal_2023)
    html = web.client.get(f"{YEAR_URL}&lang=en").text
    assert "Plans and indicators" in html and "Achievement" in html and "Summary of ratings" in html
    assert "令和5年度（FY2023）" in html


def test_provenance_states_the_counting_rule_by_labels_not_codes(web: Web) -> None:
    web.seeded(fiscal_2023)
    expected = (
        ("ja", ("会議の開催", "会議の種類：支援会議"), ("meeting.held", "meeting_type", "support")),
        ("en", ("Meeting held", "Meeting type: "), ("meeting.held", "meeting_type", "会議")),
    )
    for lang, shown, hidden in expected:
        page = web.client.get(f"/plans/{PLAN_CODE}/indicators/K6-2", params={"fy": FY, "lang": lang}).text
        rule = page.split('id="provenance-rule">')[1].split("</dd>")[0]
        assert all(text in rule for text in shown), rule
        assert not any(text in rule for text in hidden), rule


def test_the_year_page_counts_what_was_recorded_just_before_it_asking_for_the_head_once(web: Web) -> None:
    """The report read models are brought to the head the pages' catch-up found: no second look at the log."""
    story = web.seeded(fiscal_2023)
    assert actual(web.client.get(YEAR_URL).text, "C-TOTAL") == "3"
    consult(web.kasane, story.ishii, date(2023, 10, 1), "recorded-just-before")  # nothing caught up since
    heads: list[str] = []

    def head_read(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        heads.extend([statement] if "max(kasane_events.id)" in statement else [])

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", head_read)
    try:
        page = web.client.get(YEAR_URL)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", head_read)
    assert actual(page.text, "C-TOTAL") == "4"
    assert len(heads) == 1, heads


def test_a_year_counted_once_is_shown_again_until_an_event_is_recorded_and_as_of_moments_apart(web: Web) -> None:
    """The year's document is kept per position of the log (``web.views.report_cache``), plan version, year and
    moment: the same page again reads no figures; a newly recorded event is counted on the next page."""
    story = web.seeded(fiscal_2023)
    assert actual(web.client.get(YEAR_URL).text, "C-TOTAL") == "3"
    counted: list[str] = []

    def figures_read(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        counted.extend([statement] if statement.startswith("SELECT") and "indicator_rule_months" in statement else [])

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", figures_read)
    try:
        assert actual(web.client.get(YEAR_URL).text, "C-TOTAL") == "3"
        assert "：目標と実績" in web.client.get(YEAR_URL).text
        assert ": target and actual" in web.client.get(f"{YEAR_URL}&lang=en").text  # charts kept per language
        assert counted == []
        consult(web.kasane, story.ishii, date(2023, 10, 1), "recorded-after-the-moment")
        then = web.client.get(f"{YEAR_URL}&as_of={quote(story.moment.isoformat())}")
        assert actual(then.text, "C-TOTAL") == "3"
        assert actual(web.client.get(YEAR_URL).text, "C-TOTAL") == "4"
        assert len(counted) == 1  # the year as known now, counted again after the event
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", figures_read)
