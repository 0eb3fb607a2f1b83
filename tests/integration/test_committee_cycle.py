"""The committee cycle: a year's report goes from 案 to 確定, and stays checkable byte for byte afterwards."""

from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.errors import TransitionNotAllowed
from domain.evaluation import PlanEvaluation
from tests.builders import ADMIN, TODAY
from tests.integration.test_as_of_reports import FY, Story, as_json, run
from tests.plan_scenarios import PLAN_CODE
from web.cli.main import cli
from web.storage.settings import Settings


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


def test_finalizing_records_the_moment_and_the_digest_of_the_document_made_as_of_it(
    app: Kasane, kasane: CliRunner
) -> None:
    Story(app)
    assert as_json(run(kasane, "report", "indicators", *FY))["finalization"]["status_ja"] == "案"
    out = run(kasane, "report", "finalize", *FY).decode()
    assert out.startswith("確定 / finalized: as of ")
    evaluation: PlanEvaluation = app.repository.get(PlanEvaluation.id_for(PLAN_CODE, 2023))
    finalized = evaluation.finalization
    assert finalized is not None and finalized.document_sha256 in out
    document = run(kasane, "report", "indicators", *FY, "--as-of", finalized.as_of.isoformat())
    assert hashlib.sha256(document).hexdigest() == finalized.document_sha256
    shown = as_json(run(kasane, "report", "finalized", *FY))
    assert shown["document_verified"] is True and shown["restated"] == []


def test_after_late_entries_voids_and_corrections_the_finalized_figures_stand_beside_the_restated_ones(
    app: Kasane, kasane: CliRunner
) -> None:
    story = Story(app)
    run(kasane, "report", "finalize", *FY)
    before = as_json(run(kasane, "report", "finalized", *FY))
    story.later(app)
    after = as_json(run(kasane, "report", "finalized", *FY))
    assert after["document_verified"] is True, "re-made as of the 確定 moment, the document is byte-identical"
    assert [f["finalized"] for f in after["figures"]] == [f["finalized"] for f in before["figures"]]
    assert after["restated"], "the late consultation, the void and the correction restate some figures"
    for code in after["restated"]:
        figure = next(f for f in after["figures"] if f["code"] == code)
        assert figure["finalized"] != figure["restated"]
    assert after["corrections"]["entries"], "entries recorded after the 確定 moment are listed"
    assert as_json(run(kasane, "report", "indicators", *FY))["finalization"] == after


def test_a_year_is_finalized_once_and_an_unknown_plan_is_refused(app: Kasane, kasane: CliRunner) -> None:
    Story(app)
    run(kasane, "report", "finalize", *FY)
    again = kasane.invoke(cli, ["report", "finalize", *FY])
    assert again.exit_code == 2 and "エラー / error [fiscal_year]" in again.stderr
    evaluation: PlanEvaluation = app.repository.get(PlanEvaluation.id_for(PLAN_CODE, 2023))
    assert evaluation.finalization is not None
    with pytest.raises(TransitionNotAllowed):
        evaluation.finalize(as_of=evaluation.finalization.as_of, document_sha256="0" * 64, on=TODAY, actor=ADMIN)
    unknown = kasane.invoke(cli, ["report", "finalize", "--plan", "no-such-plan", "--fy", "2023"])
    assert unknown.exit_code == 2
    not_yet = kasane.invoke(cli, ["report", "finalized", "--plan", PLAN_CODE, "--fy", "2024"])
    assert not_yet.exit_code == 2
