"""The caseload import round-trips into the case list's file (issue 15): the template's households come back out
of the coordinator's CSV export with the template's per-household counts; a refused file exports nothing new."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.integration.web.conftest import Web

TEMPLATE = Path(__file__).parents[3] / "examples" / "import" / "caseload_template.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED_HOUSEHOLDS = (
    "世帯番号,世帯名,受付日,圏域,受付機関,主担当機関,担当者,相談経路,相談者\n"
    "1,森 家,R6.4.31,nowhere,fukushi-soudan,fukushi-soudan,sato,電話,本人\n"
)


def exported_households(web: Web, coordinator: str) -> dict[str, tuple[str, str, str, str]]:
    """世帯名 → (受付日, 世帯員数, 相談件数, 訪問件数), as the coordinator's case list downloads them."""
    answer = web.login(coordinator).client.post("/cases/export", data={"include_closed": "true", "format": "csv"})
    assert answer.status_code == 200, answer.text
    rows = csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))
    return {r["世帯名"]: (r["受付日"], r["世帯員数"], r["相談件数"], r["訪問件数"]) for r in rows}


def test_the_imported_template_comes_back_out_of_the_case_list_export(web: Web) -> None:
    before = exported_households(web, "suzuki")
    web.login("admin")
    upload = [("files", ("caseload_template.xlsx", TEMPLATE.read_bytes(), XLSX))]
    checked = web.client.post("/api/imports/caseload", files=upload).json()
    assert checked["counts"] == {"世帯": 2, "世帯員": 3, "相談・訪問": 3, "支援会議": 1}
    assert web.client.post(f"/api/imports/caseload/{checked['sha256']}").json()["recorded"]
    # the 社協 (suzuki's agency) has a part in both households; the 福祉相談課 (sato's) in 山田 家 only
    assert {n: r for n, r in exported_households(web, "suzuki").items() if n not in before} == {
        "山田 家": ("2024-04-01", "2", "1", "1"),
        "川口 家": ("2024-06-12", "1", "1", "0"),
    }
    assert "川口 家" not in exported_households(web, "sato")
    meetings = web.client.post("/meetings/export", data={"month": "2024-05", "format": "csv"})
    held = csv.DictReader(io.StringIO(meetings.content.decode("utf-8-sig")))
    assert [(r["会議名"], r["開催日（予定日）"], r["検討ケース"]) for r in held] == [
        ("5月 支援会議", "2024-05-20", "1")
    ]


def test_a_refused_file_adds_no_household_to_the_export(web: Web) -> None:
    before = exported_households(web, "suzuki")
    web.login("admin")
    events = web.events()
    refused = web.client.post(
        "/api/imports/caseload?dry_run=false",
        files=[("files", ("世帯.csv", REFUSED_HOUSEHOLDS.encode(), "text/csv"))],
    )
    assert refused.status_code == 422 and web.events() == events
    assert exported_households(web, "suzuki") == before
