"""The case list's filters, shared by the page and the JSON API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator


class CaseFilters(BaseModel):
    """Which cases to list; an empty value means "any"."""

    status: str | None = None
    coordinator: str | None = None
    lead_agency: str | None = None
    area: str | None = None
    issue_tag: str | None = None
    include_closed: bool = True

    @field_validator("status", "coordinator", "lead_agency", "area", "issue_tag", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        return None if value == "" else value

    def as_query(self) -> dict[str, Any]:
        return self.model_dump()

    @property
    def active(self) -> bool:
        return any(v is not None for k, v in self.model_dump().items() if k != "include_closed")
