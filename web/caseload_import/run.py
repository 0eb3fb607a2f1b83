"""Importing a caseload file: validate every row through the ordinary commands, then record all or nothing.

The commands run through ``BatchingKasane`` (``web/demo/scale.py``): every use case and every rule runs as it
would for a form, against aggregates held in memory, and nothing reaches the store until ``flush`` writes every
event, with the note of the import (``domain.caseload_import``), in one transaction. A dry run, or a file with
any problem, never flushes: the store is left as it was. A file whose note exists was imported before, and
nothing is added.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from domain.actor import Actor
from domain.agency import Agency
from domain.area import Area
from domain.caseload_import import ImportedRow, NoteCaseloadImport
from domain.commands import Command, OpenCase, RecordConsultation, RecordOutreachVisit
from domain.errors import KasaneError
from domain.meeting_commands import RecordHeldMeeting
from domain.meeting_type import MeetingType
from domain.user import User
from web.caseload_import.layout import HOUSEHOLDS, MEMBERS, SHEETS, split_list
from web.caseload_import.rows import PlannedRow, Problem, plan_rows
from web.caseload_import.workbook import CaseloadFile
from web.demo.scale import BatchingKasane

MASTER_KINDS: dict[str, type[Agency | Area | User | MeetingType]] = {
    "agency": Agency,
    "area": Area,
    "coordinator": User,
    "meeting_type": MeetingType,
}


@dataclass(frozen=True)
class MissingMaster:
    kind: str
    """One of ``MASTER_KINDS``."""
    code: str


@dataclass(frozen=True)
class ImportReport:
    sha256: str
    problems: tuple[Problem, ...] = ()
    missing: tuple[MissingMaster, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    """Rows per sheet that were (or, in a dry run, would be) recorded."""
    case_ids: tuple[UUID, ...] = ()
    household_rows: tuple[int, ...] = ()
    """The 世帯 row each of ``case_ids`` came from."""
    recorded: bool = False
    already_imported: bool = False
    events: int = 0


def import_caseload(app: BatchingKasane, source: CaseloadFile, actor: Actor, *, dry_run: bool) -> ImportReport:
    """Check every row; record them all (a real run without problems) or nothing."""
    try:
        return _import(app, source, actor, dry_run=dry_run)
    finally:
        app.pending = []  # a dry run or a refusal leaves nothing behind for the next import on this app
        app.forget()


def _import(app: BatchingKasane, source: CaseloadFile, actor: Actor, *, dry_run: bool) -> ImportReport:
    earlier = app.caseload_import(source.sha256)
    if earlier is not None:
        return _report(source.sha256, earlier.rows, already_imported=True)
    plan = plan_rows(source, actor, app.today())
    master_problems, missing = _master_problems(app, source)
    rows, refusals = _run_rows(app, plan.rows, blocked={(p.sheet, p.row) for p in master_problems})
    problems = sorted([*plan.problems, *master_problems, *refusals], key=_in_file_order)
    ordered = tuple(sorted(missing, key=lambda m: (list(MASTER_KINDS).index(m.kind), m.code)))
    if problems or dry_run:
        return _report(source.sha256, tuple(rows), problems=tuple(problems), missing=ordered)
    app.execute(NoteCaseloadImport(actor=actor, sha256=source.sha256, rows=tuple(rows)))
    return _report(source.sha256, tuple(rows), recorded=True, events=app.flush())


def _report(sha256: str, rows: tuple[ImportedRow, ...], **outcome: object) -> ImportReport:
    counts = Counter(r.sheet for r in rows)
    return ImportReport(
        sha256=sha256,
        counts={s.name: counts[s.name] for s in SHEETS if counts[s.name]},
        case_ids=tuple(r.record_id for r in rows if r.sheet == HOUSEHOLDS.name),
        household_rows=tuple(r.row for r in rows if r.sheet == HOUSEHOLDS.name),
        **outcome,  # type: ignore[arg-type]
    )


def _run_rows(
    app: BatchingKasane, planned_rows: list[PlannedRow], blocked: set[tuple[str, int]]
) -> tuple[list[ImportedRow], list[Problem]]:
    """Run each row's command; a refused household's later rows are not run (their problem is the household's)."""
    rows: list[ImportedRow] = []
    problems: list[Problem] = []
    refused: set[str] = set()
    for planned in planned_rows:
        if refused & set(planned.household_keys):
            continue
        if (planned.sheet.name, planned.row) in blocked:
            refused.update(planned.household_keys if planned.sheet is HOUSEHOLDS else ())
            continue
        refusal = _run(app, planned)
        if refusal:
            problems += refusal
            refused.update(planned.household_keys if planned.sheet is HOUSEHOLDS else ())
            continue
        rows.append(ImportedRow(planned.sheet.name, planned.row, _record_id(planned.command)))
        rows += (ImportedRow(MEMBERS.name, number, member_id) for number, member_id in planned.member_rows)
    return rows, problems


def _in_file_order(problem: Problem) -> tuple[int, int]:
    order = [s.name for s in SHEETS]
    return (order.index(problem.sheet) if problem.sheet in order else -1, problem.row)


def _run(app: BatchingKasane, planned: PlannedRow) -> list[Problem]:
    try:
        app.execute(planned.command)
    except KasaneError as error:
        column = planned.sheet.column_for(error.field) or planned.sheet.column_for(_base_field(error.field))
        return [Problem(planned.sheet.name, planned.row, column, error.code, error.field)]
    return []


def _base_field(field_name: str | None) -> str | None:
    """``members[0].birth_date`` or ``discussions`` → the command field a column feeds."""
    if not field_name:
        return field_name
    return field_name.split("[", 1)[0].split(".")[-1]


def _master_problems(app: BatchingKasane, source: CaseloadFile) -> tuple[list[Problem], set[MissingMaster]]:
    """Each agency, area, coordinator and meeting type the file names must exist and be in use.

    Read from the cells themselves, so a row refused for another reason still has its master data checked."""
    problems, missing, usable = [], set[MissingMaster](), dict[tuple[str, str], bool]()
    for sheet in SHEETS:
        columns = [c for c in sheet.columns if c.master]
        for row in source.sheets.get(sheet.name, []):
            for column in columns:
                for code in split_list(row.get(column.header)) if column.is_list else [row.get(column.header)]:
                    if not code:
                        continue
                    key = (column.master, code)
                    if key not in usable:
                        usable[key] = _usable(app, column.master, code, column.field)
                    if not usable[key]:
                        missing.add(MissingMaster(column.master, code))
                        problems.append(Problem(sheet.name, row.number, column.header, "missing_master", detail=code))
    return problems, missing


def _usable(app: BatchingKasane, kind: str, code: str, field_name: str) -> bool:
    """A usable record is then held in memory, so that thousands of rows naming it do not load it again."""
    record_kind = MASTER_KINDS[kind]
    try:
        if kind == "coordinator":
            app.coordinator(code, field_name)
        else:
            app.active(record_kind, code, field_name)
    except KasaneError:
        return False
    record = app.master(record_kind, code, field_name)
    app.held[record.id] = record
    return True


def _record_id(command: Command) -> UUID:
    if isinstance(command, OpenCase):
        return command.case_id
    if isinstance(command, RecordConsultation | RecordOutreachVisit):
        return command.entry_id
    if isinstance(command, RecordHeldMeeting):
        return command.meeting_id
    raise TypeError(type(command).__name__)
