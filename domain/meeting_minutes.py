"""When and where a meeting sat, and who kept its minutes (開始・終了時刻、場所、記録者).

Times of day are kept as ``HH:MM`` text in Japan time, as the minutes print
them; the meeting's date says which day. Every part is optional, so meetings
scheduled before these were asked for replay unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidInput
from domain.validation import MAX_NAME, check_text

TIME_OF_DAY = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Sitting:
    starts_at: str = ""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""
    """The name of the staff member who kept the minutes, as written on them."""


def check_time_of_day(value: object, field: str) -> str:
    """Raised when a time is not like 14:00; returns it as HH:MM, or "" when left blank."""
    text = check_text(value, field, required=False, max_length=5)
    if not text:
        return ""
    match = TIME_OF_DAY.match(text)
    if match is None:
        raise InvalidInput(f"{field} must be a time of day such as 14:00", field=field)
    return f"{int(match[1]):02d}:{match[2]}"


def check_sitting(sitting: object) -> Sitting:
    """Raised when a time is malformed, an end is given without a start, or the meeting ends before it starts."""
    if not isinstance(sitting, Sitting):
        raise InvalidInput("the meeting's time and place are missing", field="starts_at")
    starts_at = check_time_of_day(sitting.starts_at, "starts_at")
    ends_at = check_time_of_day(sitting.ends_at, "ends_at")
    if ends_at and not starts_at:
        raise InvalidInput("give the starting time as well as the end", field="starts_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise InvalidInput(f"the meeting cannot end ({ends_at}) before it starts ({starts_at})", field="ends_at")
    return Sitting(
        starts_at=starts_at,
        ends_at=ends_at,
        place=check_text(sitting.place, "place", required=False, max_length=MAX_NAME),
        recorder=check_text(sitting.recorder, "recorder", required=False, max_length=MAX_NAME),
    )


NOT_GIVEN = Sitting()
"""No time, place or recorder given (meetings recorded before these were asked for)."""
