# ruff: noqa: F811  (the shared fixtures settings and story are imported by name; tests take them as arguments)
"""Personal data is sealed with a per-case key; forgetting a case destroys the key and every clear copy.

On both stores: names never reach the event table in clear, read back intact
while the key exists, and after ``forget`` appear nowhere in the database (nor
in the key store), while counts, as-of reports and rebuilt read models are
what they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from domain.application import Kasane
from domain.commands import RecordConsultation
from domain.erasure import CaseErased, ErasureNotPermitted
from domain.errors import NotFound, TransitionNotAllowed
from domain.personal_data import ERASED
from projections.engine.catalogue import ReadModels
from projections.indicators.engine import year_report
from projections.reports.documents import indicators_document
from tests.builders import COORDINATOR, TODAY
from tests.erasure_scenarios import (  # settings and story are the fixtures every erasure test starts from
    ADMIN_USER,
    CONSULTATION,
    DECISIONS,
    HOUSEHOLD,
    KEPT,
    PERSONAL,
    PRINCIPAL,
    Story,
    events_table,
    key_row,
    personal_data_found,
    settings,  # noqa: F401
    story,  # noqa: F401
    whole_store,
)
from tests.plan_scenarios import PLAN_CODE
from tests.read_models import table_contents
from web.storage.erasure import forget
from web.storage.settings import Settings, eventsourcing_env


@pytest.fixture
def other_app(settings: Settings) -> Iterator[Kasane]:
    """A second process on the same store: it reads keys from the key store, not from a cache."""
    application = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    yield application
    application.close()


def forget_it(app: Kasane, read_models: ReadModels, story: Story, *, username: str = ADMIN_USER) -> None:
    forget(app, read_models, case_id=story.forgotten, username=username, reason="保存期間満了")


def report(read_models: ReadModels, as_of: datetime | None = None) -> object:
    with read_models.engine.connect() as connection:
        return indicators_document(year_report(connection, PLAN_CODE, 2023, as_of))


# ---- at rest -------------------------------------------------------------------------------


def test_names_and_notes_are_not_stored_in_clear_in_the_event_table(
    story: Story, settings: Settings, read_models: ReadModels
) -> None:
    assert personal_data_found(events_table(read_models)) == []
    assert b"Case.Opened" in events_table(read_models)  # the scan did read the events
    # the read models (same database) hold them in clear until erasure: the scanner finds what is there
    assert set(personal_data_found(whole_store(settings, read_models))) == set(PERSONAL)


def test_sealed_values_read_back_intact_in_another_process(story: Story, other_app: Kasane) -> None:
    case = other_app.case(story.forgotten)
    assert case.household_name == HOUSEHOLD
    assert [m.name for m in case.members.values()] == [PRINCIPAL]
    assert [e.summary for e in case.live_entries] == [CONSULTATION]  # type: ignore[union-attr]
    decisions = {d.case_id: d.decisions for d in other_app.meeting(story.meeting).discussions}
    assert decisions[story.forgotten] == DECISIONS


# ---- forgetting ------------------------------------------------------------------------------


def test_forgetting_a_case_leaves_its_names_nowhere_in_the_database(
    app: Kasane, story: Story, settings: Settings, read_models: ReadModels
) -> None:
    forget_it(app, read_models, story)
    assert personal_data_found(whole_store(settings, read_models)) == []
    row = key_row(settings, story.forgotten)
    assert row is not None and row[1] is None and row[3] is not None  # key gone, tombstone kept
    assert app.case(story.kept).household_name == KEPT


def test_a_forgotten_case_reads_as_erased_everywhere_without_failing(
    app: Kasane, story: Story, read_models: ReadModels, other_app: Kasane
) -> None:
    forget_it(app, read_models, story)
    for reader in (app, other_app):
        case = reader.case(story.forgotten)
        assert case.household_name == ERASED and case.personal_data_erased
        assert [(m.name, m.kana, m.birth_date) for m in case.members.values()] == [(ERASED, ERASED, None)]
        history = reader.history(story.forgotten)
        assert history[0].data["household_name"] == ERASED
        assert history[-1].event == "PersonalDataErased" and history[-1].actor.user_id == ADMIN_USER
        decisions = {d.case_id: d.decisions for d in reader.meeting(story.meeting).discussions}
        assert decisions == {story.forgotten: ERASED, story.kept: "山田家の方針"}


def test_counts_and_as_of_reports_are_the_same_after_forgetting_and_after_a_rebuild(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    moment = datetime.now(UTC)
    now, then = report(read_models), report(read_models, moment)
    facts = {k: v for k, v in table_contents(read_models).items() if k.startswith("indicator_fact")}
    forget_it(app, read_models, story)
    assert (report(read_models), report(read_models, moment)) == (now, then)
    read_models.rebuild()
    assert (report(read_models), report(read_models, moment)) == (now, then)
    assert {k: v for k, v in table_contents(read_models).items() if k.startswith("indicator_fact")} == facts


def test_rebuilding_after_forgetting_gives_the_same_read_models_and_nothing_personal(
    app: Kasane, story: Story, settings: Settings, read_models: ReadModels
) -> None:
    forget_it(app, read_models, story)
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental
    assert personal_data_found(whole_store(settings, read_models)) == []


# ---- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "error", "message"),
    [
        ("sato", ErasureNotPermitted, "only an administrator"),
        ("nobody", ErasureNotPermitted, "no registered user"),
    ],
)
def test_only_an_administrator_may_forget_a_case(
    app: Kasane,
    story: Story,
    read_models: ReadModels,
    settings: Settings,
    username: str,
    error: type[Exception],
    message: str,
) -> None:
    before = app.recorder.max_notification_id()
    with pytest.raises(error, match=message):
        forget_it(app, read_models, story, username=username)
    assert app.recorder.max_notification_id() == before
    assert app.case(story.forgotten).household_name == HOUSEHOLD
    row = key_row(settings, story.forgotten)
    assert row is not None and row[1] is not None


def test_forgetting_an_unknown_case_is_refused(app: Kasane, story: Story, read_models: ReadModels) -> None:
    import uuid

    before = app.recorder.max_notification_id()
    with pytest.raises(NotFound, match="no such case"):
        forget(app, read_models, case_id=uuid.uuid4(), username=ADMIN_USER, reason="誤り")
    assert app.recorder.max_notification_id() == before


def test_forgetting_twice_is_refused_and_writes_nothing(app: Kasane, story: Story, read_models: ReadModels) -> None:
    forget_it(app, read_models, story)
    before = app.recorder.max_notification_id()
    with pytest.raises(TransitionNotAllowed, match="already been erased"):
        forget_it(app, read_models, story)
    assert app.recorder.max_notification_id() == before


def test_nothing_more_can_be_recorded_on_a_forgotten_case(app: Kasane, story: Story, read_models: ReadModels) -> None:
    import uuid

    forget_it(app, read_models, story)
    before = app.recorder.max_notification_id()
    with pytest.raises(CaseErased):
        app.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=story.forgotten,
                entry_id=uuid.uuid4(),
                occurred_on=date(2023, 9, 1),
                agency="fukushi-soudan",
                channel="phone",
                handler_role="consultation_staff",
                requester_type="self",
                is_new=False,
                summary="高橋美咲さん",
            )
        )
    assert app.recorder.max_notification_id() == before
