"""An id outside the caller's scope is 404 everywhere, opening a case with a taken id included."""

from __future__ import annotations

from tests.builders import given_open_case
from tests.integration.web.conftest import Web
from tests.integration.web.test_api import OPEN_CASE


def test_opening_a_case_with_another_agencys_case_id_is_404_not_already_exists(web: Web) -> None:
    case_id = web.seeded(given_open_case)  # 福祉相談課's 山田家
    web.login("suzuki")  # 社会福祉協議会, no part in the case
    before = web.events()
    refused = web.client.post("/api/cases", json={**OPEN_CASE, "case_id": str(case_id)})
    assert refused.status_code == 404 and refused.json()["detail"]["field"] == "case_id"
    assert "山田" not in refused.text
    assert web.events() == before


def test_opening_a_case_with_an_id_one_may_see_is_still_a_conflict(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    again = web.client.post("/api/cases", json={**OPEN_CASE, "case_id": str(case_id)})
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_exists"
