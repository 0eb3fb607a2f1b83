"""The what-if in the JSON API (issue 16): a revised plan file's figures beside the loaded plan's, recorded nowhere.

The body carries the file's text, or the name of a file an administrator has placed on the server
(``KASANE_WHAT_IF_DIR``, ``web.storage.what_if_files``). A file that cannot be read as a plan is refused through
``web.http.errors`` like any bad input (422, the plan file's key as ``field``). Counts are suppressed as in
every plan report the API returns.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from domain.errors import InvalidInput
from projections.indicators.what_if import what_if
from projections.reports.what_if import what_if_document
from web.api_models.what_if import WhatIfFilesOut, WhatIfIn
from web.http.deps import CurrentActor, ReportReadDep, SuppressionK
from web.routes.api import REFUSALS
from web.storage.what_if_files import listed, read_listed

router = APIRouter(prefix="/api/plans", tags=["plans"], responses=REFUSALS)


def what_if_folder(request: Request) -> Any:
    return request.app.state.settings.what_if_dir


@router.get("/what-if-files")
def what_if_files(request: Request, actor: CurrentActor) -> WhatIfFilesOut:
    """The revised plan files the server offers for a what-if, by file name."""
    return WhatIfFilesOut(files=listed(what_if_folder(request)))


@router.post("/{code}/what-if")
def what_if_api(
    request: Request, code: str, body: WhatIfIn, connection: ReportReadDep, actor: CurrentActor, k: SuppressionK
) -> JSONResponse:
    """Every year up to ``fiscal_year``, current vs revised figures (``changed`` marks a moved figure or target).

    Nothing is recorded: the file is parsed and counted, not loaded."""
    if (body.definition is None) == (body.file is None):
        raise InvalidInput("give either definition (the file's text) or file (a name the server offers)", field="file")
    source = body.definition if body.file is None else read_listed(what_if_folder(request), body.file)
    assert source is not None
    return JSONResponse(what_if_document(what_if(connection, code, body.fiscal_year, source), k))
