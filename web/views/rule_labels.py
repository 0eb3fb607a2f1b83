"""A counting rule as a person reads it: event kinds and filters by their labels, never by codes.

A plan file names what an indicator counts in codes (``meeting.held``, ``meeting_type = "layered"``);
the provenance page shows the same rule in the reader's language, master data by its display names
(the meeting type's, the agency's), so that 計画担当 can check a figure without reading the plan file.
"""

from __future__ import annotations

from typing import Any

from domain.rule import FLAG_FILTERS, MASTER_FILTERS
from web.i18n.language import Translator
from web.views.names import Names

FILTER_LABELS = {"meeting_type": "meeting_kind"}
"""Filters whose form label has another key (``meeting_type`` alone reads as 会議)."""


def conditions(rule: dict[str, Any], t: Translator, names: Names) -> list[str]:
    """The rule's parts: the event kinds counted, then one "label：values" per filter."""
    comma, colon = ("、", "：") if t.lang == "ja" else (", ", ": ")
    parts = [comma.join(t.label("fact_kind", kind) for kind in rule["events"])]
    for name, value in rule["filters"].items():
        values = value if isinstance(value, list) else [value]
        shown = comma.join(_value(name, v, t, names) for v in values)
        parts.append(f"{t.field(FILTER_LABELS.get(name, name))}{colon}{shown}")
    return parts


def _value(name: str, value: object, t: Translator, names: Names) -> str:
    if name in FLAG_FILTERS:
        return str(t("yes") if value else t("no"))
    if name in MASTER_FILTERS:
        return getattr(names, MASTER_FILTERS[name])(str(value))
    return t.label(name, str(value))
