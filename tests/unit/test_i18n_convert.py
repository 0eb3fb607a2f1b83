"""Leftover translation dictionaries (a branch merged after the catalogs) become catalog entries.

``python -m web.i18n.convert`` reads every ``messages*.py`` module's dictionaries; these tests run its steps on a
copy of the catalogs: new entries go to the template and both languages, beside their kind; differing wording is
reported and the catalogs keep theirs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from web.i18n.catalogs import LOCALE_DIR, code_context, load_catalog
from web.i18n.convert import entries_of, leftover_modules, merge, read_catalogs, tables_of, write_catalogs

LEFTOVER = """
Text = tuple[str, str]
PAUSE_UI: dict[str, Text] = {"pause_case": ("支援を一時休止", "Pause support"), "nav_cases": ("ケース", "Cases")}
PAUSE_ERRORS: dict[tuple[str, str | None], Text] = {("paused", None): ("休止中です。", "The case is paused.")}
PAUSE_VOCABULARY: dict[str, dict[str, Text]] = {"status": {"paused": ("休止中", "Paused")}}
"""


def _leftover(folder: Path, source: str = LEFTOVER) -> Path:
    path = folder / "messages_pause.py"
    path.write_text(source, encoding="utf-8")
    return path


def test_leftover_entries_join_both_catalogs_and_a_new_code_its_kind(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    catalogs = read_catalogs(locale)

    added, differing = merge(catalogs, list(entries_of(tables_of(_leftover(tmp_path)))))
    write_catalogs(catalogs, locale)
    CommandLineInterface().run(["pybabel", "-q", "compile", "-D", "messages", "-d", str(locale)])

    assert added == 3
    assert [line.split(":")[0] for line in differing] == ["|nav_cases"]
    ja, en = load_catalog("ja", locale), load_catalog("en", locale)
    assert (ja.gettext("pause_case"), en.gettext("pause_case")) == ("支援を一時休止", "Pause support")
    assert (ja.pgettext("error", "paused"), en.pgettext("error", "paused")) == ("休止中です。", "The case is paused.")
    assert ja.gettext("nav_cases") == "ケース一覧", "the catalogs keep their wording"
    statuses = ja.order[code_context("status")]
    assert statuses[-1] == "paused" and statuses[:-1] == load_catalog("ja").order[code_context("status")]


def test_the_modules_that_merged_the_others_are_read_first(tmp_path: Path) -> None:
    for name in ("messages_pause", "vocabulary", "messages_admin", "messages"):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
    assert leftover_modules(tmp_path) == ["messages", "vocabulary", "messages_admin", "messages_pause"]


def test_a_merging_module_whose_imports_are_gone_still_gives_its_literal_tables(tmp_path: Path) -> None:
    source = "from web.i18n.messages_deleted import DELETED_UI\n" + LEFTOVER + "UI = {**PAUSE_UI, **DELETED_UI}\n"
    tables = tables_of(_leftover(tmp_path, source))
    assert set(tables) == {"PAUSE_UI", "PAUSE_ERRORS", "PAUSE_VOCABULARY"}
    assert (None, "pause_case", "支援を一時休止", "Pause support") in set(entries_of(tables))
