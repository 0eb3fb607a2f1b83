"""The meetings list is a table: each meeting's cells sit side by side in one row, not stacked in a column."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.builders import given_meeting
from tests.e2e.conftest import Site, log_in, seeded

pytestmark = pytest.mark.e2e


def test_a_meetings_row_shows_its_cells_side_by_side(page: Page, site: Site) -> None:
    seeded(site.settings, given_meeting)
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/meetings")
    row = page.get_by_role("row").filter(has_text="11月 定例会議")
    expect(row).to_be_visible()

    boxes = [cell.bounding_box() for cell in row.get_by_role("cell").all() + row.get_by_role("rowheader").all()]
    assert len(boxes) == 7 and all(boxes)
    lefts = sorted(box["x"] for box in boxes if box)
    assert all(later > earlier for earlier, later in zip(lefts, lefts[1:], strict=False)), lefts
    tops = {round(box["y"]) for box in boxes if box}
    assert len(tops) == 1, f"the cells are stacked: {sorted(tops)}"
