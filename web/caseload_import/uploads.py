"""The two steps the screens and the JSON API share: check an upload (and keep it), then confirm it by hash."""

from __future__ import annotations

from starlette.requests import Request

from web.caseload_import.run import ImportReport, import_caseload
from web.caseload_import.workbook import CaseloadFile, read_upload
from web.demo.scale import BatchingKasane
from web.http.deps import ActingUser
from web.storage.import_uploads import ImportUploads
from web.storage.settings import eventsourcing_env


class UploadGone(LookupError):
    """Raised when the confirmed hash names no kept upload of this user (never uploaded, dropped, or imported)."""


def uploads(request: Request) -> ImportUploads:
    return ImportUploads(request.app.state.read_models.engine, request.app.state.kasane.case_keys)


def check_upload(request: Request, parts: list[tuple[str, bytes]], user: ActingUser) -> ImportReport:
    """The dry run of an uploaded file; a file that can be imported is kept, sealed, for the confirmation."""
    source = read_upload(parts)
    report = _imported(request, source, user, dry_run=True)
    if not report.problems and not report.already_imported:
        uploads(request).keep(source.sha256, parts, user.username)
    return report


def confirm_upload(request: Request, sha256: str, user: ActingUser) -> ImportReport:
    """The real run of the file kept under this hash; the kept file is dropped once it is in the log."""
    kept = uploads(request)
    parts = kept.get(sha256, user.username)
    if parts is None:
        raise UploadGone(sha256)
    source = read_upload(parts)
    report = _imported(request, source, user, dry_run=False)
    if report.recorded or report.already_imported:
        kept.drop(sha256)
        request.app.state.read_models.catch_up()
    return report


def import_directly(request: Request, parts: list[tuple[str, bytes]], user: ActingUser) -> ImportReport:
    """Check and record in one request (the JSON API's ``dry_run=false``)."""
    return _imported(request, read_upload(parts), user, dry_run=False)


def _imported(request: Request, source: CaseloadFile, user: ActingUser, *, dry_run: bool) -> ImportReport:
    kasane = request.app.state.kasane
    app = BatchingKasane(eventsourcing_env(request.app.state.settings), today=kasane.today)
    try:
        report = import_caseload(app, source, user.actor, dry_run=dry_run)
    finally:
        app.close()
    if report.recorded:
        request.app.state.read_models.catch_up()
    return report
