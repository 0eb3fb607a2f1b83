"""The what-if's JSON body: a revised plan file's text, or the name of one the server offers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from domain.plan_use_cases import MAX_PLAN_FILE


class WhatIfIn(BaseModel):
    """Exactly one of ``definition`` (the file's text) and ``file`` (a name from ``GET /api/plans/what-if-files``)."""

    model_config = ConfigDict(extra="forbid")

    fiscal_year: int = Field(ge=1989, le=2100, description="every year of the plan up to this one, e.g. 2025")
    definition: str | None = Field(
        default=None, max_length=MAX_PLAN_FILE, description="the revised plan file (TOML, docs/plan-file.md)"
    )
    file: str | None = Field(
        default=None, max_length=255, examples=["chukan-minaoshi.toml"], description="a what-if file on the server"
    )


class WhatIfFilesOut(BaseModel):
    """The revised plan files an administrator has placed in ``KASANE_WHAT_IF_DIR``, by file name."""

    files: list[str]
