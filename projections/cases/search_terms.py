"""Names as a search compares them: one script, one width, no spaces, and cut into keyed bigrams.

A coordinator types ヤマダ, ﾔﾏﾀﾞ or やま だ for a household stored as 山田 (やまだ):
``normalised`` folds katakana to hiragana, half-width kana to full width,
full-width letters and digits to ASCII, drops every kind of space and lower-cases,
with ``jaconv`` rather than hand-written tables. ``grams`` cuts the result into
bigrams (one character alone when that is all there is), and the read model
stores only their HMACs (``KeyedGrams``), so the index names nobody without the
installation's search key.
"""

from __future__ import annotations

import hmac
import re

import jaconv

SPACES = re.compile(r"\s+")
TOKEN_BYTES = 16


def normalised(text: str) -> str:
    ascii_folded = jaconv.z2h(text, kana=False, ascii=True, digit=True)
    full_kana = jaconv.h2z(ascii_folded, kana=True, ascii=False, digit=False)
    return SPACES.sub("", jaconv.kata2hira(full_kana)).lower()


def grams(text: str) -> set[str]:
    """The bigrams of the normalised text; a single character is its own gram."""
    folded = normalised(text)
    if len(folded) == 1:
        return {folded}
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def indexed_grams(text: str) -> set[str]:
    """What a stored name is indexed under: its bigrams and its characters, so one typed character finds it too."""
    folded = normalised(text)
    return grams(text) | set(folded)


class KeyedGrams:
    """HMAC-SHA256 of each gram under the search key (truncated; collisions only widen a search slightly)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def token(self, gram: str) -> str:
        return hmac.digest(self._key, gram.encode("utf-8"), "sha256")[:TOKEN_BYTES].hex()  # the one-shot C HMAC

    def of_query(self, text: str) -> set[str]:
        return {self.token(g) for g in grams(text)}

    def of_name(self, text: str) -> set[str]:
        return {self.token(g) for g in indexed_grams(text)}
