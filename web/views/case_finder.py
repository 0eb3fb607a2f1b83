"""The case search as the screens and the API ask for it: always by POST, so the words never reach a URL or a log.

The audit writes that a search happened and the case ids it showed, never the
words typed (``web.access.guard.read_by_post``, ``web.access.guard.shown``).
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection

from domain.application import Kasane
from projections.cases import queries
from projections.cases.search import matching
from projections.cases.search_terms import KeyedGrams
from projections.paging import Page

SEARCH_LIMIT = 200
"""At most this many matches are answered, first page only: a search that finds more should be narrowed."""


class CaseSearchIn(BaseModel):
    """A search of the cases the caller may see, by name, kana or case number."""

    q: str = Field(min_length=1, max_length=100, description="part of a name or kana, or the case number")
    limit: int = Field(default=50, ge=1, le=SEARCH_LIMIT)


def keyed(kasane: Kasane) -> KeyedGrams:
    """The blind index's hashing, under this installation's search key."""
    return KeyedGrams(kasane.case_keys.search_key())


def search_cases(
    connection: Connection, kasane: Kasane, text: str, *, visible_to: tuple[str, str], limit: int
) -> Page[queries.CaseSummary]:
    """One page of the matching cases, most recently opened first; it never continues (no ``next_after``)."""
    condition: sa.ColumnElement[bool] = matching(text, keyed(kasane)) if text.strip() else sa.false()
    page = queries.case_page(connection, visible_to=visible_to, today=kasane.today(), limit=limit, matching=condition)
    return replace(page, next_after=None)
