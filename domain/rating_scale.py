"""A plan's own rating scale: what a measure's rating may be, and who gives it.

The seeds rate measures three ways, and each plan says which it uses:

- ``share`` (Komae, the default): computed from the share of programmes
  achieved (``domain.rating.komae_rating``); a hand-given A–D may override it,
  e.g. the single-programme 3-(1) Komae printed as C, which no share gives.
- ``grades`` (Kiyose): A–D given by hand per action, with the plan's own
  definitions (A 取り組みを実施し、目標を達成している …); nothing is computed.
- ``status`` (Toyota): a status word given by hand (順調 / 一部遅れ / 遅れ /
  確認中, or the plan's own list); nothing is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput


class ScaleKind(StrEnum):
    SHARE = "share"
    GRADES = "grades"
    STATUS = "status"


@dataclass(frozen=True)
class RatingGrade:
    """One rating a measure may get, and what it means in the plan's words."""

    code: str
    definition: str = ""


KOMAE_GRADES: tuple[RatingGrade, ...] = (
    RatingGrade("A", "進捗している"),
    RatingGrade("B", "現状維持"),
    RatingGrade("C", "あまり進捗していない"),
    RatingGrade("D", "全く進捗していない"),
)
"""Komae's four levels (seed 002, 評価基準)."""

LETTER_GRADES = ("A", "B", "C", "D")
STATUS_WORDS = ("順調", "一部遅れ", "遅れ", "確認中")
"""Toyota's progress words (seed 004), the default list of a ``status`` scale."""


@dataclass(frozen=True)
class RatingScale:
    kind: str = ScaleKind.SHARE.value
    grades: tuple[RatingGrade, ...] = KOMAE_GRADES

    @property
    def computed(self) -> bool:
        """True when the rating follows from the programmes (Komae); otherwise only people give it."""
        return self.kind == ScaleKind.SHARE

    def codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.grades)

    def definition(self, code: str) -> str:
        return next((g.definition for g in self.grades if g.code == code), "")

    def check(self, value: object, field: str) -> str:
        """The rating, if it is one of this plan's; otherwise a refusal listing them."""
        if isinstance(value, str) and value.strip() in self.codes():
            return value.strip()
        allowed = " / ".join(self.codes())
        raise InvalidInput(f"評価は {allowed} のいずれかです / rating must be one of {allowed}", field=field)
