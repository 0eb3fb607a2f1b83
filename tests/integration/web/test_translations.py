"""A municipality changes a wording in the .po catalog, compiles it, and its pages say the new words.

The catalogs are copied to a folder of the municipality's own (``KASANE_LOCALE_DIR``), edited as a translator
would (one msgstr each), compiled with ``pybabel compile`` and served; nothing else changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from tests.integration.web.conftest import Web
from web.i18n.catalogs import LOCALE_DIR, code_context
from web.storage.settings import Settings

CHANGED = {
    "ja": {(None, "nav_cases"): "相談ケースの一覧", (code_context("status"), "intake"): "受付（初回相談）"},
    "en": {(None, "nav_cases"): "Every case", (code_context("status"), "intake"): "First contact"},
}


def _reworded(folder: Path) -> Path:
    """The packaged .po files, copied without their .mo, a few msgstr changed, then compiled."""
    locale = folder / "locale"
    shutil.copytree(LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    for lang, changes in CHANGED.items():
        po = locale / lang / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as file:
            catalog = read_po(file)
        for (context, msgid), text in changes.items():
            catalog.get(msgid, context=context).string = text  # type: ignore[union-attr]
        with po.open("wb") as file:
            write_po(file, catalog)
        CommandLineInterface().run(["pybabel", "-q", "compile", "-D", "messages", "-d", str(locale), "-l", lang])
    return locale


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"locale_dir": _reworded(tmp_path)})


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_wording_changed_in_the_po_file_shows_on_the_page_once_compiled(web: Web, lang: str) -> None:
    page = web.client.get("/cases", params={"lang": lang}).text
    for text in CHANGED[lang].values():
        assert text in page
