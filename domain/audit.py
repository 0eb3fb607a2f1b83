"""The audit trail: who read or changed personal data, when, what, and on what basis.

Kept by its own application, ``AuditLog``, in the same database as the case
events but in its own table and its own notification log (``kasaneaudit_*``):
the case read models, indicator counts and backups of the case log never see
it, and it has no command that changes or removes an entry. Each access is an
aggregate of one event, so concurrent requests never contend for a stream and
writing an entry costs one insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import JSONTranscoder
from eventsourcing.popo import POPOFactory

from domain.actor import Actor
from domain.clock import japan_today
from domain.errors import ConfigurationError
from domain.transcodings import register_value_objects

ACTIONS = frozenset(
    {
        "read",
        "write",
        "denied",
        "login",
        "login_failed",
        "logout",
        "password_set",
        "export",
        "locked_out",
        "login_locked",
        "print",
    }
)
"""``locked_out``: the failed login that locked a username; ``login_locked``: a login refused while it is locked;
``print``: a printed document (print view or PDF), which one named by the path."""


class AccessRecord(Aggregate):
    """One access to Kasane, as the guard saw it; never changed after it is written."""

    class Recorded(Aggregate.Created):
        occurred_on: date
        actor: Actor
        action: str
        method: str
        path: str
        query: str
        case_ids: tuple[str, ...]
        status: int
        purpose: str

    @event(Recorded)
    def __init__(
        self,
        occurred_on: date,
        actor: Actor,
        action: str,
        method: str,
        path: str,
        query: str,
        case_ids: tuple[str, ...],
        status: int,
        purpose: str,
    ) -> None:
        self.action = action


@dataclass(frozen=True)
class Access:
    """An access as plain data, for the admin screen and the CLI."""

    position: int
    at: datetime
    username: str
    role: str
    agency: str
    action: str
    method: str
    path: str
    query: str
    case_ids: tuple[str, ...]
    status: int
    purpose: str


@dataclass(frozen=True)
class AccessMade:
    """What to write down about one access (``case_ids``: the cases it showed or changed)."""

    actor: Actor
    action: str
    method: str
    path: str
    query: str = ""
    case_ids: tuple[str, ...] = ()
    status: int = 200
    purpose: str = ""


class AuditLog(Application[UUID]):
    """The audit trail's service layer: record, and answer "who saw this household, when?"."""

    name = "KasaneAudit"
    PAGE = 1000

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = japan_today) -> None:
        super().__init__(env)
        if isinstance(self.factory, POPOFactory):
            raise ConfigurationError("the audit log refuses to run on the in-memory event store")
        self.today = today

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_objects(transcoder, [Actor])

    def close(self) -> None:
        super().close()
        engine = getattr(getattr(self.factory, "datastore", None), "engine", None)
        if engine is not None:
            engine.dispose()

    def record(self, access: AccessMade) -> None:
        self.save(self.entry(access))

    def entry(self, access: AccessMade) -> AccessRecord:
        """The entry ``access`` is written as (not yet saved: a subclass may save it in a transaction of its own)."""
        if access.action not in ACTIONS:
            raise ValueError(f"unknown audit action {access.action!r}")
        return AccessRecord(
            occurred_on=self.today(),
            actor=access.actor,
            action=access.action,
            method=access.method,
            path=access.path[:500],
            query=access.query[:500],
            case_ids=tuple(access.case_ids)[:1000],
            status=access.status,
            purpose=access.purpose,
        )

    def accesses(self, *, case_id: str | None = None, username: str | None = None) -> list[Access]:
        """Every recorded access, oldest first, to ``case_id`` and/or by ``username`` when given."""
        return [
            a
            for a in self._all()
            if (case_id is None or case_id in a.case_ids) and (username is None or a.username == username)
        ]

    def _all(self) -> Iterator[Access]:
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=self.PAGE)
            for notification in page:
                yield self._access(
                    notification.id, cast(AccessRecord.Recorded, self.mapper.to_domain_event(notification))
                )
            if len(page) < self.PAGE:
                return
            start = page[-1].id + 1

    @staticmethod
    def _access(position: int, e: AccessRecord.Recorded) -> Access:
        actor: Actor = e.actor
        return Access(
            position=position,
            at=e.timestamp,
            username=actor.user_id,
            role=actor.role,
            agency=actor.agency_id,
            action=e.action,
            method=e.method,
            path=e.path,
            query=e.query,
            case_ids=tuple(e.case_ids),
            status=e.status,
            purpose=e.purpose,
        )
