"""Counting rules: which logged events an indicator counts, as data.

A plan file states, per indicator, the event kinds to count and filters on
them (``Rule``). The counting mode of the indicator then decides what is
counted in a period:

- 延べ ``total``: every matching event;
- 実 ``distinct``: distinct *units* with at least one matching event;
- 新規 ``new``: units whose first matching event, ever, falls in the period.

The unit of distinctness depends on the event kind (``EVENT_KINDS``): a case
for case events, a meeting, an attending agency or an area otherwise; a rule
may choose another allowed unit with ``distinct_by``.

A rule is data: ``projections.indicators.counting`` compiles it to SQL over
the indicator fact table, the one place a figure is counted (and the facts
behind it listed). A new rule is written once, in a plan file; a new filter
once, here (a ``Rule`` field, its check in ``LIST_FILTERS`` or its name in
``FLAG_FILTERS``, and the kinds that offer it in ``EVENT_KINDS``), with the
fact projection giving it a value. The tests keep a plain-Python reference
of the same definition (``tests/rule_reference.py``) to hold the SQL to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from domain.activity import Channel, HandlerRole, PlacementOutcome, VisitKind
from domain.community import ActivityKind
from domain.errors import InvalidInput
from domain.issue_tags import IssueTag
from domain.lifecycle import ClosureReason
from domain.support_plan import PlanType
from domain.validation import check_code


class CountingMode(StrEnum):
    TOTAL = "total"
    """延べ: every matching event."""
    DISTINCT = "distinct"
    """実: distinct units (cases, meetings, agencies, areas) in the period."""
    NEW = "new"
    """新規: units whose first matching event falls in the period."""


@dataclass(frozen=True)
class EventKind:
    """What a countable event kind offers a rule: its filters and units of distinctness."""

    code: str
    filters: frozenset[str]
    units: tuple[str, ...]
    """Allowed ``distinct_by`` units; the first is the default."""
    description: str


_CASE = frozenset({"agency", "area", "issue_tag"})
_MEETING = frozenset({"meeting_type", "is_trial"})
COMMUNITY_KINDS = tuple(kind.value for kind in ActivityKind)
"""Kinds of community-level activity (相談会, 地域アセスメント, 連携会議への参加, 研修 …)."""


_ON_A_CASE = ("case",)

CASE_KINDS = (
    EventKind("case.opened", _CASE | {"channel"}, _ON_A_CASE, "a case opened at intake; agency = intake agency"),
    EventKind(
        "case.consultation",
        _CASE | {"channel", "handler_role", "is_new"},
        _ON_A_CASE,
        "a consultation logged on a case, or an anonymous one (no case unit: counted 延べ only); "
        "agency = handling agency",
    ),
    EventKind(
        "case.outreach",
        _CASE | {"handler_role", "contact_made", "visit_kind"},
        _ON_A_CASE,
        "an outreach visit; agency = visiting agency",
    ),
    EventKind("case.plan_made", _CASE - {"agency"} | {"plan_type"}, _ON_A_CASE, "a first support plan adopted"),
    EventKind("case.plan_revised", _CASE - {"agency"} | {"plan_type"}, _ON_A_CASE, "a support plan revised"),
    EventKind(
        "case.referral_sent",
        _CASE | {"to_agency", "via_sheet"},
        _ON_A_CASE,
        "a referral (つなぎ); agency = referring agency",
    ),
    EventKind(
        "case.referral_answered",
        _CASE | {"to_agency", "accepted"},
        _ON_A_CASE,
        "an answer to a referral (つなぎへの回答), accepted or declined; agency = referring agency",
    ),
    EventKind("case.placement_started", _CASE, _ON_A_CASE, "a participation-support placement started"),
    EventKind(
        "case.placement_ended",
        _CASE - {"agency"} | {"placement_outcome"},
        _ON_A_CASE,
        "a placement ended, with its outcome (employed: 就労者数); a voided placement's end counts no more",
    ),
    EventKind(
        "case.closed",
        _CASE - {"agency"} | {"closure_reason"},
        _ON_A_CASE,
        "a case closed (終結), with its reason; a case reopened and closed again counts each closing",
    ),
)
"""What happens on a case: the case's own agency, area and issue tags are its dimensions."""

MEETING_KINDS = (
    EventKind("meeting.held", _MEETING | {"agency"}, ("meeting",), "a meeting held; agency = convenor"),
    EventKind(
        "meeting.attendance",
        _MEETING | {"agency"},
        ("agency", "meeting"),
        "one per agency attending a held meeting",
    ),
    EventKind(
        "meeting.case_discussed",
        _MEETING | {"area", "issue_tag"},
        ("case", "meeting"),
        "one per case a held meeting took up",
    ),
)
"""What a held meeting counts: itself, each attending agency, each case it took up."""

COMMUNITY_EVENT_KINDS = tuple(
    EventKind(
        f"community.{kind}",
        frozenset({"agency", "area", "audience"}),
        ("area", "agency"),
        f"a community activity of kind {kind}; activities without an area have no area unit; "
        "audience = who it was for (an audience code)",
    )
    for kind in COMMUNITY_KINDS
)
"""Community-level activities, one kind per activity kind."""


EVENT_KINDS: dict[str, EventKind] = {k.code: k for k in (*CASE_KINDS, *MEETING_KINDS, *COMMUNITY_EVENT_KINDS)}
"""Every event kind a rule may count, by code."""

Check = Callable[[object, str], str]


def _code(value: object, field: str) -> str:
    return check_code(value, field)


