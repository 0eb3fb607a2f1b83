"""The case list's filters and page size, shared by the page and the JSON API."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Path, Query
from pydantic import BaseModel, Field, field_validator

from projections.paging import DEFAULT_LIMIT, MAX_LIMIT


class CaseFilters(BaseModel):
    """Which cases to list; an empty value means "any"."""

    status: str | None = None
    coordinator: str | None = None
    lead_agency: str | None = None
    area: str | None = None
    issue_tag: str | None = None
    include_closed: bool = True
    review_overdue: bool = Field(
        default=False, description="Only open cases whose plan review is overdue, most overdue first"
    )
    in_status_days: int | None = Field(
        default=None,
        ge=0,
        le=36500,
        description="Only open cases in their current status for at least this many days, longest first",
    )

    @field_validator("status", "coordinator", "lead_agency", "area", "issue_tag", "in_status_days", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        return None if value == "" else value

    def as_query(self) -> dict[str, Any]:
        return self.model_dump()

    @property
    def active(self) -> bool:
        return any(v is not None and v is not False for k, v in self.model_dump().items() if k != "include_closed")

    @property
    def urgent(self) -> bool:
        """Filtered by urgency: the list is sorted most urgent first rather than newest first."""
        return self.review_overdue or self.in_status_days is not None


FiscalYearQuery = Annotated[int | None, Query(ge=1989, le=2100, description="fiscal year (年度), e.g. 2025")]
"""A fiscal year asked for in a query: bounded, so a year no calendar holds is refused (422), never a 500."""
FiscalYearPath = Annotated[int, Path(ge=1989, le=2100, description="fiscal year (年度), e.g. 2025")]
"""The same bound for a fiscal year in a path."""

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page, 1 to {MAX_LIMIT}")]
After = Annotated[UUID | None, Query(description="Continue after this row: the `next_after` of the previous page")]
PAGE_SIZE = DEFAULT_LIMIT
