"""The Japanese fiscal year (年度): 1 April to 31 March.

Every indicator, target and evaluation is per fiscal year unless an
indicator says calendar year. A date in January–March belongs to the
fiscal year that began the previous April.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

REIWA_OFFSET = 2018


@dataclass(frozen=True, order=True)
class FiscalYear:
    """FY2023 = 令和5年度 = 2023-04-01 … 2024-03-31."""

    year: int

    @classmethod
    def of(cls, day: date) -> FiscalYear:
        """The fiscal year of a local calendar date.

        A timestamp is refused: near midnight on 31 March its UTC date and its
        Japanese date fall in different fiscal years, so the caller must convert.
        """
        if isinstance(day, datetime):
            raise TypeError("FiscalYear.of needs a local date, not a timestamp")
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def reiwa(self) -> int:
        """The 令和 year number (令和元年度 = FY2019); earlier fiscal years were 平成."""
        if self.year <= REIWA_OFFSET:
            raise ValueError(f"{self} is before 令和")
        return self.year - REIWA_OFFSET

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            raise TypeError("a fiscal year contains local dates, not timestamps")
        return isinstance(day, date) and self.start <= day <= self.end

    def previous(self) -> FiscalYear:
        return FiscalYear(self.year - 1)

    def next(self) -> FiscalYear:
        return FiscalYear(self.year + 1)

    def __str__(self) -> str:
        return f"FY{self.year}"
