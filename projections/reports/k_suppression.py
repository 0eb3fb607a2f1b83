"""Small-number suppression for aggregates shown to people who may not see cases (planners, published reports).

A count between 1 and k-1 could point at a household ("the one hikikomori case in
the north area"), so it is withheld; zero and counts of k or more are shown. A
withheld cell is ``None``; screens show it as "<k" (``label``). One helper, so
every aggregate screen suppresses the same way; ``KASANE_SUPPRESSION_K``
(default 3) sets k.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")

DEFAULT_K = 3


def suppress(count: int, k: int = DEFAULT_K) -> int | None:
    """``count`` when it is 0 or at least ``k``; None (withheld) otherwise."""
    if k < 1:
        raise ValueError("k must be at least 1")
    return count if count == 0 or count >= k else None


def suppress_all(counts: Mapping[K, int], k: int = DEFAULT_K) -> dict[K, int | None]:
    """Every cell of a table of counts, suppressed alike.

    A single withheld cell next to a shown total could be recovered by subtraction;
    when exactly one cell is withheld, the smallest other non-zero cell is withheld too.
    """
    shown = {key: suppress(n, k) for key, n in counts.items()}
    withheld = [key for key, n in shown.items() if n is None]
    if len(withheld) == 1:
        others = sorted((n, str(key), key) for key, n in counts.items() if key not in withheld and n > 0)
        if others:
            shown[others[0][2]] = None
    return shown


def label(value: int | None, k: int = DEFAULT_K) -> str:
    return f"<{k}" if value is None else str(value)
