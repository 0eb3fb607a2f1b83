"""Urgent checks (48時間以内の状況確認): when information suggests danger, see the household within 48 hours.

Kiyose's child-abuse window "confirms the situation within 48 hours of
receiving information". A coordinator marks the check at intake or on the
case; it is due two business days after the day the information came in
(Japan time, the injected clock: days, not hours, since that is what the
application's clock gives), shows as overdue on the caseload once that day
has passed, and leaves the list when the check is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from uuid import UUID

URGENT_CHECK_WINDOW = timedelta(days=2)
"""48 hours, counted in business days from the day the information came in."""


@dataclass(frozen=True)
class UrgentCheck:
    check_id: UUID
    marked_on: date
    due_on: date
    checked_on: date | None = None

    @property
    def open(self) -> bool:
        return self.checked_on is None

    def done(self, on: date) -> UrgentCheck:
        return replace(self, checked_on=on)


def due_date(information_received_on: date) -> date:
    return information_received_on + URGENT_CHECK_WINDOW
