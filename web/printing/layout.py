"""WeasyPrint's half of a PDF download: the layout, and the URL fetcher that serves only our own static files.

Closed networks (LGWAN) allow no fetch at run time, and a document that names a household must not make the
server call out: the URL fetcher serves our own static files (the print stylesheet) from disk and refuses every
other URL. The Japanese font is Debian's IPA Gothic / Mincho (``fonts-ipafont-gothic``, ``-mincho``), found
through fontconfig, never downloaded. This module is imported only when a PDF is asked for (``pdf.py``):
importing WeasyPrint costs about a second, which a CLI command or a server that never prints should not pay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC = Path(__file__).parent.parent / "static"


class ForeignURL(ValueError):
    """Raised when a document asks for anything but one of our static files (WeasyPrint then leaves it out)."""


class StaticFilesOnly(URLFetcher):
    """Serves ``{static_url}<file>`` from ``web/static``; refuses every other URL without touching the network."""

    def __init__(self, static_url: str) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.static_url = static_url

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(self.static_url):
            raise ForeignURL("only our own static files are served to a printed document")
        relative = unquote(urlsplit(url[len(self.static_url) :]).path)
        path = (STATIC / relative).resolve()
        if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
            raise ForeignURL("no such static file")
        kind = "text/css" if path.suffix == ".css" else "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})


def pdf_of(html: str, *, base_url: str, static_url: str) -> bytes:
    """The document as PDF bytes (A4 and page numbers come from the print stylesheet's ``@page`` rule)."""
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesOnly(static_url), media_type="print")
    return bytes(document.write_pdf())
