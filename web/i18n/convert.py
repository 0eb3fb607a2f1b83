"""Turn leftover translation dictionaries (``web/i18n/messages*.py``, ``vocabulary.py``) into catalog entries.

The wording lives in gettext catalogs (``web/i18n/locale``, docs/translations.md). A branch written before
them may still add ``(Japanese, English)`` pairs to the old dictionaries; after merging it, run

    .venv/bin/python -m web.i18n.convert && make translations

Each module's dictionaries are read by their name: ``*UI`` (screen texts), ``*FIELDS``, ``*ERRORS``
(``(code, field)`` keys), ``*VOCABULARY`` (``{kind: {code: text}}``), ``*EVENTS`` (event labels) and
``SETUP_*`` (the set-up file's messages). ``messages.py`` is read first, so that when it is still there its
merged tables decide, as they did at run time. Entries the catalogs lack are added to the template and to
both languages; entries whose wording differs from the catalogs are listed and left alone (the catalogs
win: edit the .po files by hand if the dictionary's wording is the one to keep). Delete the modules then.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from web.i18n.catalogs import (
    DOMAIN,
    FIELD,
    LANGUAGES,
    LOCALE_DIR,
    SCREEN_TEXT,
    code_context,
    error_context,
    setup_context,
)

Entry = tuple[str | None, str, str, str]
"""(msgctxt, msgid, Japanese, English)."""

HERE = Path(__file__).parent
TABLES = ("UI", "FIELDS", "ERRORS", "VOCABULARY", "EVENTS")


def leftover_modules(folder: Path = HERE) -> list[str]:
    """The dictionary modules still present, the two that merged the others (``messages``, ``vocabulary``) first."""
    names = sorted(p.stem for p in [*folder.glob("messages*.py"), *folder.glob("vocabulary.py")])
    return sorted(names, key=lambda name: (name not in ("messages", "vocabulary"), name != "messages", name))


def tables_of(path: Path) -> dict[str, Any]:
    """A module's top-level tables: run as at run time, or, when what it imports is gone (``messages.py`` merging
    modules deleted since), each table that is a plain literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned = {
        t.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assigned |= {
        node.target.id: node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
    }
    try:
        spec = importlib.util.spec_from_file_location(f"web.i18n.{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return {name: getattr(module, name) for name in assigned}
    except ImportError as error:
        print(f"  {path.name} does not import ({error}): reading its literal tables only")
    tables = {}
    for name, value in assigned.items():
        try:
            tables[name] = ast.literal_eval(value)
        except ValueError:
            if name.endswith(TABLES) or name.startswith("SETUP_"):
                print(f"  {path.name}: {name} is computed, not a literal: convert it by hand")
    return tables


def entries_of(tables: Mapping[str, Any]) -> Iterator[Entry]:
    """Every (Japanese, English) pair of one module's tables, as catalog entries (chosen by the table's name)."""
    for name, table in tables.items():
        if not isinstance(table, dict) or name.startswith("_"):
            continue
        if name.startswith("SETUP_"):
            yield from _pairs(setup_context(name.removeprefix("SETUP_").lower()), table)
        elif name.endswith("UI"):
            yield from _pairs(SCREEN_TEXT, table)
        elif name.endswith("FIELDS"):
            yield from _pairs(FIELD, table)
        elif name.endswith("ERRORS"):
            for (code, field), (ja, en) in table.items():
                yield error_context(field), code, ja, en
        elif name.endswith("VOCABULARY"):
            for kind, labels in table.items():
                yield from _pairs(code_context(kind), labels)
        elif name.endswith("EVENTS"):
            yield from _pairs(code_context("event"), table)


def _pairs(context: str | None, table: dict[str, tuple[str, str]]) -> Iterator[Entry]:
    for key, (ja, en) in table.items():
        yield context, key, ja, en


def read_catalogs(locale_dir: Path = LOCALE_DIR) -> dict[str, Catalog]:
    """The template (key ``"pot"``) and each language's catalog, empty ones where no file is yet."""
    catalogs = {"pot": _read(locale_dir / f"{DOMAIN}.pot", None)}
    for lang in LANGUAGES:
        catalogs[lang] = _read(locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang)
    return catalogs


def _read(path: Path, locale: str | None) -> Catalog:
    if path.exists():
        with path.open("rb") as file:
            return read_po(file, locale=locale)
    catalog = Catalog(locale=locale, domain=DOMAIN, project="Kasane", version="0.1.0", copyright_holder="Kasane")
    catalog.fuzzy = False  # a fuzzy header would make pybabel compile skip the whole catalog
    return catalog


def merge(catalogs: dict[str, Catalog], entries: list[Entry]) -> tuple[int, list[str]]:
    """Add the entries the catalogs lack (after the last entry of the same context); list differing wording.

    The first module to give an entry decides, as ``messages.py``'s merged tables did at run time; a later
    module's same entry was shadowed then and is passed over now."""
    added, differing, seen = 0, [], set()
    for context, msgid, ja, en in entries:
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        known, english = (catalogs[lang].get(msgid, context=context) for lang in LANGUAGES)
        if known is None:
            for key, text in (("pot", ""), ("ja", ja), ("en", en)):
                _insert(catalogs[key], context, msgid, text)
            added += 1
        elif (known.string, english.string if english else "") != (ja, en):
            kept = (known.string, english.string if english else "")
            differing.append(f"{context or ''}|{msgid}: catalogs keep {kept}, dictionary says {(ja, en)}")
    return added, differing


def _insert(catalog: Catalog, context: str | None, msgid: str, text: str) -> None:
    """Babel appends; pick-lists follow the template's order, so a new code goes after its kind's last code."""
    if catalog.get(msgid, context=context) is not None:
        return
    messages = [m for m in catalog if m.id]
    position = max((i for i, m in enumerate(messages) if m.context == context), default=len(messages) - 1) + 1
    following = messages[position:]
    for message in following:
        catalog.delete(message.id, context=message.context)
    catalog.add(msgid, text, context=context)
    for message in following:
        catalog[message.id] = message  # re-added in order (the key carries the context)


def write_catalogs(catalogs: dict[str, Catalog], locale_dir: Path = LOCALE_DIR) -> None:
    with (locale_dir / f"{DOMAIN}.pot").open("wb") as file:
        write_po(file, catalogs["pot"])
    for lang in LANGUAGES:
        path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalogs[lang])


def main() -> int:
    modules = leftover_modules()
    if not modules:
        print("No translation dictionaries left in web/i18n: nothing to convert.")
        return 0
    entries = [entry for name in modules for entry in entries_of(tables_of(HERE / f"{name}.py"))]
    catalogs = read_catalogs()
    added, differing = merge(catalogs, entries)
    write_catalogs(catalogs)
    print(f"{added} messages added to {LOCALE_DIR} from: {', '.join(f'web/i18n/{m}.py' for m in modules)}")
    for line in differing:
        print(f"  differs, left as in the catalogs: {line}")
    print("Now delete those modules, move their callers to web.i18n.language.Translator, and run `make translations`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
