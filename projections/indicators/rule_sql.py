"""A counting rule as SQL conditions over the fact table's plain columns: the one translation of a rule.

``domain.rule.Rule`` says what an indicator counts (event kinds and filters);
this module is the only place that turns it into a WHERE clause. Counting a
figure, listing the facts behind it (``counting``) and keeping the per-rule
monthly summary (``fact_summary``) all use these same conditions, so they
cannot disagree. It takes the fact table as an argument because the summary
is written while the fact table's own module is still being imported.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.rule import Rule

TAGS = "issue_tag"
"""The fact column holding a fact's issue tags as ``|tag|tag|`` text."""


def matching(rule: Rule, facts: sa.Table) -> list[Any]:
    """SQL conditions a fact meets when ``rule`` counts it: one of its kinds, and every filter in force.

    A list filter is ``column IN (…)`` (issue tags: ``|tag|`` inside the
    text), a flag is ``column = true/false``; NULL (a fact without that
    value) matches neither.
    """
    f = facts.c
    conditions: list[Any] = [f.kind.in_(rule.events)]
    for name, wanted in rule.filters().items():
        if isinstance(wanted, bool):  # a flag filter (FLAG_FILTERS)
            conditions.append(f[name].is_(sa.true()) if wanted else f[name].is_(sa.false()))
        elif name == TAGS:
            conditions.append(sa.or_(*(f[TAGS].contains(f"|{tag}|", autoescape=True) for tag in wanted)))
        else:
            conditions.append(f[name].in_(wanted))
    return conditions
