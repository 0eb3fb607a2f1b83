"""The reader's language and the text shown in it.

Japanese is the default; ``?lang=en`` switches to English and is remembered
in a cookie (see ``web.http.preferences``). Every code shown on a screen goes
through ``Translator.label``, every error through ``Translator.error``; the
words come from the gettext catalogs (``web.i18n.catalogs``, docs/translations.md).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from web.i18n.catalogs import FIELD, Catalog, Language, code_context, error_context, load_catalog

DEFAULT_LANGUAGE: Language = "ja"


def choose_language(*candidates: str | None) -> Language:
    """The first candidate that is a supported language (query first, then cookie), else Japanese."""
    for candidate in candidates:
        if candidate == "ja":
            return "ja"
        if candidate == "en":
            return "en"
    return DEFAULT_LANGUAGE


@cache
def _named_fields_only(text: str) -> bool:
    """True when every field of the text is a bare name (``{when}``: no format spec, conversion, index or
    attribute), so that formatting it with each value escaped as ``Markup.format`` escapes it gives the same text.
    ``Markup.format`` runs Python's ``string.Formatter`` and escapes field by field: it was 3 % of a served case
    page's CPU (its timeline says who recorded each entry and when). The catalogs' texts are few: one parse each."""
    return all(
        name is None or (name.isidentifier() and not spec and conversion is None)
        for _, name, spec, conversion in string.Formatter().parse(text)
    )


def _escaped_field(value: Any) -> str:
    """A value as ``Markup.format`` puts it in a bare field: markup as it is, anything else formatted, then escaped."""
    if hasattr(value, "__html_format__"):
        return escape(value.__html_format__(""))
    if hasattr(value, "__html__"):
        return escape(value.__html__())
    return escape(format(value, ""))


@dataclass(frozen=True)
class Translator:
    lang: Language
    catalog: Catalog | None = field(default=None, repr=False, compare=False)
    """The language's compiled catalog: the app's (``KASANE_LOCALE_DIR``), else the packaged one."""

    @property
    def words(self) -> Catalog:
        return self.catalog or load_catalog(self.lang)

    def __call__(self, key: str, **params: Any) -> Markup:
        """A screen text by key, with ``params`` escaped unless already markup (a formatted date)."""
        text = self.words.screen_text(key)
        if not params and "{" not in text and "}" not in text:
            return text  # what format() would give, without parsing the text (most of the page's texts)
        if _named_fields_only(text):
            return Markup(str.format(text, **{name: _escaped_field(value) for name, value in params.items()}))
        return Markup(text).format(**params)

    def label(self, kind: str, code: str | None) -> str:
        """The display label of a stored code, or the code itself when it has none."""
        if code is None:
            return ""
        return self.words.pgettext(code_context(kind), code)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(code, label) pairs of one kind, in the catalog template's order, for pick-lists."""
        return [(code, self.label(kind, code)) for code in self.words.order[code_context(kind)]]

    def field(self, name: str) -> str:
        """A field's label; numbered rows (``members-0-name``) read as "世帯員 1：氏名"."""
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "members" and parts[1].isdigit():
            return f"{self('member_n', n=int(parts[1]) + 1)}：{self.field(parts[2])}"
        return self.words.pgettext(FIELD, name)

    def has_error(self, code: str, field: str | None) -> bool:
        """True when the catalog has a message for exactly this code on this field."""
        return self.words.get(error_context(field), code) is not None

    def error(self, code: str, field: str | None) -> str:
        """The message for an error code on a field, falling back to the code's general message."""
        get = self.words.get
        text = get(error_context(field), code) or get(error_context(None), code)
        return text or self.words.pgettext(error_context(None), "invalid_input")