def _member(choices: type[StrEnum]) -> Check:
    def check(value: object, field: str) -> str:
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return choices(value).value
        except ValueError:
            allowed = ", ".join(c.value for c in choices)
            raise InvalidInput(f"{field}: {value!r} is not one of {allowed}", field=field) from None

    return check


LIST_FILTERS: dict[str, Check] = {
    "meeting_type": _code,
    "agency": _code,
    "to_agency": _code,
    "area": _code,
    "handler_role": _member(HandlerRole),
    "channel": _member(Channel),
    "issue_tag": _member(IssueTag),
    "plan_type": _member(PlanType),
    "visit_kind": _member(VisitKind),
    "closure_reason": _member(ClosureReason),
    "placement_outcome": _member(PlacementOutcome),
    "audience": _code,
}
"""Filters naming one value or a list of values (a list matches any of them)."""

FLAG_FILTERS = frozenset({"is_new", "contact_made", "via_sheet", "is_trial", "accepted"})
"""Filters that are true or false."""

AMOUNTS = ("participants", "contacts")
"""Numbers a community activity carries; a 延べ rule may add one up (``total_of``) instead of counting events."""

MASTER_FILTERS = {
    "agency": "agency",
    "to_agency": "agency",
    "area": "area",
    "meeting_type": "meeting_type",
    "audience": "audience",
}
"""Filters whose values are per-installation master-data codes (checked when a plan is loaded)."""


@dataclass(frozen=True)
class Rule:
    """Which events an indicator counts; an empty filter does not restrict."""

    events: tuple[str, ...]
    distinct_by: str | None = None
    meeting_type: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    to_agency: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    handler_role: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    issue_tag: tuple[str, ...] = ()
    plan_type: tuple[str, ...] = ()
    visit_kind: tuple[str, ...] = ()
    closure_reason: tuple[str, ...] = ()
    placement_outcome: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    """Community activities for these audiences (研修 for 民生委員・児童委員 …); activities without one never match."""
    is_new: bool | None = None
    contact_made: bool | None = None
    via_sheet: bool | None = None
    is_trial: bool | None = None
    accepted: bool | None = None
    total_of: str | None = None
    """``participants`` or ``contacts``: 延べ adds up that number of each community activity (参加者数の合計)."""

    @classmethod
    def checked(cls, data: Mapping[str, object], path: str) -> Rule:
        """Build a rule from plan-file data; errors name ``path.key``."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            key = sorted(unknown)[0]
            known = ", ".join(sorted(LIST_FILTERS) + sorted(FLAG_FILTERS))
            raise InvalidInput(f"{path}.{key}: unknown rule key {key!r} (filters: {known})", field=f"{path}.{key}")
        events = _events(data.get("events"), f"{path}.events")
        values: dict[str, object] = {"events": events}
        for name, value in data.items():
            if name in ("events", "distinct_by", "total_of"):
                continue
            where = f"{path}.{name}"
            inapplicable = [k for k in events if name not in EVENT_KINDS[k].filters]
            if inapplicable:
                raise InvalidInput(f"{where}: {inapplicable[0]} events cannot be filtered by {name}", field=where)
            values[name] = _flag(value, where) if name in FLAG_FILTERS else _values(value, LIST_FILTERS[name], where)
        if "distinct_by" in data:
            values["distinct_by"] = _unit(data["distinct_by"], events, f"{path}.distinct_by")
        if "total_of" in data:
            values["total_of"] = _amount(data["total_of"], events, f"{path}.total_of")
        return cls(**values)  # type: ignore[arg-type]

    def filters(self) -> dict[str, tuple[str, ...] | bool]:
        """The filters in force, by name."""
        active: dict[str, tuple[str, ...] | bool] = {}
        for name in (*LIST_FILTERS, *sorted(FLAG_FILTERS)):
            value = getattr(self, name)
            if value not in ((), None):
                active[name] = value
        return active

    def unit(self) -> str | None:
        """What 実 and 新規 count distinct: the chosen unit, or the kinds' common default."""
        if self.distinct_by is not None:
            return self.distinct_by
        defaults = {EVENT_KINDS[k].units[0] for k in self.events}
        return defaults.pop() if len(defaults) == 1 else None


def _events(value: object, field: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise InvalidInput(f"{field}: name the event kind(s) to count", field=field)
    for item in items:
        if item not in EVENT_KINDS:
            raise InvalidInput(f"{field}: unknown event kind {item!r} (known: {', '.join(EVENT_KINDS)})", field=field)
    return tuple(dict.fromkeys(items))


def _values(value: object, check: Check, field: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise InvalidInput(f"{field}: give a value or a non-empty list of values", field=field)
    return tuple(dict.fromkeys(check(item, field) for item in items))


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field}: must be true or false", field=field)
    return value


def _unit(value: object, events: tuple[str, ...], field: str) -> str:
    for kind in events:
        if value not in EVENT_KINDS[kind].units:
            allowed = ", ".join(EVENT_KINDS[kind].units)
            raise InvalidInput(f"{field}: {kind} events are distinct by {allowed}, not {value!r}", field=field)
    return str(value)


def _amount(value: object, events: tuple[str, ...], field: str) -> str:
    if value not in AMOUNTS:
        raise InvalidInput(f"{field}: add up one of {', '.join(AMOUNTS)}, not {value!r}", field=field)
    for kind in events:
        if not kind.startswith("community."):
            raise InvalidInput(f"{field}: {kind} events carry no {value}; only community activities do", field=field)
    return str(value)
