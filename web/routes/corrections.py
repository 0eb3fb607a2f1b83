"""Every router of voids and corrections, for ``web.app`` to mount in one line."""

from __future__ import annotations

from fastapi import APIRouter

from web.routes import activity_corrections, correction_api, entry_corrections, meeting_corrections

ROUTERS: tuple[APIRouter, ...] = (
    entry_corrections.router,
    correction_api.router,
    meeting_corrections.router,
    activity_corrections.router,
    activity_corrections.api,
)
