"""The indicator fact tables: the fact rows, and the small per-case and per-meeting state they are recorded with.

Kept apart from the projection (``projections.indicators.facts``) because
counting, reports and provenance read these tables without applying events:
``indicator_facts`` with one plain column per unit, filter and amount
(``dimensions`` fills them), ``indicator_fact_cases`` (each case's area and
issue tags), ``indicator_fact_meetings``, and the summary tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa

from domain.rule import AMOUNTS, FLAG_FILTERS, LIST_FILTERS
from projections.engine.versioning import AFTER_LOAD
from projections.indicators import fact_summary
from projections.indicators.rule_sql import TAGS

metadata = sa.MetaData()

CODE = sa.String(64)

UNITS = ("case", "meeting", "agency", "area")
"""Units of distinctness (``domain.rule.EVENT_KINDS``), each a ``unit_<name>`` column."""
"""The one filter whose fact value is a list: a ``|tag|tag|`` text column."""
SCALAR_FILTERS = tuple(name for name in LIST_FILTERS if name != TAGS)
"""Filters with one text value per fact, each a column of its name."""
FLAGS = tuple(sorted(FLAG_FILTERS))
"""True/false filters, each a boolean column of its name."""

indicator_facts = sa.Table(
    "indicator_facts",
    metadata,
    sa.Column("fact_key", sa.String(160), primary_key=True, comment="the occurrence, e.g. entry:<id>"),
    sa.Column("notification_id", sa.BigInteger, primary_key=True, comment="the event that recorded this version"),
    sa.Column("kind", sa.String(60), nullable=False, comment="an EVENT_KINDS code"),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("units", sa.JSON, nullable=False, comment="case, meeting, agency, area ids"),
    sa.Column("facts", sa.JSON, nullable=False, comment="filter values, by filter name"),
    sa.Column("context", sa.JSON, comment="the case's area and issue tags when first recorded (case facts)"),
    sa.Column("source_id", sa.Uuid, nullable=False, index=True, comment="the aggregate whose event recorded it"),
    sa.Column("source_version", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("superseded_at", sa.DateTime(timezone=True)),
    sa.Column("superseded_by", sa.BigInteger, comment="notification id of the void or correction"),
    *(sa.Column(f"unit_{unit}", sa.String(64), comment=f"the {unit} unit, if any") for unit in UNITS),
    *(sa.Column(name, CODE, comment=f"the {name} filter value, if any") for name in SCALAR_FILTERS),
    sa.Column(TAGS, sa.Text, comment="issue tags as |tag|tag| (NULL: the kind has none)"),
    *(sa.Column(name, sa.Boolean, comment=f"the {name} flag, if any") for name in FLAGS),
    *(
        sa.Column(name, sa.Integer, comment=f"the {name} a community activity reports (total_of rules)")
        for name in AMOUNTS
    ),
)
COUNTED_COLUMNS = (
    "kind",
    "occurred_on",
    "superseded_at",
    "recorded_at",
    *(f"unit_{u}" for u in UNITS),
    *SCALAR_FILTERS,
    TAGS,
    *FLAGS,
    *AMOUNTS,
)
sa.Index("ix_indicator_facts_counting", *(indicator_facts.c[name] for name in COUNTED_COLUMNS), info={AFTER_LOAD: True})
"""Everything ``projections.indicators.counting`` reads, so that a count never visits the wide rows (JSON documents):
the kinds and the period find the range, the validity and the rule's filters are read from the index."""

summary_tables = fact_summary.define(metadata)
"""The plans' rules, per rule and month the current facts they match, and their units per year (``fact_summary``)."""

fact_cases = sa.Table(
    "indicator_fact_cases",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("area", CODE, nullable=False),
    sa.Column("issue_tags", sa.JSON, nullable=False),
)

fact_meetings = sa.Table(
    "indicator_fact_meetings",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("meeting_type", CODE, nullable=False),
    sa.Column("convenor", CODE, nullable=False),
)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive value (SQLite reads timestamps back naive) is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_EMPTY: dict[str, Any] = dict.fromkeys((*(f"unit_{unit}" for unit in UNITS), *SCALAR_FILTERS, TAGS, *FLAGS, *AMOUNTS))
_SCALAR, _FLAG, _AMOUNT = "scalar", "flag", "amount"
_COLUMN_OF = {
    **dict.fromkeys(SCALAR_FILTERS, _SCALAR),
    **dict.fromkeys(FLAGS, _FLAG),
    **dict.fromkeys(AMOUNTS, _AMOUNT),
    TAGS: TAGS,
}
"""What each fact name fills: the plain columns are all NULL but those a fact's own values fill (a rebuild makes a
row per fact, so this walks the fact's few values, not every column)."""


def dimensions(units: dict[str, str], facts: dict[str, Any]) -> dict[str, Any]:
    """The plain columns of a fact row: its units and filter values as ``domain.rule.Rule.matches`` reads them."""
    columns = dict(_EMPTY)
    for unit, value in units.items():
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        columns[f"unit_{unit}"] = value
    for name, value in facts.items():
        kind = _COLUMN_OF.get(name)
        if kind is _SCALAR:
            if isinstance(value, list | tuple | set | frozenset):
                raise TypeError(f"fact {name} must be one value, not {value!r}")
            columns[name] = value.value if isinstance(value, Enum) else value
        elif kind is TAGS:
            if value is not None:
                offered = value if isinstance(value, list | tuple) else [value]
                columns[TAGS] = "|" + "".join(f"{tag.value if isinstance(tag, Enum) else tag}|" for tag in offered)
        elif kind is _FLAG:
            columns[name] = value if isinstance(value, bool) else None
        elif kind is _AMOUNT:
            columns[name] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return columns
