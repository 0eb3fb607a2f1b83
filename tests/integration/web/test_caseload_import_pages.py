"""The caseload import over HTTP: the admin uploads, reads the dry-run report in Japanese, confirms by hash,
and the case list shows the households; the JSON API does the same; a refused upload writes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.integration.web.conftest import Web

TEMPLATE = Path(__file__).parents[3] / "examples" / "import" / "caseload_template.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED_HOUSEHOLDS = (
    "世帯番号,世帯名,受付日,圏域,受付機関,主担当機関,担当者,相談経路,相談者\n"
    "1,森 家,R6.4.31,nowhere,fukushi-soudan,fukushi-soudan,sato,電話,本人\n"
)


def template_upload() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", ("caseload_template.xlsx", TEMPLATE.read_bytes(), XLSX))]


def test_admin_uploads_checks_confirms_and_finds_the_households(web: Web) -> None:
    web.login("admin")
    before = web.events()
    checked = web.client.post("/admin/import", files=template_upload())
    assert checked.status_code == 200, checked.text
    assert "問題はありません" in checked.text and "世帯 2" in checked.text and "この内容で登録する" in checked.text
    assert web.events() == before  # the dry run wrote nothing
    sha256 = checked.text.split("/admin/import/")[1].split('"')[0]
    recorded = web.client.post(f"/admin/import/{sha256}")
    assert recorded.status_code == 200 and "登録しました" in recorded.text
    assert "山田" not in recorded.text  # an admin does not read households; the case ids are listed
    assert web.events() > before
    cases = web.login("sato").client.get("/cases").text
    assert "山田 家" in cases
    again = web.login("admin").client.post("/admin/import", files=template_upload())
    assert "取込済み" in again.text and "この内容で登録する" not in again.text


def test_a_refused_upload_lists_problems_in_japanese_and_cannot_be_confirmed(web: Web) -> None:
    web.login("admin")
    before = web.events()
    refused = web.client.post("/admin/import", files=[("files", ("世帯.csv", REFUSED_HOUSEHOLDS.encode(), "text/csv"))])
    assert refused.status_code == 422
    assert "日付として読めません" in refused.text and "マスタに登録されていません（nowhere）" in refused.text
    assert "この内容で登録する" not in refused.text
    assert web.events() == before


def test_the_api_checks_then_confirms_by_hash_and_answers_refusals_with_every_problem(web: Web) -> None:
    web.login("admin")
    before = web.events()
    checked = web.client.post("/api/imports/caseload", files=template_upload())
    assert checked.status_code == 200 and checked.json()["counts"]["世帯"] == 2 and web.events() == before
    confirmed = web.client.post(f"/api/imports/caseload/{checked.json()['sha256']}")
    assert confirmed.status_code == 200 and confirmed.json()["recorded"] and len(confirmed.json()["case_ids"]) == 2
    refused = web.client.post(
        "/api/imports/caseload?dry_run=false&lang=en",
        files=[("files", ("households.csv", REFUSED_HOUSEHOLDS.encode(), "text/csv"))],
    )
    assert refused.status_code == 422
    problems = {(p["sheet"], p["row"], p["column"], p["code"]) for p in refused.json()["problems"]}
    assert problems == {
        ("世帯", 2, "世帯番号", "no_members"),
        ("世帯", 2, "受付日", "bad_date"),
        ("世帯", 2, "圏域", "missing_master"),
    }
    assert "Not a date (e.g. 令和6年4月1日, R6.4.1, 2024-04-01)." in [p["message"] for p in refused.json()["problems"]]
    gone = web.client.post(f"/api/imports/caseload/{'0' * 64}")
    assert gone.status_code == 410


def test_only_admins_import(web: Web) -> None:
    assert web.client.get("/admin/import").status_code == 403
    assert web.client.post("/api/imports/caseload", files=template_upload()).status_code == 403
