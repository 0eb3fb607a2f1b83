"""The case list, case detail and caseload views follow a realistic case on both stores."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import CacheStats

from domain.application import Kasane
from domain.commands import AssignCase, CloseCase
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from projections.cases import queries
from projections.cases.queries import CaseDetail, InvolvedAgency
from projections.cases.tables import caseload_action_items, caseload_summary
from projections.engine.catalogue import ReadModels
from tests.builders import (
    COORDINATOR,
    TODAY,
    attendees,
    given_consent,
    given_meeting,
    given_open_case,
)
from tests.scenarios import adopt_plan, consult, correct, move, place, refer, visit, void


def detail(read_models: ReadModels, case_id: object) -> CaseDetail:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        found = queries.case_detail(connection, case_id)  # type: ignore[arg-type]
    assert found is not None
    return found


def test_new_case_is_listed_at_intake_with_its_lead_agency(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city, intake_agency="houkatsu-kita")
    shown = detail(read_models, case_id)
    assert (shown.case.household_name, shown.case.status, shown.case.status_since) == (
        "山田家",
        "intake",
        date(2026, 5, 11),
    )
    assert shown.case.issue_tags == ("elderly", "hikikomori")
    assert shown.case.meeting_consent == "none"
    assert shown.agencies == (InvolvedAgency("fukushi-soudan", "lead"), InvolvedAgency("houkatsu-kita", "intake"))
    assert shown.case.version == 1


def test_case_list_follows_status_consent_plan_and_contacts(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city)
    move(city, case_id, "assessment", date(2026, 5, 12))
    call = consult(city, case_id, date(2026, 5, 13))
    given_consent(city, case_id, on=date(2026, 5, 15))
    visit(city, case_id, date(2026, 5, 20))
    visit(city, case_id, date(2026, 6, 1), contact_made=False)
    refer(city, case_id, date(2026, 5, 25))
    move(city, case_id, "planning", date(2026, 5, 26))
    adopt_plan(city, case_id, date(2026, 5, 30), review_due_on=date(2026, 8, 31))  # moves it into 支援中
    place(city, case_id, date(2026, 6, 10))
    late_call = consult(city, case_id, date(2026, 6, 15))
    void(city, case_id, late_call, date(2026, 6, 16))
    given_consent(city, case_id, on=date(2026, 7, 1), decision="withdrawn", scopes=("meeting_discussion",))

    shown = detail(read_models, case_id).case
    assert (shown.status, shown.status_since) == ("in_support", date(2026, 5, 30))
    assert (shown.meeting_consent, shown.meeting_consent_on) == ("withdrawn", date(2026, 7, 1))
    assert (shown.plan_version, shown.next_review_due_on) == (1, date(2026, 8, 31))
    assert shown.last_contact_on == date(2026, 5, 20), "the voided call and the visit without contact do not count"
    assert (shown.consultation_count, shown.outreach_count, shown.placement_count) == (1, 2, 1)
    correct(city, case_id, call, date(2026, 7, 2), occurred_on=date(2026, 5, 22))
    assert detail(read_models, case_id).case.last_contact_on == date(2026, 5, 22)


def test_consent_recorded_late_for_an_earlier_date_does_not_override_a_later_decision(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1), decision="refused")
    given_consent(city, case_id, on=date(2026, 5, 20), decision="given")
    shown = detail(read_models, case_id).case
    assert (shown.meeting_consent, shown.meeting_consent_on) == ("refused", date(2026, 6, 1))


def test_reassignment_keeps_the_old_lead_involved_and_accepted_referrals_join(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = given_open_case(city)
    refer(city, case_id, date(2026, 5, 12), to_agency="jiritsu")
    refer(city, case_id, date(2026, 5, 13), to_agency="hello-work", accept=False)
    city.execute(
        AssignCase(
            actor=COORDINATOR,
            case_id=case_id,
            coordinator="suzuki",
            lead_agency="shakyo",
            occurred_on=date(2026, 5, 20),
        )
    )
    shown = detail(read_models, case_id)
    assert shown.case.coordinator == "suzuki"
    assert set(shown.agencies) == {
        InvolvedAgency("shakyo", "lead"),
        InvolvedAgency("fukushi-soudan", "involved"),
        InvolvedAgency("jiritsu", "involved"),
    }
    assert [(r.to_agency, r.state) for r in shown.referrals] == [("jiritsu", "accepted"), ("hello-work", "declined")]


def test_timeline_keeps_voided_and_corrected_entries_marked(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city)
    call = consult(city, case_id, date(2026, 5, 13))
    correct(city, case_id, call, date(2026, 5, 14), occurred_on=date(2026, 5, 12))
    mistaken = visit(city, case_id, date(2026, 5, 15))
    void(city, case_id, mistaken, date(2026, 5, 16))
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        rows = queries.timeline(connection, case_id)
    assert [(r.event_type, r.voided, r.corrected) for r in rows] == [
        ("Opened", False, False),
        ("ConsultationRecorded", False, True),
        ("EntryCorrected", False, False),
        ("OutreachVisitRecorded", True, False),
        ("EntryVoided", False, False),
    ]
    assert [r.version for r in rows] == [h.version for h in city.history(case_id)]
    assert rows[2].payload["entry"]["occurred_on"] == "2026-05-12"
    assert rows[4].subject_id == mistaken and rows[4].payload["reason"] == "別世帯の記録を誤入力"
    assert (rows[0].actor_user, rows[0].actor_agency) == ("sato", "fukushi-soudan")
    assert rows[0].recorded_at.tzinfo is not None


def test_supervisor_sees_caseload_overdue_reviews_and_ageing(city: Kasane, read_models: ReadModels) -> None:
    yamada = given_open_case(city)
    move(city, yamada, "assessment", date(2026, 5, 12))
    adopt_plan(city, yamada, date(2026, 5, 30), review_due_on=date(2026, 8, 31))
    tanaka = given_open_case(
        city,
        household_name="田中家",
        area="minami",
        coordinator="suzuki",
        lead_agency="shakyo",
        issue_tags=("poverty",),
        opened_on=date(2026, 10, 1),
    )
    adopt_plan(city, tanaka, date(2026, 10, 2), review_due_on=date(2026, 12, 1))
    closed = given_open_case(city, household_name="高橋家", opened_on=date(2026, 4, 10))
    adopt_plan(city, closed, date(2026, 4, 11), review_due_on=date(2026, 6, 1))
    city.execute(CloseCase(actor=COORDINATOR, case_id=closed, reason="moved_away", occurred_on=date(2026, 7, 1)))
    read_models.catch_up()

    with read_models.engine.connect() as connection:
        counts = queries.caseload_counts(connection)
        overdue = queries.overdue_reviews(connection, TODAY)
        ages = queries.ageing(connection, TODAY, at_least_days=100)
        open_cases = queries.list_cases(connection, include_closed=False)
    assert counts.by_status == {"assessment": 1, "closed": 1, "intake": 1}
    assert counts.by_coordinator == {"sato": 1, "suzuki": 1}
    assert counts.by_area == {"kita": 1, "minami": 1}
    assert counts.by_issue_tag == {"elderly": 1, "hikikomori": 1, "poverty": 1}
    assert counts.by_lead_agency == {"fukushi-soudan": 1, "shakyo": 1}
    assert [(o.case_id, o.days_overdue) for o in overdue.items] == [(yamada, 81)], "closed cases are never overdue"
    assert [(a.case_id, a.days_in_status) for a in ages.items] == [(yamada, 192)]
    assert {c.case_id for c in open_cases} == {yamada, tanaka}


def a_meeting_held_over_two_caught_up_cases(city: Kasane, read_models: ReadModels) -> None:
    """Two open cases, the read models caught up with them; then a meeting held that took them up, not caught up."""
    taken_up = [given_open_case(city), given_open_case(city, household_name="佐々木家")]
    read_models.catch_up()
    given_meeting_held(city, taken_up)


def statements_of_the_catch_up(read_models: ReadModels, reading: str) -> list[str]:
    """Catch the read models up; the statements it ran that hold ``reading``."""
    reads: list[str] = []
    sa.event.listen(
        read_models.engine,
        "before_cursor_execute",
        lambda _c, _k, statement, *_: reads.append(statement) if reading in statement else None,
    )
    read_models.catch_up()
    return reads


def test_a_meeting_records_page_reads_its_cases_rows_once_and_counts_them_from_that_read(
    city: Kasane, read_models: ReadModels
) -> None:
    a_meeting_held_over_two_caught_up_cases(city, read_models)
    before = read_models_summary(read_models)  # the meeting not caught up yet
    reads = statements_of_the_catch_up(read_models, "SELECT case_list.")
    assert len(reads) == 1  # the page's rows (``Rows``), not again before and after it for the caseload summary
    after = read_models_summary(read_models)
    assert after != before  # the cases' meeting agencies now count in the attending agencies' scopes
    read_models.rebuild()
    assert read_models_summary(read_models) == after


def test_a_meeting_record_without_open_items_asks_nothing_more_for_the_action_item_counts(
    city: Kasane, read_models: ReadModels
) -> None:
    a_meeting_held_over_two_caught_up_cases(city, read_models)
    reads = statements_of_the_catch_up(read_models, "SELECT caseload_meeting_parties.")
    assert reads == []  # no item is open: whose meetings they are does not matter (main read it before and after)
    counts = read_models_items(read_models)
    read_models.rebuild()
    assert read_models_items(read_models) == counts


def test_a_meeting_records_page_reads_its_cases_related_rows_once_and_counts_after_it_from_its_own_writes(
    city: Kasane, read_models: ReadModels
) -> None:
    a_meeting_held_over_two_caught_up_cases(city, read_models)
    before = read_models_summary(read_models)  # the meeting not caught up yet
    reads = statements_of_the_catch_up(read_models, "FROM case_meeting_agencies")
    assert len(reads) == 1  # before the page; after it, what the page's handlers wrote (main read it again)
    after = read_models_summary(read_models)
    assert after != before  # the attending agencies now see the cases: new keys in their scopes
    read_models.rebuild()
    assert read_models_summary(read_models) == after


def test_the_caseload_counts_upsert_is_compiled_once_not_on_every_page(city: Kasane, read_models: ReadModels) -> None:
    upserts: list[CacheStats] = []
    sa.event.listen(
        read_models.engine,
        "before_cursor_execute",
        lambda _c, _k, statement, _p, context, _m: (
            upserts.append(context.cache_hit) if statement.startswith("INSERT INTO caseload_summary") else None
        ),
    )
    for name in ("佐藤家", "佐々木家"):
        given_meeting_held(city, [given_open_case(city, household_name=name)])
        read_models.catch_up()  # the attending agencies see the case: its keys are new in their scopes

    assert upserts[-1] == CacheStats.CACHE_HIT  # SQLAlchemy 2.0 compiles the dialects' upserts on every execution
    counts = read_models_summary(read_models)
    read_models.rebuild()
    assert read_models_summary(read_models) == counts


def read_models_items(read_models: ReadModels) -> list[tuple[object, ...]]:
    with read_models.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(sa.select(caseload_action_items).order_by(*caseload_action_items.c))
        ]


def read_models_summary(read_models: ReadModels) -> list[tuple[str, str, str, int]]:
    with read_models.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.select(caseload_summary).order_by(*caseload_summary.c))]


def given_meeting_held(app: Kasane, case_ids: list[UUID]) -> None:
    app.execute(held(given_meeting(app, meeting_type="support"), case_ids))


def held(meeting_id: UUID, case_ids: list[UUID]) -> RecordMeetingOutcome:
    """The meeting recorded as held by three agencies, taking up ``case_ids``."""
    return RecordMeetingOutcome(
        actor=COORDINATOR,
        meeting_id=meeting_id,
        held_on=date(2026, 11, 10),
        attendees=attendees("fukushi-soudan", "shakyo", "jiritsu"),
        discussions=tuple(CaseDiscussion(case_id=c, outcome="roles_allocated", decisions="見守り") for c in case_ids),
    )
