"""Demo data: a realistic small municipality, recorded through the commands users call.

Everything is derived from one ``random.Random(seed)`` and the given ``today``,
ids included, so the same seed on the same day gives the same events (only the
store's write timestamps differ). Volumes follow domain brief §7 for a
Komae-sized city over the previous and the current fiscal year.

This module puts the history together; each concept is planned in its own
module: households (intake), support (a case's course), casework, meetings,
community (activities) and evaluation (the example plans).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.application import Kasane
from domain.commands import Command
from domain.fiscal_year import FiscalYear
from domain.setup_loading import load_setup, setup_commands
from web.demo import data
from web.demo.city import SYSTEM, City
from web.demo.community import plan_community_activities
from web.demo.evaluation import example_plans
from web.demo.households import plan_case
from web.demo.meetings import plan_meetings


class DemoCity(City):
    """Plans the demo municipality's history as dated commands."""

    def plan(self, *, with_master_data: bool = True) -> list[Command]:
        for _ in range(self.households):
            plan_case(self)
        for fiscal_year in (FiscalYear.of(self.start), FiscalYear.of(self.today)):
            plan_meetings(self, fiscal_year)
            plan_community_activities(self, fiscal_year)
        ordered = sorted(enumerate(self.steps), key=lambda pair: (pair[1].day, pair[0]))
        master_data = self.master_data() if with_master_data else ()
        return [*master_data, *self.plans(), *(step.command for _, step in ordered)]

    def master_data(self) -> Iterator[Command]:
        """The example set-up file (``examples/setup/sakuragaoka.toml``), as ``kasane setup load`` reads it."""
        yield from setup_commands(data.SETUP, SYSTEM)

    def plans(self) -> Iterator[Command]:
        """The example plans (examples/*.toml), so the planner's screens have figures to show."""
        yield from example_plans(self)


def demo_commands(*, seed: int, today: date, households: int = 300, with_master_data: bool = True) -> list[Command]:
    """The demo municipality's history as commands, oldest first (pure: no store involved).

    ``with_master_data=False`` leaves out the registrations of the example set-up file, for callers that load it
    with ``load_setup`` first, as ``kasane setup load`` does (the demo and a real municipality start the same way).
    """
    return DemoCity(seed, today, households).plan(with_master_data=with_master_data)


def load_demo(app: Kasane, *, seed: int = 1, households: int = 300) -> int:
    """Record the demo history into ``app``'s store; returns the number of commands run (the set-up load counts one)."""
    load_setup(app, data.SETUP, actor=SYSTEM)
    commands = demo_commands(seed=seed, today=app.today(), households=households, with_master_data=False)
    for command in commands:
        app.execute(command)
    return len(commands) + 1
