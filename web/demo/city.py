"""The demo municipality being planned: its random source, its dates, its cases and the dated commands so far.

Every planning module (households, casework, support, meetings, community, evaluation) draws from the one
``random.Random`` held here, in a fixed order, so the same seed on the same day gives the same commands.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from domain.actor import Actor
from domain.commands import Command
from domain.consent import ConsentRecord
from domain.fiscal_year import FiscalYear
from web.demo import data

SYSTEM = Actor.system()
COORDINATORS = [u for u in data.USERS if u[2] == "coordinator"]


@dataclass
class Step:
    """One command to run on a given business date (sorted so the log reads in date order)."""

    day: date
    command: Command


@dataclass
class SimulatedCase:
    """What later planning steps need to know of a case already planned (dates, agency, consents, plan)."""

    case_id: UUID
    opened_on: date
    agency: str
    coordinator: Actor
    issue_tags: tuple[str, ...]
    consents: list[ConsentRecord] = field(default_factory=list)
    closed_on: date | None = None
    has_plan: bool = False


class City:
    """The planning state shared by the demo's planning modules."""

    def __init__(self, seed: int, today: date, households: int) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = FiscalYear.of(today).previous().start
        self.households = households
        self.steps: list[Step] = []
        self.cases: list[SimulatedCase] = []

    def new_id(self) -> UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, first: date, last: date) -> date:
        span = max((last - first).days, 0)
        return first + timedelta(days=self.rng.randint(0, span))

    def add(self, day: date, command: Command) -> None:
        self.steps.append(Step(day, command))

    def actor_for(self, username: str) -> Actor:
        user = next(u for u in data.USERS if u[0] == username)
        return Actor(user_id=user[0], role=user[2], agency_id=user[3])
