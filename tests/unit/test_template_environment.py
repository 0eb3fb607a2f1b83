"""A document's field in a template (``item.code``) is what Jinja2's own lookup gives, for every kind of name."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import jinja2
import pytest

from web.http.template_environment import TemplateEnvironment

DOCUMENT = {"code": "A-1", "count": 3, "items": "a key named like dict.items", "get": 0, "actual": None}


class Row:
    code = "an attribute"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


def rendered(environment: jinja2.Environment, expression: str, **context: Any) -> str:
    return environment.from_string("{{ " + expression + " }}").render(**context)


@pytest.mark.parametrize(
    "expression",
    [
        "d.code",
        "d.count",
        "d.actual",
        "d.actual is none",
        "d.missing is defined",
        "d.items is callable",
        "d.get('code')",
        "d.get is callable",
        "d.items()|list",
        "d.__class__.__name__",
        "o.code",
        "o.items is callable",
        "r.code",
        "r.other",
    ],
)
def test_a_documents_fields_are_found_as_jinja2_finds_them(expression: str) -> None:
    context = {"d": DOCUMENT, "o": OrderedDict(DOCUMENT), "r": Row()}
    ours = rendered(TemplateEnvironment(), expression, **context)
    assert ours == rendered(jinja2.Environment(), expression, **context)
