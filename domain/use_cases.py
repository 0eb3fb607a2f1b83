"""What a command returns."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Recorded:
    """What a command returns: the id it acted on and the last notification id it wrote.

    Readers that must show the change wait until their projection has
    processed ``notification_id``.
    """

    id: UUID
    notification_id: int
