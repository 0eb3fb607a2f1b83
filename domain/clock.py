"""The business clock: "today" and "now" in the municipality's time zone.

Business dates (when something happened, form defaults, "not in the future",
the fiscal year of now) are Japan time whatever zone the server runs in
(product decision 9): a server on UTC would otherwise open every form from
00:00 to 09:00 JST on yesterday and refuse today as a future date. Stored
write timestamps stay UTC; only what people see and the dates they enter
follow this clock. Everything that needs "today" receives ``Clock.today``
(or any ``() -> date``) as the injected ``today`` callable, so tests can
freeze an instant instead of depending on the real time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Tokyo"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def business_zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The IANA zone ``name``; a ValueError that names the setting when the zone is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"KASANE_TIMEZONE must be an IANA time zone such as Asia/Tokyo; got {name!r}") from None


class Clock:
    """Today and now in one zone, read from an injectable UTC instant (the real time by default)."""

    def __init__(self, timezone: str = DEFAULT_TIMEZONE, *, utc_now: Callable[[], datetime] = _utc_now) -> None:
        self.zone = business_zone(timezone)
        self._utc_now = utc_now

    def now(self) -> datetime:
        """The current moment, aware, in the business zone."""
        return self._utc_now().astimezone(self.zone)

    def today(self) -> date:
        """The business date of now: after midnight in Tokyo it is already tomorrow in UTC terms."""
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) moment as people read it; a naive moment is taken as already local."""
        return moment.replace(tzinfo=self.zone) if moment.tzinfo is None else moment.astimezone(self.zone)


def japan_today() -> date:
    """Today in Japan: the default ``today`` wherever no configured clock is injected."""
    return Clock().today()
