"""The use case that notes an imported caseload file, mixed into ``Kasane``."""

from __future__ import annotations

from domain.application_core import KasaneCore
from domain.caseload_import import CaseloadImport, NoteCaseloadImport, import_id
from domain.errors import NotFound
from domain.use_cases import Recorded


class CaseloadImportUseCases(KasaneCore):
    def note_caseload_import(self, cmd: NoteCaseloadImport) -> Recorded:
        note = CaseloadImport.note(sha256=cmd.sha256, rows=cmd.rows, actor=cmd.actor, today=self.today())
        return self._create(note, "import of this file")

    def caseload_import(self, sha256: str) -> CaseloadImport | None:
        """The note of an earlier import of this file content, if there was one."""
        try:
            return self.get(CaseloadImport, import_id(sha256), "import")
        except NotFound:
            return None
