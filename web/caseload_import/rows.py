"""From a caseload file's rows to the ordinary commands, or the problems that stop them.

Each row becomes the command a coordinator's form would have sent (``OpenCase`` with the household's members,
``RecordConsultation`` / ``RecordOutreachVisit``, ``RecordHeldMeeting``), with ids derived from the file's hash
and the row (``domain.caseload_import.row_id``) so that the same file always means the same records. What this
module checks is what a form checks (a value is there, a date reads, a choice is known); the domain then checks
the rest when the commands run (``run.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.caseload_import import row_id
from domain.commands import Command, OpenCase, RecordConsultation, RecordOutreachVisit
from domain.errors import KasaneError
from domain.household import Member
from domain.meeting_commands import RecordHeldMeeting
from domain.meeting_record import Attendee, CaseDiscussion, DiscussionOutcome
from web.caseload_import.layout import (
    CONSULTATION,
    CONTACTS,
    HOUSEHOLD_KEY,
    HOUSEHOLDS,
    MEETINGS,
    MEMBERS,
    NO,
    SHEETS,
    VISIT,
    YES,
    Sheet,
    split_list,
)
from web.caseload_import.workbook import CaseloadFile, Row
from web.i18n.catalogs import code_context, load_catalog
from web.views.dates import parse_day


@dataclass(frozen=True)
class Problem:
    """Why one row (or the file) cannot be imported; ``code`` and ``field`` pick the translated message."""

    sheet: str
    row: int
    column: str
    code: str
    field: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class PlannedRow:
    sheet: Sheet
    row: int
    command: Command
    household_keys: tuple[str, ...] = ()
    """The households the row is about: a refused household makes its rows wait, not fail twice."""
    member_rows: tuple[tuple[int, UUID], ...] = ()
    """A household's members: the 世帯員 rows that its ``OpenCase`` records, with each member's id."""


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _RowProblem(Exception):
    def __init__(self, column: str, code: str, detail: str = "") -> None:
        self.column, self.code, self.detail = column, code, detail


class _RowProblems(Exception):
    def __init__(self, problems: list[_RowProblem]) -> None:
        self.problems = problems


class _Cells:
    """Reads a row's cells, keeping every problem, so one pass over the file lists them all (not one per row)."""

    def __init__(self, row: Row) -> None:
        self.row, self.problems = row, list[_RowProblem]()

    def __call__(self, read: Callable[..., Any], header: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return read(self.row, header, *args, **kwargs)
        except _RowProblem as problem:
            self.problems.append(problem)
            return None

    def fail(self, problem: _RowProblem) -> None:
        self.problems.append(problem)

    def done(self) -> None:
        if self.problems:
            raise _RowProblems(self.problems)


def choice(kind: str, value: str) -> str:
    """A stored code from the code itself or its Japanese or English label (``相談経路`` 電話 → ``phone``)."""
    try:
        return _codes(kind)[value]
    except KeyError:
        raise LookupError(value) from None


@cache
def _codes(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for lang in ("en", "ja"):
        catalog = load_catalog(lang)
        for code in catalog.order.get(code_context(kind), ()):
            table[catalog.get(code_context(kind), code) or code] = code
            table[code] = code
    return table


def plan_rows(source: CaseloadFile, actor: Actor, today: date) -> Plan:
    """Every row's command, or its problems; sheets missing from the file are simply empty."""
    plan = Plan()
    _check_sheets(source, plan)
    reader = _Reader(source.sha256, actor, today, plan)
    members = reader.members(source.sheets.get(MEMBERS.name, []))
    for sheet, build in (
        (HOUSEHOLDS, lambda row: reader.household(row, members)),
        (CONTACTS, reader.contact),
        (MEETINGS, reader.meeting),
    ):
        for row in source.sheets.get(sheet.name, []):
            reader.run(sheet, row, build)
    return plan


def _check_sheets(source: CaseloadFile, plan: Plan) -> None:
    known = {s.name: s for s in SHEETS}
    for name, headers in source.headers.items():
        sheet = known.get(name)
        if sheet is None:
            plan.problems.append(Problem(name, 1, "", "unknown_sheet", detail=name))
            continue
        for column in sheet.columns:
            if column.required and column.header not in headers:
                plan.problems.append(Problem(name, 1, column.header, "missing_column", detail=column.header))
    if not any(source.sheets.get(s.name) for s in SHEETS):
        plan.problems.append(Problem("", 0, "", "no_rows"))


class _Reader:
    def __init__(self, sha256: str, actor: Actor, today: date, plan: Plan) -> None:
        self.sha256, self.actor, self.today, self.plan = sha256, actor, today, plan
        self.cases: dict[str, UUID] = {}
        self.refused_members: set[str] = set()
        """Households with a refused member row: they are not opened short of a member (the row says why)."""
        self.refused_households: set[str] = set()
        """Households whose own row was refused: their other rows say so instead of "no such household"."""

    def run(self, sheet: Sheet, row: Row, build: Callable[[Row], PlannedRow | None]) -> None:
        before = len(self.plan.problems)
        try:
            planned = build(row)
            if planned is not None:
                self.plan.rows.append(planned)
        except _RowProblem as problem:
            self.plan.problems.append(
                Problem(sheet.name, row.number, problem.column, problem.code, None, problem.detail)
            )
        except _RowProblems as problems:
            self.plan.problems += (
                Problem(sheet.name, row.number, p.column, p.code, None, p.detail) for p in problems.problems
            )
        except KasaneError as error:
            column = sheet.column_for(error.field) or sheet.column_for(_member_field(error.field))
            self.plan.problems.append(Problem(sheet.name, row.number, column, error.code, error.field))
        if sheet is HOUSEHOLDS and len(self.plan.problems) > before:
            self.refused_households.add(row.get(HOUSEHOLD_KEY.header))

    def members(self, rows: list[Row]) -> dict[str, list[tuple[Row, Member]]]:
        found: dict[str, list[tuple[Row, Member]]] = {}
        for row in rows:
            problems = len(self.plan.problems)
            self.run(MEMBERS, row, lambda r: self._member(r, found))
            if len(self.plan.problems) > problems:
                self.refused_members.add(row.get(HOUSEHOLD_KEY.header))
        return found

    def _member(self, row: Row, found: dict[str, list[tuple[Row, Member]]]) -> None:
        """A member row becomes part of its household's ``OpenCase``, not a command of its own."""
        cell = _Cells(row)
        key, name, kana = (
            cell(_text, HOUSEHOLD_KEY.header, required=True),
            cell(_text, "氏名", required=True),
            cell(_text, "ふりがな"),
        )
        born, relationship = cell(_day, "生年月日", required=False), cell(_choice, "続柄", "relationship")
        cell.done()
        member_id = row_id(self.sha256, MEMBERS.name, row.number)
        member = Member.checked(
            member_id=member_id, name=name, kana=kana, birth_date=born, relationship=relationship, today=self.today
        )
        found.setdefault(key, []).append((row, member))

    def household(self, row: Row, members: dict[str, list[tuple[Row, Member]]]) -> PlannedRow:
        cell = _Cells(row)
        key = cell(_text, HOUSEHOLD_KEY.header, required=True)
        if key in self.refused_members:
            raise _RowProblems([])
        if key in self.cases:
            cell.fail(_RowProblem(HOUSEHOLD_KEY.header, "duplicate_household", key))
        elif key and key not in members:
            cell.fail(_RowProblem(HOUSEHOLD_KEY.header, "no_members", key))
        case_id = row_id(self.sha256, HOUSEHOLDS.name, row.number)
        command = OpenCase(
            actor=self.actor,
            case_id=case_id,
            opened_on=cell(_day, "受付日"),
            household_name=cell(_text, "世帯名", required=True),
            members=tuple(m for _, m in members.get(key, ())),
            issue_tags=tuple(cell(_choice, "課題", "issue_tag", value=v) for v in _list(row, "課題")),
            area=cell(_text, "圏域", required=True),
            intake_agency=cell(_text, "受付機関", required=True),
            lead_agency=cell(_text, "主担当機関", required=True),
            coordinator=cell(_text, "担当者", required=True),
            channel=cell(_choice, "相談経路", "channel"),
            requester_type=cell(_choice, "相談者", "requester_type"),
            summary=cell(_text, "概要"),
        )
        cell.done()
        self.cases[key] = case_id
        member_rows = tuple((r.number, m.member_id) for r, m in members[key])
        return PlannedRow(HOUSEHOLDS, row.number, command, (key,), member_rows)

    def case_of(self, cell: _Cells, key: str, column: str) -> UUID | None:
        if key in self.refused_households:
            cell.fail(_RowProblem(column, "household_refused", key))
        elif key not in self.cases:
            cell.fail(_RowProblem(column, "unknown_household", key))
        return self.cases.get(key)

    def contact(self, row: Row) -> PlannedRow:
        cell = _Cells(row)
        key, kind = cell(_text, HOUSEHOLD_KEY.header, required=True), cell(_text, "種別", required=True)
        common: dict[str, Any] = {
            "actor": self.actor,
            "case_id": self.case_of(cell, key, HOUSEHOLD_KEY.header) if key else None,
            "entry_id": row_id(self.sha256, CONTACTS.name, row.number),
            "occurred_on": cell(_day, "日付"),
            "agency": cell(_text, "機関", required=True),
            "handler_role": cell(_choice, "対応者", "handler_role"),
        }
        command: Command | None = None
        if kind == CONSULTATION:
            command = RecordConsultation(
                **common,
                channel=cell(_choice, "相談経路", "channel"),
                requester_type=cell(_choice, "相談者", "requester_type"),
                is_new=cell(_yes, "新規"),
                summary=cell(_text, "内容"),
            )
        elif kind == VISIT:
            command = RecordOutreachVisit(
                **common,
                visit_kind=cell(_choice, "訪問種別", "visit_kind"),
                contact_made=cell(_yes, "面会"),
                note=cell(_text, "内容"),
            )
        elif kind:
            cell.fail(_RowProblem("種別", "unknown_kind", kind))
        cell.done()
        assert command is not None
        return PlannedRow(CONTACTS, row.number, command, (key,))

    def meeting(self, row: Row) -> PlannedRow:
        cell = _Cells(row)
        keys = tuple(dict.fromkeys(_list(row, "世帯番号")))
        held_on = cell(_day, "開催日")
        command = RecordHeldMeeting(
            actor=self.actor,
            meeting_id=row_id(self.sha256, MEETINGS.name, row.number),
            meeting_type=cell(_text, "会議種別", required=True),
            title=cell(_text, "名称", required=True),
            scheduled_on=held_on,
            held_on=held_on,
            convenor_agency=cell(_text, "主催機関", required=True),
            attendees=tuple(Attendee(agency=a) for a in _list(row, "出席機関")),
            discussions=tuple(
                CaseDiscussion(case_id=case_id, outcome=DiscussionOutcome.INFORMATION_SHARED)
                for case_id in (self.case_of(cell, k, "世帯番号") for k in keys)
                if case_id is not None
            ),
            summary=cell(_text, "内容"),
        )
        cell.done()
        return PlannedRow(MEETINGS, row.number, command, keys)


def _member_field(field: str | None) -> str | None:
    return field.rsplit(".", 1)[-1] if field and field.startswith("members") else field


def _text(row: Row, header: str, *, required: bool = False) -> str:
    value = row.get(header)
    if required and not value:
        raise _RowProblem(header, "required")
    return value


def _day(row: Row, header: str, *, required: bool = True) -> date | None:
    value = _text(row, header, required=required)
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError:
        raise _RowProblem(header, "bad_date") from None  # the value may be a birth date: never echoed


def _choice(row: Row, header: str, kind: str, *, value: str | None = None) -> str:
    text = _text(row, header, required=value is None) if value is None else value
    try:
        return choice(kind, text)
    except LookupError:
        raise _RowProblem(header, "unknown_choice", text) from None


def _yes(row: Row, header: str) -> bool:
    value = _text(row, header).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise _RowProblem(header, "bad_yes_no", value)


def _list(row: Row, header: str) -> list[str]:
    return split_list(_text(row, header))
