"""Master-data API (/api/admin/…): the same lists and changes as the admin screens, admins only."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Body

from projections import directory
from web.forms.master_data import add_command, change_command, kind_of
from web.http.deps import CurrentActor, Execute, ReadDep
from web.routes.api import REFUSALS

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=REFUSALS)

ANY_BODY = Body(
    default_factory=dict,
    examples=[{"code": "d-nana", "name": "第七地区", "category": "district", "display_order": 170}],
)


@router.get("/{slug}")
def list_records(slug: str, connection: ReadDep) -> list[dict[str, Any]]:
    """Agencies, areas, meeting-types, staff or audiences in display order, retired ones with ``active: false``."""
    return [asdict(e) for e in directory.entries(connection, kind_of(slug))]


@router.post("/{slug}", status_code=201)
def add_record(slug: str, actor: CurrentActor, execute: Execute, body: dict[str, Any] = ANY_BODY) -> dict[str, Any]:
    """Register a record: code, name, name_en, category (agency type, area kind, meeting level), display_order;
    meeting types also requires_consent and restricted_records; staff role and agency; audiences code, name, name_en,
    display_order."""
    recorded = execute(add_command(kind_of(slug), body, actor))
    return {"id": str(recorded.id), "notification_id": recorded.notification_id}


@router.post("/{slug}/{code}/{action}")
def change_record(
    slug: str, code: str, action: str, actor: CurrentActor, execute: Execute, body: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """``rename`` {name, name_en}, ``reorder`` {display_order}, ``retire`` {reason}; staff ``role`` {role},
    ``agency`` {agency}."""
    recorded = execute(change_command(kind_of(slug), code, action, body, actor))
    return {"id": str(recorded.id), "notification_id": recorded.notification_id}
