"""The CSW's community activities (地域活動): sessions, liaison, training, meetings and area assessments.

Not tied to any case, so planned per fiscal year after the households.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.actor import Actor
from domain.community_commands import RecordCommunityActivity
from domain.fiscal_year import FiscalYear
from web.demo import data
from web.demo.city import City

ACTIVITY_VOLUMES = (
    ("consultation_session", 14, "福祉に関する相談会"),
    ("liaison_meeting_attendance", 40, "関係機関連携会議"),
    ("training", 13, "つなぐシート説明会"),
    ("community_meeting", 8, "福祉のまちづくり委員会"),
)
"""Kind, number per fiscal year and title of the recurring activities."""


def plan_community_activities(city: City, fiscal_year: FiscalYear) -> None:
    last = min(fiscal_year.end, city.today - timedelta(days=1))
    if last < fiscal_year.start:
        return
    csw = city.actor_for("suzuki")
    for kind, count, title in ACTIVITY_VOLUMES:
        for _ in range(count):
            plan_activity(city, csw, kind, title, city.day_between(fiscal_year.start, last))
    for code, _name in data.DISTRICTS:
        day = city.day_between(fiscal_year.start, last)
        city.add(
            day,
            RecordCommunityActivity(
                actor=csw,
                activity_id=city.new_id(),
                kind="area_assessment",
                occurred_on=day,
                agency="shakyo",
                title="地域アセスメント",
                area=code,
            ),
        )


def plan_activity(city: City, csw: Actor, kind: str, title: str, day: date) -> None:
    rng = city.rng
    city.add(
        day,
        RecordCommunityActivity(
            actor=csw,
            activity_id=city.new_id(),
            kind=kind,
            occurred_on=day,
            agency="shakyo",
            title=title,
            area=rng.choice(data.DISTRICTS)[0],
            participants=rng.randint(5, 40),
            contacts=rng.randint(0, 12) if kind == "consultation_session" else 0,
            audience=rng.choice(("chonai-shokuin", "kankei-kikan")) if kind == "training" else "",  # 庁内 / 庁外
        ),
    )
