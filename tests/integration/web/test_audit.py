"""The audit trail: every read and change of personal data says who, when, what and why, and cannot be changed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.routing import iter_route_contexts
from typer.testing import CliRunner

from domain.audit import AuditLog
from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_api import OPEN_CASE
from tests.integration.web.test_case_forms import VALID
from web.cli.main import cli
from web.storage.settings import Settings


def audit_of(web: Web) -> AuditLog:
    return web.api.state.audit


def test_who_saw_this_household_lists_page_fragment_list_and_api_reads_with_role_and_purpose(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    other = web.seeded(lambda app: given_open_case(app, household_name="鈴木家"))
    web.client.get(f"/cases/{case_id}")
    web.client.get(f"/cases/{case_id}/timeline", headers=HTMX)
    web.login("kimura").client.get("/cases")
    web.client.get(f"/api/cases/{case_id}")
    seen = audit_of(web).accesses(case_id=str(case_id))
    assert [(a.username, a.role, a.action, a.path, a.purpose) for a in seen] == [
        ("sato", "coordinator", "read", f"/cases/{case_id}", "casework"),
        ("sato", "coordinator", "read", f"/cases/{case_id}/timeline", "casework"),
        ("kimura", "supervisor", "read", "/cases", "casework"),
        ("kimura", "supervisor", "read", f"/api/cases/{case_id}", "casework"),
    ]
    assert all(a.status == 200 and a.agency == "fukushi-soudan" for a in seen)
    assert str(other) in seen[2].case_ids, "a list records every case it showed"


def test_every_write_is_recorded_with_the_case_it_changed(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=HTMX)
    opened = web.client.post("/api/cases", json=OPEN_CASE)
    writes = [a for a in audit_of(web).accesses(username="sato") if a.action == "write"]
    assert (writes[0].method, writes[0].path, writes[0].case_ids) == (
        "POST",
        f"/cases/{case_id}/consultations",
        (str(case_id),),
    )
    assert writes[1].case_ids == (opened.json()["id"],) and writes[1].status == 201


def test_refusals_logins_and_failed_logins_are_recorded(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.login("hayashi").client.get(f"/cases/{case_id}")
    web.logout()
    web.client.post("/login", data={"username": "sato", "password": "not-the-password"})
    entries = audit_of(web).accesses()
    assert ("hayashi", "denied", f"/cases/{case_id}", 403) in [
        (a.username, a.action, a.path, a.status) for a in entries
    ]
    assert [a.action for a in entries if a.username == "sato"][-1] == "login_failed"
    assert "login" in [a.action for a in entries if a.username == "hayashi"]


def test_the_admin_screen_answers_who_saw_a_household_and_reading_it_is_itself_recorded(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.get(f"/cases/{case_id}")
    page = web.login("admin").client.get("/admin/audit", params={"case": str(case_id)}).text
    assert "佐藤 花子" in page and f"/cases/{case_id}" in page and "相談支援業務" in page and "閲覧" in page
    assert "誰も変更・削除できません" in page
    admin_reads = [a for a in audit_of(web).accesses(case_id=str(case_id)) if a.username == "admin"]
    assert admin_reads and admin_reads[0].purpose == "audit"
    assert "<script>" not in web.client.get("/admin/audit", params={"user": "<script>alert(1)</script>"}).text


def test_the_admin_screen_offers_no_way_to_change_the_log(web: Web) -> None:
    web.login("admin")
    for method in ("post", "put", "patch", "delete"):
        response = web.client.request(method.upper(), "/admin/audit")
        assert response.status_code in (404, 405), method
    routes = {
        (m, r.path)
        for r in iter_route_contexts(web.api.routes)
        for m in (r.methods or ())
        if r.path is not None and r.path.startswith("/admin/audit")
    }
    assert routes and routes <= {("GET", "/admin/audit"), ("HEAD", "/admin/audit")}


def test_kasane_audit_answers_by_case_and_by_user(
    web: Web, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = web.seeded(given_open_case)
    web.client.get(f"/cases/{case_id}")
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    by_case = CliRunner().invoke(cli, ["audit", "--case", str(case_id)])
    assert by_case.exit_code == 0, by_case.output
    lines = by_case.output.splitlines()
    assert lines[0].startswith("when\tuser") and len(lines) == 2 and "\tsato\tcoordinator\t" in lines[1]
    by_user = CliRunner().invoke(cli, ["audit", "--user", "nobody"])
    assert by_user.exit_code == 0 and len(by_user.output.splitlines()) == 1


def test_the_audit_log_lives_apart_from_the_case_log(web: Web, settings: Settings) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    web.client.get(f"/cases/{case_id}")
    assert web.events() == before, "reading writes nothing to the case log (projections, reports, backups)"
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM kasaneaudit_events")).scalar_one() >= 1
    finally:
        engine.dispose()
