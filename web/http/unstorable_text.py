"""Text that no record can hold is refused once, before any route runs.

PostgreSQL text cannot contain a NUL character and no driver can encode a lone
UTF-16 surrogate (``"\\ud800"`` is valid JSON); either value, reaching a query,
was a 500, and SQLite would have stored what PostgreSQL refuses. This app-wide
dependency looks at every value a request brings — the path, the query, a form
and a JSON body, keys included — and refuses the request as bad input (422,
``invalid_text``, naming the field, never echoing the value) before the guard
or any route touches a database. It runs for anonymous ``POST /login`` too.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from domain.errors import InvalidInput

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class UnstorableText(InvalidInput):
    """Raised when a value holds a NUL character or a lone surrogate, which no record can store."""

    code = "invalid_text"


async def refuse_unstorable_text(request: Request) -> AsyncIterator[None]:
    """Refuses before the route runs; the form it parsed (uploaded files too) is closed after the response, even
    when a later dependency refuses the request and no route ever reads that form."""
    try:
        for field, text in await _values(request):
            if UNSTORABLE.search(text):
                raise UnstorableText(
                    "the value holds a character no record can store (NUL or a lone surrogate)", field=field
                )
        yield
    finally:
        form = getattr(request, "_form", None)
        if form is not None:
            await form.close()


async def _values(request: Request) -> list[tuple[str, str]]:
    values = [("path", request.url.path), *((name, str(v)) for name, v in request.path_params.items())]
    values += [pair for key, value in request.query_params.multi_items() for pair in (("query", key), (key, value))]
    if request.method not in BODY_METHODS:
        return values
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json"):
        with contextlib.suppress(ValueError, RecursionError):  # not JSON: FastAPI refuses it as a bad body
            values += list(_strings(json.loads(await request.body()), "body"))
    elif kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        values += [
            pair
            for key, value in form.multi_items()
            if not isinstance(value, UploadFile)
            for pair in (("form", key), (key, value))
        ]
    return values


def _strings(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """Every text in a JSON document, keys included, with the name of the field it sits in."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield field, key  # a key is the client's text (it may be a name): named by the object holding it
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
