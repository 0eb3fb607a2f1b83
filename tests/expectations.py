"""Assertions shared by integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from domain.application import Kasane
from domain.errors import KasaneError


@contextmanager
def refused(
    app: Kasane, error: type[KasaneError], *, field: str | None = None, match: str | None = None
) -> Iterator[None]:
    """Expect the command run inside to be refused with ``error`` (naming ``field``) and to write nothing."""
    before = app.recorder.max_notification_id()
    with pytest.raises(error, match=match) as caught:
        yield
    if field is not None:
        assert caught.value.field == field, caught.value
    assert app.recorder.max_notification_id() == before, "a refused command wrote events"
