"""The disclosure ledger: every time a household's records were shown, to whom, and the legal basis that day."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from tests.builders import given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import Web
from tests.scenarios import hold
from web.cli.main import cli
from web.storage.settings import Settings


def a_household_shown_without_consent_then_with_it_then_at_a_support_meeting(web: Web) -> tuple[str, str]:
    case_id = web.seeded(given_open_case)
    web.client.get(f"/cases/{case_id}")
    web.seeded(lambda app: given_consent(app, case_id, on=date(2026, 11, 1), scopes=("information_sharing",)))
    web.client.get(f"/cases/{case_id}")

    def support_meeting(app: object) -> object:
        meeting_id = given_meeting(app, meeting_type="support", scheduled_on=date(2026, 11, 10))  # type: ignore[arg-type]
        hold(app, meeting_id, date(2026, 11, 10), case_id)  # type: ignore[arg-type]
        return meeting_id

    meeting_id = web.seeded(support_meeting)
    assert web.login("suzuki").client.get(f"/meetings/{meeting_id}").status_code == 200
    return str(case_id), str(meeting_id)


def test_the_ledger_states_no_basis_then_the_consent_and_its_scope_then_article_106_6(web: Web) -> None:
    case_id, meeting_id = a_household_shown_without_consent_then_with_it_then_at_a_support_meeting(web)
    page = web.login("admin").client.get("/admin/disclosures", params={"case": case_id})
    assert page.status_code == 200
    rows = page.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3
    assert "佐藤 花子" in rows[0] and "同意・支援会議の根拠なし" in rows[0]
    assert "本人同意：関係機関との情報共有" in rows[1] and "令和8年11月1日" in rows[1]
    assert "鈴木 一郎" in rows[2] and f"/meetings/{meeting_id}" in rows[2] and "社会福祉法第106条の6" in rows[2]
    assert "山田家" not in page.text, "an admin reads ids, never a household's name"

    again = web.client.get("/admin/disclosures", params={"case": case_id}).text
    assert again.count("<tr>") == 5, "the ledger's own view is audited and listed (header row + 4)"
    assert "監査" in again.split("<tbody>")[1].split("<tr>")[-1]


def test_only_the_admin_opens_the_ledger_and_a_bad_case_id_is_refused(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    assert web.login("kimura").client.get("/admin/disclosures", params={"case": str(case_id)}).status_code == 403
    web.login("admin")
    assert web.client.get("/admin/disclosures", params={"case": "山田家"}).status_code == 422
    assert web.client.get("/admin/disclosures").status_code == 200


def test_kasane_audit_disclosures_lists_the_same_ledger_and_is_itself_recorded(
    web: Web, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id, _ = a_household_shown_without_consent_then_with_it_then_at_a_support_meeting(web)
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["audit", "disclosures", "--case", case_id])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0][:2] == ["at", "user"]
    assert [(line[1], line[7], line[8]) for line in lines[1:]] == [
        ("sato", "none", ""),
        ("sato", "consent", "information_sharing"),
        ("suzuki", "meeting_confidentiality", ""),
    ]
    again = CliRunner().invoke(cli, ["audit", "disclosures", "--case", case_id]).stdout.splitlines()
    assert again[-1].split("\t")[1] == "cli" and again[-1].split("\t")[6] == "audit"
    refused = CliRunner().invoke(cli, ["audit", "disclosures", "--case", "yamada"])
    assert refused.exit_code == 2 and "エラー / error [--case]" in refused.stderr
