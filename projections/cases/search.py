"""Finding a case by household name, a member's name or kana, or case number (受付番号).

The case number is the start of the case id, as printed on the case page
(``web.views.meeting_view.case_number``). Names are matched through the blind index
(``projections.cases.search_index``): the typed text is normalised and cut into
bigrams exactly as the stored names were, hashed under the search key, and a
case matches when its names hold every one of them, so ヤマダ finds やまだ and
ﾔﾏﾀﾞ alike. A forgotten case has no tokens left and is found by number only
(its name reads as erased).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.cases.scope import visible_case_ids
from projections.cases.search_index import case_search_tokens
from projections.cases.search_terms import KeyedGrams
from projections.cases.tables import case_list

CASE_NUMBER_LENGTH = 8


@dataclass(frozen=True)
class FoundCase:
    case_id: UUID
    household_name: str
    status: str
    opened_on: date
    meeting_consent: str | None

    @property
    def case_number(self) -> str:
        return self.case_id.hex[:CASE_NUMBER_LENGTH].upper()


def matching(text: str, keyed: KeyedGrams) -> sa.ColumnElement[bool]:
    """The cases whose names hold ``text`` (through the blind index) or whose number starts with it."""
    text = text.strip()
    tokens = keyed.of_query(text)
    t = case_search_tokens.c
    matches: list[sa.ColumnElement[bool]] = (
        [
            case_list.c.case_id.in_(
                sa.select(t.case_id)
                .where(t.token.in_(sorted(tokens)))
                .group_by(t.case_id)
                .having(sa.func.count(sa.distinct(t.token)) == len(tokens))
            )
        ]
        if tokens
        else []
    )
    digits = text.replace("-", "").lower()
    if digits and all(ch in "0123456789abcdef" for ch in digits):
        matches.append(_id_prefix(digits))
    return sa.or_(*matches) if matches else sa.false()


def find_cases(
    connection: Connection, text: str, *, keyed: KeyedGrams, visible_to: tuple[str, str], limit: int = 10
) -> list[FoundCase]:
    """Open and closed cases whose names hold ``text`` or whose number starts with it (see ``matching``).

    Only cases the user may see (``visible_to`` = their agency and username, ``projections.cases.scope``)."""
    if not text.strip():
        return []
    c = case_list.c
    query = (
        sa.select(c.case_id, c.household_name, c.status, c.opened_on, c.meeting_consent)
        .where(matching(text, keyed), c.case_id.in_(visible_case_ids(*visible_to)))
        .order_by(c.status == "closed", c.household_name, c.case_id)
        .limit(limit)
    )
    return [FoundCase(**row._asdict()) for row in connection.execute(query)]


def _id_prefix(digits: str) -> sa.ColumnElement[bool]:
    """A case number prefix, compared on the id's text as each store writes it (with or without hyphens)."""
    as_text = sa.func.replace(sa.cast(case_list.c.case_id, sa.String), "-", "")
    return sa.func.lower(as_text).startswith(digits, autoescape=True)
