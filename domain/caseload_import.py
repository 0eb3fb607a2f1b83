"""The note that a caseload file was imported: which file (by SHA-256), and what each of its rows recorded.

A municipality starting with Kasane brings its existing caseload in a spreadsheet (docs/import.md). Every
row is recorded through the ordinary commands (``OpenCase``, ``RecordConsultation``, ``RecordHeldMeeting`` …),
so the events are the same as if a coordinator had typed them; this aggregate is the provenance beside them
(an "imported from" note that leaves every existing event class untouched). Its id is derived from the
file's hash and every row's record id from the hash and the row, so the same file imported again finds the
note and adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.commands import Command
from domain.errors import InvalidInput

IMPORT_NAMESPACE = UUID("6f0b9d1e-5a43-4c1e-9a57-2b8f0c7d4e21")
"""The namespace of every id an import derives (``uuid5``): the note's, and each row's records."""

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def import_id(sha256: str) -> UUID:
    """The note's id: one note per file content, whatever the file is called."""
    return uuid5(IMPORT_NAMESPACE, f"caseload:{sha256}")


def row_id(sha256: str, sheet: str, row: int, part: str = "") -> UUID:
    """The id of what one row records (``part`` tells apart several ids of one row, e.g. a member)."""
    return uuid5(IMPORT_NAMESPACE, f"caseload:{sha256}:{sheet}:{row}:{part}")


@dataclass(frozen=True)
class ImportedRow:
    """One row of the file and the record it became (a case, a consultation or visit entry, a meeting)."""

    sheet: str
    row: int
    record_id: UUID


def check_sha256(value: object) -> str:
    """Raised when the file's hash is not 64 lower-case hexadecimal digits."""
    if not isinstance(value, str) or not _SHA256.match(value):
        raise InvalidInput("the file hash must be a SHA-256 in hexadecimal", field="sha256")
    return value


class CaseloadImport(Aggregate):
    """One imported file: its hash and the record each row became (never its name, which may name a person)."""

    class Imported(Aggregate.Created):
        occurred_on: date
        actor: Actor
        sha256: str
        rows: tuple[ImportedRow, ...]

    @event(Imported)
    def __init__(self, id: UUID, occurred_on: date, actor: Actor, sha256: str, rows: tuple[ImportedRow, ...]) -> None:
        self.sha256 = sha256
        self.rows = rows
        self.imported_on = occurred_on

    @classmethod
    def note(cls, *, sha256: object, rows: tuple[ImportedRow, ...], actor: Actor, today: date) -> CaseloadImport:
        checked = check_sha256(sha256)
        if not rows:
            raise InvalidInput("the file has no rows to import", field="rows")
        return cls(
            id=import_id(checked),
            occurred_on=today,
            actor=actor,
            sha256=checked,
            rows=rows,
        )


@dataclass(frozen=True, kw_only=True)
class NoteCaseloadImport(Command):
    """Note that a file was imported, in the same save as the records of its rows (``web/caseload_import``)."""

    sha256: str
    rows: tuple[ImportedRow, ...]
