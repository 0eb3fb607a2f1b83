"""The reader's language and the text shown in it.

Japanese is the default; ``?lang=en`` switches to English and is remembered
in a cookie (see ``web.http.preferences``). Every code shown on a screen goes
through ``Translator.label``, every error through ``Translator.error``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup, escape

from web.i18n.messages import ERRORS, FIELDS, UI, Text
from web.i18n.vocabulary import VOCABULARY

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
DEFAULT_LANGUAGE: Language = "ja"


def choose_language(*candidates: str | None) -> Language:
    """The first candidate that is a supported language (query first, then cookie), else Japanese."""
    for candidate in candidates:
        if candidate == "ja":
            return "ja"
        if candidate == "en":
            return "en"
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    lang: Language

    def _pick(self, text: Text) -> str:
        return text[0] if self.lang == "ja" else text[1]

    def __call__(self, key: str, **params: Any) -> Markup:
        """A screen text by key, with ``params`` escaped unless already markup (a formatted date)."""
        text = UI.get(key)
        return Markup(escape(key if text is None else self._pick(text))).format(**params)

    def label(self, kind: str, code: str | None) -> str:
        """The display label of a stored code, or the code itself when it has none."""
        if code is None:
            return ""
        text = VOCABULARY.get(kind, {}).get(code)
        return code if text is None else self._pick(text)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(code, label) pairs of one kind, in vocabulary order, for pick-lists."""
        return [(code, self._pick(text)) for code, text in VOCABULARY[kind].items()]

    def field(self, name: str) -> str:
        """A field's label; numbered rows (``members-0-name``) read as "世帯員 1：氏名"."""
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "members" and parts[1].isdigit():
            return f"{self('member_n', n=int(parts[1]) + 1)}：{self.field(parts[2])}"
        text = FIELDS.get(name)
        return name if text is None else self._pick(text)

    def error(self, code: str, field: str | None) -> str:
        """The message for an error code on a field, falling back to the code's general message."""
        text = ERRORS.get((code, field)) or ERRORS.get((code, None)) or ERRORS[("invalid_input", None)]
        return self._pick(text)
