"""The caseload template: its sheets and their Japanese column headers, in the order the template shows them.

One table of truth for the reader of a file (``workbook.py``), the rows' parser (``rows.py``), the template
written to examples/import/ (``template.py``) and docs/import.md. Each column names the command field its
value becomes, so a refusal by the domain (``error.field``) points back at the column that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    """The Japanese header in the sheet's first row."""
    field: str
    """The command field the value becomes; domain refusals on this field point here."""
    required: bool = False
    master: str = ""
    """The kind of master data the column names by code (``agency``, ``area``, ``coordinator``, ``meeting_type``)."""
    is_list: bool = False
    """Several values in one cell, separated by 、 or a comma."""


@dataclass(frozen=True)
class Sheet:
    name: str
    key: str
    """A short ASCII name: CSV files may be named after it (``households.csv``) as well as after ``name``."""
    columns: tuple[Column, ...]

    def column_for(self, field: str | None) -> str:
        """The header of the column a field came from ("" when the refusal is about the row as a whole)."""
        return next((c.header for c in self.columns if c.field == field), "")


HOUSEHOLD_KEY = Column("世帯番号", "household_key", required=True)
"""The file's own number of a household: how the other sheets say which household a row is about."""

HOUSEHOLDS = Sheet(
    "世帯",
    "households",
    (
        HOUSEHOLD_KEY,
        Column("世帯名", "household_name", required=True),
        Column("受付日", "opened_on", required=True),
        Column("圏域", "area", required=True, master="area"),
        Column("受付機関", "intake_agency", required=True, master="agency"),
        Column("主担当機関", "lead_agency", required=True, master="agency"),
        Column("担当者", "coordinator", required=True, master="coordinator"),
        Column("相談経路", "channel", required=True),
        Column("相談者", "requester_type", required=True),
        Column("課題", "issue_tags", is_list=True),
        Column("概要", "summary"),
    ),
)

MEMBERS = Sheet(
    "世帯員",
    "members",
    (
        HOUSEHOLD_KEY,
        Column("氏名", "name", required=True),
        Column("ふりがな", "kana"),
        Column("生年月日", "birth_date"),
        Column("続柄", "relationship", required=True),
    ),
)

CONTACTS = Sheet(
    "相談・訪問",
    "contacts",
    (
        HOUSEHOLD_KEY,
        Column("日付", "occurred_on", required=True),
        Column("種別", "kind", required=True),
        Column("機関", "agency", required=True, master="agency"),
        Column("対応者", "handler_role", required=True),
        Column("相談経路", "channel"),
        Column("相談者", "requester_type"),
        Column("新規", "is_new"),
        Column("訪問種別", "visit_kind"),
        Column("面会", "contact_made"),
        Column("内容", "summary"),
    ),
)

MEETINGS = Sheet(
    "支援会議",
    "meetings",
    (
        Column("開催日", "held_on", required=True),
        Column("会議種別", "meeting_type", required=True, master="meeting_type"),
        Column("名称", "title", required=True),
        Column("主催機関", "convenor_agency", required=True, master="agency"),
        Column("出席機関", "attendees", required=True, master="agency", is_list=True),
        Column("世帯番号", "discussions", is_list=True),
        Column("内容", "summary"),
    ),
)

SHEETS: tuple[Sheet, ...] = (HOUSEHOLDS, MEMBERS, CONTACTS, MEETINGS)

CONSULTATION = "相談"
VISIT = "訪問"
YES = ("はい", "有", "あり", "○", "yes", "true", "1")
NO = ("いいえ", "無", "なし", "×", "no", "false", "0", "")
LIST_SEPARATORS = ("、", ",", "，", ";", "；")


def split_list(text: str) -> list[str]:
    """``fukushi-soudan、shakyo`` → both codes; empty parts are dropped."""
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]
