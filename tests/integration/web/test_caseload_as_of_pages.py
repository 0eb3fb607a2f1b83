"""The caseload at a past date on the supervisor's page and in the JSON API: counts as the log knew them then."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.application import Kasane
from tests.builders import given_open_case
from tests.integration.web.conftest import Web
from tests.scenarios import move


def three_households(app: Kasane) -> None:
    for name in ("山田家", "田中家", "小林家"):
        case_id = given_open_case(app, household_name=name)
        move(app, case_id, "assessment", date(2026, 5, 20))
        if name != "小林家":
            move(app, case_id, "planning", date(2026, 6, 1))


def test_the_supervisor_sees_the_caseload_now_and_before_anything_was_recorded(web: Web) -> None:
    web.seeded(three_households)
    web.login("kimura")
    now = web.client.get("/caseload/as-of")
    assert now.status_code == 200
    assert 'id="then-open">3<' in now.text and 'id="then-waiting">2<' in now.text
    assert "山田家" not in now.text  # counts only

    before = web.client.get("/caseload/as-of", params={"as_of": "2026-01-31"})
    assert before.status_code == 200
    assert 'id="then-open">0<' in before.text
    assert "令和8年度の月末ごとの推移" in before.text or "令和7年度の月末ごとの推移" in before.text
    assert 'id="caseload-by-month"' in before.text


def test_a_moment_that_is_not_one_keeps_the_input_and_says_why(web: Web) -> None:
    web.login("kimura")
    refused = web.client.get("/caseload/as-of", params={"as_of": "三月末"})
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text and 'value="三月末"' in refused.text


def test_the_api_answers_for_a_moment_and_month_by_month(web: Web) -> None:
    web.seeded(three_households)
    web.login("kimura")
    moment = datetime.now(UTC).isoformat()
    answer = web.client.get("/api/caseload/as-of", params={"as_of": moment}).json()
    assert (answer["open_cases"], answer["waiting_for_plan"], answer["backlog"]) == (3, 2, 3)
    assert answer["by_status"] == {"assessment": 1, "planning": 2}
    months = web.client.get("/api/caseload/as-of", params={"fy": 2025}).json()["months"]
    assert len(months) == 12 and all(m["open_cases"] == 0 for m in months)
    assert web.client.get("/api/caseload/as-of").status_code == 422
    assert web.client.get("/api/caseload/as-of", params={"as_of": "2999-01-01"}).status_code == 422
