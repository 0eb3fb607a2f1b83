"""Display names of the codes events carry (agencies, areas, users, meeting types, audiences).

Read from the directory read model through a per-process cache (``MasterDataCache``), in the reader's
language; an unknown code is shown as itself rather than hidden.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from projections import directory
from web.i18n.language import Translator

KINDS = ("agency", "area", "user", "meeting_type", "audience")
CASE_HOLDING_ROLES = frozenset({"coordinator", "supervisor"})


Records = dict[str, dict[str, directory.Entry]]
"""kind → code → the directory's record (shared between requests: never changed once loaded)."""


def load_records(connection: Connection) -> Records:
    records: Records = {kind: {} for kind in KINDS}
    for e in directory.entries_of(connection, KINDS):  # one query
        records[e.kind][e.code] = e
    return records


class MasterDataCache:
    """The directory's records, loaded once per server process and again only when the log has moved on.

    The key is the position every read model had reached when the request caught up
    (``ReadModels.caught_up_to``): the directory changes only through events, so records loaded at or after that
    position are current for the request. Loaded after the catch-up, the records are never older than their key;
    a request may be served records newer than its own catch-up, never older. Another process's change is seen at
    the first request after it, which catches up past it and so reloads.
    """

    def __init__(self) -> None:
        self._loaded: tuple[int, Records] | None = None
        self._lock = threading.Lock()
        self.loads = 0

    def current(self, position: int) -> Records | None:
        """The records if they are current for ``position``, without reading anything (so without a thread)."""
        loaded = self._loaded
        return loaded[1] if loaded is not None and loaded[0] >= position else None

    def records(self, connection: Connection, position: int) -> Records:
        current = self.current(position)
        if current is not None:
            return current
        with self._lock:  # one thread loads; the others waiting here find its records
            loaded = self._loaded
            if loaded is not None and loaded[0] >= position:
                return loaded[1]
            records = load_records(connection)
            self._loaded = (position, records)
            self.loads += 1
            return records


@dataclass(frozen=True)
class Names:
    t: Translator
    records: Records = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection, t: Translator) -> Names:
        return cls(t, load_records(connection))

    def _name(self, kind: str, code: str | None) -> str:
        if not code:
            return ""
        entry = self.records.get(kind, {}).get(code)
        if entry is None:
            return self.t.label(kind, code)
        return entry.name_en if self.t.lang == "en" and entry.name_en else entry.name

    def agency(self, code: str | None) -> str:
        return self._name("agency", code)

    def area(self, code: str | None) -> str:
        return self._name("area", code)

    def user(self, code: str | None) -> str:
        return self._name("user", code)

    def meeting_type(self, code: str | None) -> str:
        return self._name("meeting_type", code)

    def audience(self, code: str | None) -> str:
        return self._name("audience", code)

    def restricted(self, meeting_type: str) -> bool:
        """True when records of this meeting type are restricted to its attendees (支援会議)."""
        entry = self.records.get("meeting_type", {}).get(meeting_type)
        return entry is None or entry.restricted

    def choices(self, kind: str, *, include: str | None = None) -> list[tuple[str, str]]:
        """(code, name) of the active records of a kind, plus ``include`` if it is retired but chosen."""
        return [
            (code, self._name(kind, code))
            for code, e in self.records.get(kind, {}).items()
            if e.active or code == include
        ]

    def case_holders(self, *, include: str | None = None) -> list[tuple[str, str]]:
        """(username, "name（agency）") of the active coordinators and supervisors: who may hold a case.

        Planners and admins never hold cases, so they are not offered as 担当者.
        """
        return [
            (code, f"{self._name('user', code)}（{self.agency(e.agency)}）")
            for code, e in self.records.get("user", {}).items()
            if (e.active and e.category in CASE_HOLDING_ROLES) or code == include
        ]
