"""A printed document's PDF is laid out without the network: WeasyPrint may read our own static files, nothing else."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from web.printing.layout import ForeignURL, StaticFilesOnly, pdf_of

STATIC_URL = "http://kasane.example/static/"


def test_the_print_stylesheet_is_served_from_disk() -> None:
    answer = StaticFilesOnly(STATIC_URL).fetch(f"{STATIC_URL}print.css")
    assert b"@page" in answer.read() and answer.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://elsewhere.example/static/print.css",
        "https://kasane.example/static/print.css",
        "file:///etc/passwd",
        f"{STATIC_URL}../app.py",
        f"{STATIC_URL}%2e%2e/app.py",
        f"{STATIC_URL}no-such-file.css",
    ],
)
def test_any_other_url_is_refused(url: str) -> None:
    with pytest.raises(ForeignURL):
        StaticFilesOnly(STATIC_URL).fetch(url)


def test_a_document_naming_foreign_urls_still_renders_without_them() -> None:
    html = (
        '<html lang="ja"><head><link rel="stylesheet" href="https://cdn.example/x.css"></head>'
        '<body><img src="http://tracker.example/p.png"><p>令和8年11月20日 支援会議</p></body></html>'
    )
    pdf = pdf_of(html, base_url="http://kasane.example/", static_url=STATIC_URL)
    assert "令和8年11月20日" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
