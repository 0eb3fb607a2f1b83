"""Every catalog parses without a problem: a msgid that lost its msgstr in a merge made babel print warnings to
stdout whenever the pick-list order was read, and those lines landed at the top of ``kasane export``'s CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parents[2] / "web" / "i18n" / "locale"
CATALOGS = [LOCALE_DIR / "messages.pot", *sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_each_catalog_parses_without_a_problem(catalog: Path) -> None:
    with catalog.open("rb") as file:
        read_po(file, abort_invalid=True)
