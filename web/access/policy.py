"""Who may open what: ONE table of path prefixes → roles, checked for every route.

The guard (``web.access.guard.guard``) applies it to every request the app routes, so
a new screen is covered the moment it is mounted. A path matches its longest
listed prefix (whole segments only); a path no rule names falls to ``DEFAULT``:
coordinators and supervisors, never planners or admins, and treated as
personal data (audited). Opening a new screen to planners is therefore a
deliberate line here, never an accident.

``purpose`` is the legal basis / purpose of use written into the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Role

COORDINATOR, SUPERVISOR, PLANNER, ADMIN = Role.COORDINATOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN
EVERYONE = frozenset({COORDINATOR, SUPERVISOR, PLANNER, ADMIN})
CASEWORK = frozenset({COORDINATOR, SUPERVISOR})
PLANNING = EVERYONE
"""Plans and indicator reports are aggregates without personal data: open to every role."""


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    personal: bool
    """Requests here read or write personal data and are written to the audit log."""
    purpose: str
    public: bool = False
    writers: frozenset[str] | None = None
    """Roles that may send state-changing requests (POST …) here; ``None``: the same as ``roles``."""

    def may_write(self, role: str) -> bool:
        return role in (self.roles if self.writers is None else self.writers)


PLAN_WRITERS = frozenset({PLANNER})
"""Plan entries (hand-entered values, judgements, Do/Check/Act, 次年度方針, committee opinions) are the
planners' (計画・評価担当) work: casework roles and admins read plans but do not write them (separation of duties)."""

PUBLIC = Rule(roles=EVERYONE, personal=False, purpose="", public=True)
DEFAULT = Rule(roles=CASEWORK, personal=True, purpose="casework")

RULES: dict[str, Rule] = {
    "/login": PUBLIC,
    "/health": PUBLIC,
    "/logout": Rule(roles=EVERYONE, personal=False, purpose=""),
    "/api/session": Rule(roles=EVERYONE, personal=False, purpose=""),
    "/admin": Rule(roles=frozenset({ADMIN}), personal=True, purpose="audit"),
    "/admin/master": Rule(roles=frozenset({ADMIN}), personal=False, purpose="administration"),
    "/api/admin": Rule(roles=frozenset({ADMIN}), personal=False, purpose="administration"),
    "/caseload": Rule(roles=CASEWORK, personal=True, purpose="supervision"),
    "/api/caseload": Rule(roles=CASEWORK, personal=True, purpose="supervision"),
    "/plans": Rule(roles=PLANNING, personal=False, purpose="planning", writers=PLAN_WRITERS),
    "/reports": Rule(roles=PLANNING, personal=False, purpose="planning"),
    "/api/plans": Rule(roles=PLANNING, personal=False, purpose="planning", writers=PLAN_WRITERS),
    "/api/reports": Rule(roles=PLANNING, personal=False, purpose="planning"),
    "/admin/import": Rule(roles=frozenset({ADMIN}), personal=True, purpose="administration"),
    "/api/imports": Rule(roles=frozenset({ADMIN}), personal=True, purpose="administration"),
}

HOME: dict[str, str] = {COORDINATOR: "/", SUPERVISOR: "/caseload", PLANNER: "/plans", ADMIN: "/admin/audit"}
"""Where each role lands after login."""


def rule_for(path: str) -> Rule:
    """The rule of the longest listed prefix of ``path`` (whole segments), else ``DEFAULT``."""
    segments = path.rstrip("/").split("/")
    for end in range(len(segments), 1, -1):
        rule = RULES.get("/".join(segments[:end]))
        if rule is not None:
            return rule
    return DEFAULT


def may_open(role: str, path: str) -> bool:
    return role in rule_for(path).roles
