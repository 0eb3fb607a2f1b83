"""Read-your-writes over HTTP on each store: a meeting recorded through its form shows on the very next pages.

A command's request catches up only the read models the pages read (``ReadModels.catch_up_pages``); the report
read model (the indicator facts) is left behind until a report page asks for it, and that page catches it up
before it counts, so the planner's figures include the meeting too.
"""

from __future__ import annotations

from projections.engine import positions
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import YEAR_URL, actual, fiscal_2023
from tests.integration.web.test_meetings_pages import meeting_form, meeting_id_of


def where_each_read_model_is(web: Web) -> dict[str, int]:
    with web.read_models.engine.connect() as connection:
        return {name: stored.position for name, stored in positions.read_all(connection).items()}


def test_a_meeting_recorded_through_its_form_shows_on_the_next_pages_and_in_the_report(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    assert actual(web.client.get(YEAR_URL).text, "K6-2") == "1"

    form = meeting_form("support", (story.ishii, "石井家"), meeting_on="2023-10-05", title="10月 支援会議")
    recorded = web.client.post("/meetings/new", data=form, follow_redirects=False)
    assert recorded.status_code == 303, recorded.text
    meeting_page = web.client.get(recorded.headers["location"]).text
    assert "10月 支援会議" in meeting_page and "開催済み" in meeting_page and "石井家の支援方針を共有" in meeting_page
    case_page = web.client.get(f"/cases/{story.ishii}").text
    assert "会議で検討" in case_page and "10月 支援会議" in case_page
    assert meeting_id_of(recorded) in web.client.get("/meetings?month=2023-10").text

    head, at = web.events(), where_each_read_model_is(web)
    assert at["meetings"] == at["case_list"] == at["case_timeline"] == head
    assert at["indicator_facts"] < head, "neither the command nor the pages waited for the report read model"

    report = web.client.get(YEAR_URL).text
    assert actual(report, "K6-2") == "2" and actual(report, "A02") == "2"
    assert where_each_read_model_is(web)["indicator_facts"] == head
