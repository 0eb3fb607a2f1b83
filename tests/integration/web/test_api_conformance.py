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


FIXED_CHOICES = {  # (request model, field) → the domain's closed list that field takes
    ("MemberIn", "relationship"): "Relationship",
    ("MemberIn", "flags"): "MemberFlag",
    ("OpenCaseIn", "requester_type"): "RequesterType",
    ("OpenCaseIn", "issue_tags"): "IssueTag",
    ("ConsultationIn", "requester_type"): "RequesterType",
    ("ConsultationIn", "issue_tags"): "IssueTag",
    ("OutreachVisitIn", "visit_kind"): "VisitKind",
    ("PlacementIn", "resource_type"): "ResourceType",
    ("StatusChangeIn", "status"): "CaseStatus",
    ("ClosureIn", "reason"): "ClosureReason",
    ("IssueTagsIn", "issue_tags"): "IssueTag",
    ("PlacementEndIn", "outcome"): "PlacementOutcome",
    ("AnonymousConsultationIn", "channel"): "Channel",
    ("AnonymousConsultationIn", "handler_role"): "HandlerRole",
    ("AnonymousConsultationIn", "issue_tags"): "IssueTag",
    ("AnonymousConsultationIn", "topic"): "Topic",
    ("DiscussionIn", "closure_reason"): "ClosureReason",
    ("CommunityActivityIn", "kind"): "ActivityKind",
    ("EntryChangesIn", "visit_kind"): "VisitKind",
    ("EntryChangesIn", "requester_type"): "RequesterType",
    ("ActivityChangesIn", "kind"): "ActivityKind",
    ("PlanAdoptionIn", "plan_type"): "PlanType",
}


def test_every_field_the_domain_takes_from_a_closed_list_is_an_enum_in_the_schema(web: Web) -> None:
    schemas = web.client.get("/openapi.json").json()["components"]["schemas"]

    def enums_named(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {str(node["$ref"]).rsplit("/", 1)[-1]} if "$ref" in node else set()
            return found.union(*(enums_named(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(enums_named(v) for v in node))
        return set()

    missing = {
        (model, field): enum
        for (model, field), enum in FIXED_CHOICES.items()
        if model not in schemas or enum not in enums_named(schemas[model]["properties"][field])
    }
    assert missing == {}
    assert all("enum" in schemas[enum] for enum in FIXED_CHOICES.values())


def test_a_body_that_is_not_utf8_is_the_documented_422_not_an_undocumented_400(web: Web) -> None:
    for path in ("/api/cases", "/api/anonymous-consultations", "/api/cases/search"):
        answer = web.client.post(
            path, content=b'{"household_name": "\xff\xfe"}', headers={"content-type": "application/json"}
        )
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["detail"]["code"] == "invalid_input" and answer.json()["detail"]["field"] == "body"
