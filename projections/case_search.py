"""Finding a case to take up at a meeting: by household name or by case number.

The case number is the start of the case id, as printed on the case page
(``web.meeting_view.case_number``); a household name matches anywhere in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.case_list_tables import case_list
from projections.case_scope import visible_case_ids

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


def find_cases(connection: Connection, text: str, *, visible_to: tuple[str, str], limit: int = 10) -> list[FoundCase]:
    """Open and closed cases whose household name contains ``text`` or whose number starts with it.

    Only cases the user may see (``visible_to`` = their agency and username, ``projections.case_scope``)."""
    text = text.strip()
    if not text:
        return []
    c = case_list.c
    matches: list[sa.ColumnElement[bool]] = [c.household_name.contains(text, autoescape=True)]
    digits = text.replace("-", "").lower()
    if digits and all(ch in "0123456789abcdef" for ch in digits):
        matches.append(_id_prefix(digits))
    query = (
        sa.select(c.case_id, c.household_name, c.status, c.opened_on, c.meeting_consent)
        .where(sa.or_(*matches), c.case_id.in_(visible_case_ids(*visible_to)))
        .order_by(c.status == "closed", c.household_name, c.case_id)
        .limit(limit)
    )
    return [FoundCase(**row._asdict()) for row in connection.execute(query)]


def _id_prefix(digits: str) -> sa.ColumnElement[bool]:
    """A case number prefix, compared on the id's text as each store writes it (with or without hyphens)."""
    as_text = sa.func.replace(sa.cast(case_list.c.case_id, sa.String), "-", "")
    return sa.func.lower(as_text).startswith(digits, autoescape=True)
