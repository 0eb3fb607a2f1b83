"""The PDF download of a print view: the very HTML the print view sends, laid out by WeasyPrint (``layout.py``).

Print routes are sync ``def`` routes, so FastAPI runs them, WeasyPrint included, in its thread pool: a long layout
never blocks the event loop.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response


def pdf_response(request: Request, page: Response, filename: str) -> Response:
    """The print view ``page`` as a PDF download named ``filename`` (ids only: no name of a person in it)."""
    if page.status_code != 200:
        return page
    from web.printing.layout import pdf_of  # WeasyPrint loads on the first PDF, not at start-up

    static_url = str(request.url_for("static", path="/"))
    pdf = pdf_of(bytes(page.body).decode(), base_url=str(request.base_url), static_url=static_url)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
