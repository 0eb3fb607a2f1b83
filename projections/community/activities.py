"""The community activities read model: one row per activity (相談会, 地域アセスメント, 研修 …).

A correction replaces the row's details with the corrected whole (as the
aggregate does) and bumps ``corrections``; a void marks the row and keeps
it, so lists show struck-out records on request and totals skip them.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.anonymous_consultation import AnonymousConsultation
from domain.community import CommunityActivity
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection

metadata = sa.MetaData()

CODE = sa.String(64)

community_activities = sa.Table(
    "community_activities",
    metadata,
    sa.Column("activity_id", sa.Uuid, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False, index=True),
    sa.Column("agency", CODE, nullable=False),
    sa.Column("area", CODE),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("participants", sa.Integer, nullable=False),
    sa.Column("contacts", sa.Integer, nullable=False),
    sa.Column("audience", sa.String(200), nullable=False, comment="an audience code, or empty"),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("audience_text", sa.String(200), nullable=False, comment="the audience as typed before codes"),
    sa.Column("corrections", sa.Integer, nullable=False),
    sa.Column("last_corrected_on", sa.Date),
    sa.Column("voided", sa.Boolean, nullable=False),
    sa.Column("void_reason", sa.Text),
    sa.Column("voided_on", sa.Date),
)


anonymous_consultations = sa.Table(
    "anonymous_consultations",
    metadata,
    sa.Column("consultation_id", sa.Uuid, primary_key=True),
    sa.Column("occurred_on", sa.Date, nullable=False, index=True),
    sa.Column("agency", CODE, nullable=False),
    sa.Column("channel", sa.String(30), nullable=False),
    sa.Column("handler_role", sa.String(40), nullable=False),
    sa.Column("issue_tags", sa.JSON, nullable=False),
    sa.Column("topic", sa.String(30), nullable=False),
)
"""Anonymous consultations (匿名相談, decision 13): work not tied to a case, like the activities above."""


class CommunityActivities(Projection):
    name = "community_activities"
    version = 3
    """2: anonymous consultations (``anonymous_consultations``).
    3: ``audience`` is an audience code; the free text recorded before codes is ``audience_text``."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Events of cases, meetings and master data do not change community activities."""

    @apply.register(CommunityActivity.Recorded)
    def _recorded(self, event: Any, connection: Connection) -> None:
        row = dict(
            activity_id=event.originator_id,
            version=event.originator_version,
            **asdict(event.details),
            corrections=0,
            voided=False,
        )
        insert_rows(connection, community_activities, [row])  # through the driver: a rebuild inserts every activity

    @apply.register(CommunityActivity.Corrected)
    def _corrected(self, event: Any, connection: Connection) -> None:
        _update(
            connection,
            event,
            **asdict(event.details),
            last_corrected_on=event.occurred_on,
            corrections=community_activities.c.corrections + 1,
        )

    @apply.register(CommunityActivity.Voided)
    def _voided(self, event: Any, connection: Connection) -> None:
        _update(connection, event, voided=True, void_reason=event.reason, voided_on=event.occurred_on)

    @apply.register(AnonymousConsultation.Recorded)
    def _anonymous_consultation(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.insert(anonymous_consultations).values(
                consultation_id=event.originator_id,
                occurred_on=event.occurred_on,
                agency=event.agency,
                channel=event.channel,
                handler_role=event.handler_role,
                issue_tags=list(event.issue_tags),
                topic=event.topic,
            )
        )


def _update(connection: Connection, event: Any, **values: Any) -> None:
    connection.execute(
        sa.update(community_activities)
        .where(community_activities.c.activity_id == event.originator_id)
        .values(version=event.originator_version, **values)
    )
