"""The gettext catalogs: where they are, how their entries are keyed, and loading the compiled ones.

One catalog per language (``locale/{ja,en}/LC_MESSAGES/messages.po``), both complete: every msgid is a
code, never a sentence, so Japanese has its own catalog like English. The msgctxt says what kind of code:

- none: a screen text asked for by key (``t("nav_cases")``, ``_("nav_cases")`` in a template);
- ``field``: a form field's label; ``error``: an error code's message, ``error:<field>`` for one field;
- ``code:<kind>``: the label of a stored code (``code:status`` / ``intake``);
- ``setup:<table>``: the set-up file's problems, changes and sections (``kasane setup load``).

The ``.mo`` files are build outputs (``make translations``); a missing one is a set-up error, said so.
``messages.pot`` lists every entry; pick-lists offer a kind's codes in its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

DOMAIN = "messages"
Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
"""The languages of the screens, Japanese first: every message has both (``tests/unit/test_i18n.py``)."""
LOCALE_DIR = Path(__file__).parent / "locale"

SCREEN_TEXT = None
"""The msgctxt of screen texts: none, so that ``t("key")``, ``_("key")`` and ``pybabel extract`` agree."""
FIELD = "field"


def error_context(field: str | None) -> str:
    return "error" if field is None else f"error:{field}"


def code_context(kind: str) -> str:
    return f"code:{kind}"


def setup_context(table: str) -> str:
    return f"setup:{table}"


class CatalogMissing(RuntimeError):
    """Raised when a compiled catalog (.mo) is not there: the set-up step that compiles them was skipped."""


@dataclass(frozen=True)
class Catalog:
    """One language's compiled messages, with the gettext methods Jinja2's i18n extension calls."""

    lang: str
    messages: Mapping[tuple[str | None, str], str]
    order: Mapping[str | None, tuple[str, ...]]
    """Each context's msgids in the template's order (pick-lists follow it)."""
    escaped: dict[str, Markup] = field(default_factory=dict, repr=False, compare=False)
    """Screen texts as HTML, escaped once each (``screen_text``)."""

    def get(self, context: str | None, msgid: str) -> str | None:
        return self.messages.get((context, msgid))

    def gettext(self, message: str) -> str:
        return self.messages.get((None, message), message)

    def screen_text(self, key: str) -> Markup:
        """A screen text escaped as HTML; kept, as a page asks for the same few texts on every row."""
        text = self.escaped.get(key)
        if text is None:
            text = self.escaped.setdefault(key, escape(self.gettext(key)))
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.messages.get((context, message), message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.pgettext(context, singular if n == 1 else plural)


@cache
def load_catalog(lang: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """The compiled catalog of one language (read once per process and directory)."""
    path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as file:
            compiled = read_mo(file)
    except FileNotFoundError:
        raise CatalogMissing(f"{path} is missing: run `make translations` (pybabel compile)") from None
    messages = {
        (m.context, m.id): m.string
        for m in compiled
        if m.id and isinstance(m.id, str) and m.string and isinstance(m.string, str)
    }
    return Catalog(lang, messages, _order(locale_dir))


@cache
def _order(locale_dir: Path) -> Mapping[str | None, tuple[str, ...]]:
    template = locale_dir / f"{DOMAIN}.pot"
    if not template.exists():
        template = LOCALE_DIR / f"{DOMAIN}.pot"
    with template.open("rb") as file:
        entries = [(m.context, m.id) for m in read_po(file) if m.id and isinstance(m.id, str)]
    order: dict[str | None, list[str]] = {}
    for context, msgid in entries:
        order.setdefault(context, []).append(msgid)
    return {context: tuple(ids) for context, ids in order.items()}


def load_catalogs(locale_dir: Path | None = None) -> dict[str, Catalog]:
    """Every language's catalog from one folder (default the packaged one), so a missing .mo fails at start."""
    return {lang: load_catalog(lang, locale_dir or LOCALE_DIR) for lang in LANGUAGES}


def bilingual(context: str | None, msgid: str, locale_dir: Path = LOCALE_DIR) -> tuple[str, str] | None:
    """(Japanese, English) of one entry, for output that says both (the CLI's set-up report)."""
    ja, en = (load_catalog(lang, locale_dir).get(context, msgid) for lang in LANGUAGES)
    return None if ja is None or en is None else (ja, en)
