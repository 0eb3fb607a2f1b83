"""The API answers as its OpenAPI document says: one refusal shape for every 422, an Allow header on every 405."""

from __future__ import annotations

from tests.integration.web.conftest import Web


def test_a_value_the_schema_refuses_gets_the_documented_refusal_body(web: Web) -> None:
    answer = web.client.get("/api/cases", params={"limit": "many"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert set(detail) == {"code", "field", "message", "errors"}
    assert (detail["code"], detail["field"], detail["errors"]) == ("invalid_input", "limit", {"limit": "invalid_input"})
    body = web.client.post("/api/cases", json={"household_name": 3}).json()["detail"]
    assert body["code"] == "invalid_input" and "household_name" in body["errors"]


def test_the_documented_422_is_the_refusal_body(web: Web) -> None:
    schema = web.client.get("/openapi.json").json()
    refusal = schema["paths"]["/api/cases"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert refusal["$ref"].endswith("/ErrorOut")


def test_a_method_a_route_does_not_take_is_a_405_with_the_allowed_methods(web: Web) -> None:
    for path in ("/api/cases", "/cases"):
        answer = web.client.delete(path)
        assert answer.status_code == 405, path
        assert "GET" in answer.headers.get("Allow", ""), path


def test_enumerated_values_are_declared_as_enums_in_the_schema(web: Web) -> None:
    schemas = web.client.get("/openapi.json").json()["components"]["schemas"]
    assert {"phone", "visit"} <= set(schemas["Channel"]["enum"])
    assert "csw" in schemas["HandlerRole"]["enum"]
    assert "meeting_discussion" in schemas["ConsentScope"]["enum"]
    assert "given" in schemas["ConsentDecision"]["enum"]
    assert "roles_allocated" in schemas["DiscussionOutcome"]["enum"]
