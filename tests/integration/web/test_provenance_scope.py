"""A figure's provenance names cases only to whoever may see them, and says so in the audit.

石井家 and 岡田家 are 福祉相談課 cases. Their coordinator (sato) gets the record-level rows and the read is
audited with both case ids. The 社協 attended the 支援会議 on 石井家, so a 社協 coordinator (suzuki) sees its rows
and only counts for 岡田家; a planner (hayashi) gets counts per agency and month only, where 1 to k−1 reads
``<k``, and no case id at all.
"""

from __future__ import annotations

from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import FY, fiscal_2023
from tests.plan_scenarios import PLAN_CODE

API = f"/api/plans/{PLAN_CODE}/years/{FY}/indicators/C-TOTAL/provenance"
PAGE = f"/plans/{PLAN_CODE}/indicators/C-TOTAL?fy={FY}"


def test_the_coordinator_of_the_cases_gets_record_level_rows_audited_with_their_ids(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    document = web.client.get(API).json()
    assert sorted({e["case_id"] for e in document["events"]}) == sorted([str(story.ishii), str(story.okada)])
    assert document["outside_scope"] == []
    assert str(story.ishii) in web.client.get(PAGE).text
    audit = web.api.state.audit
    assert [(a.username, a.path) for a in audit.accesses(case_id=str(story.ishii)) if a.action == "read"] == [
        ("sato", f"/api/plans/{PLAN_CODE}/years/{FY}/indicators/C-TOTAL/provenance"),
        ("sato", f"/plans/{PLAN_CODE}/indicators/C-TOTAL"),
    ]


def test_another_agency_sees_rows_of_the_cases_in_its_scope_and_counts_for_the_others(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    web.login("suzuki")
    document = web.client.get(API).json()
    assert str(story.okada) not in str(document) + web.client.get(PAGE).text
    assert [e["case_id"] for e in document["events"]] == [str(story.ishii)] * 2
    assert [(r["agency"], r["month"], r["label"]) for r in document["outside_scope"]] == [
        ("fukushi-soudan", "2024-02", "<3")
    ]
    audit = web.api.state.audit
    assert audit.accesses(case_id=str(story.okada)) == []


def test_a_planner_gets_counts_per_agency_and_month_with_small_ones_withheld(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    web.login("hayashi")
    document = web.client.get(API).json()
    text = str(document) + web.client.get(PAGE).text
    assert str(story.ishii) not in text and str(story.okada) not in text
    assert all(e.get("case_id") is None for e in document["events"])
    assert document["cases"] == [] and document["count"] == 3
    assert [(r["agency"], r["month"], r["label"]) for r in document["outside_scope"]] == [
        ("fukushi-soudan", "2023-05", "<3"),
        ("fukushi-soudan", "2023-09", "<3"),
        ("fukushi-soudan", "2024-02", "<3"),
    ]
    assert "担当範囲外のケースの件数（機関・月ごと）" in web.client.get(PAGE).text
    audit = web.api.state.audit
    assert audit.accesses(case_id=str(story.ishii)) == []
