"""A refused API request never says back what was sent: the household's name may be in it.

A client sends malformed JSON, wrongly typed values, unknown keys named after
the household and keys holding a character no record can store, to several
routes. Each answer is the documented 422 (``ErrorOut``), names a field the API
declares (or ``body``) and carries a message, but the name appears neither in
the answer nor in any log line the app writes while refusing it.
"""

from __future__ import annotations

import logging

import pytest

from tests.builders import given_open_case
from tests.integration.web.conftest import Web

NAME = "秘密山 花子"
BODIES = {
    "malformed JSON": '{"household_name": "秘密山 花子", ',
    "not JSON at all": "秘密山 花子",
    "wrongly typed values": '{"household_name": ["秘密山 花子"], "occurred_on": "秘密山 花子", "summary": 7}',
    "a list for an object": '["秘密山 花子"]',
    "an unknown key named after the household": '{"秘密山 花子": "秘密山 花子"}',
    "an unstorable key named after the household": '{"秘密山 花子\\u0000": 1}',
    "an unstorable value in a nested key": '{"members": [{"秘密山 花子\\u0000": "x"}]}',
}


def routes(case_id: str) -> list[str]:
    return [
        "/api/cases",
        f"/api/cases/{case_id}/consultations",
        "/api/cases/search",
        f"/api/cases/{case_id}/members",
        "/api/meetings",
        "/api/anonymous-consultations",
    ]


@pytest.mark.parametrize("kind", BODIES)
def test_a_refused_api_body_never_echoes_the_household_name(
    web: Web, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = str(web.seeded(given_open_case))
    caplog.set_level(logging.DEBUG)
    refused = {
        path: web.client.post(path, content=BODIES[kind].encode(), headers={"content-type": "application/json"})
        for path in routes(case_id)
    }
    assert {path: r.status_code for path, r in refused.items()} == dict.fromkeys(refused, 422)
    for path, response in refused.items():
        detail = response.json()["detail"]
        assert detail["code"] in ("invalid_input", "invalid_text") and detail["message"], (path, detail)
        assert NAME not in response.text and "秘密山" not in response.text, (path, response.text)
        assert detail["field"] is not None and "秘密山" not in detail["field"]
    assert "秘密山" not in caplog.text


def test_a_malformed_body_is_refused_as_the_body_not_a_character_position(web: Web) -> None:
    response = web.client.post(
        "/api/cases", content=b'{"household_name": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"]["field"] == "body"
