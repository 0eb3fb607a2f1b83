"""A document's field in a template (``item.code``) is what Jinja2's own lookup gives, for every kind of name."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

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


class Html:
    """A value that says how it reads as HTML (as ``Markup`` and the translator's texts do)."""

    def __init__(self, html: object) -> None:
        self.html = html

    def __html__(self) -> object:
        return self.html


VALUES: dict[str, object] = {
    "text": "山田 <太郎> & \"長女\" 'の' 相談",
    "markup": Markup("<time>令和8年</time> & <b>"),
    "number": 12,
    "none": None,
    "date": date(2026, 11, 20),
    "html": Html("<em>a & b</em>"),
    "html-markup": Html(Markup("<i>x</i>")),
    "text-subclass": type("Named", (str,), {})("<名前>"),
}

TEMPLATES = [
    "{{ v }}|{{ v ~ '<' }}|{{ v|e }}|{{ v|safe }}|{{ missing }}",
    "{% macro show(x) %}<{{ x }}>{% endmacro %}{{ show(v) }}{% set block %}[{{ v }}]{% endset %}{{ block }}",
    "{% for x in [v, v] %}{{ loop.index }}{{ x }}{% endfor %}{% if v %}{{ v }}{% endif %}",
    "{% autoescape false %}{{ v }}{% endautoescape %}{{ v }}",
]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("kind", VALUES)
def test_output_reads_as_jinja2s_own_escaping_gives_it(template: str, kind: str) -> None:
    ours = TemplateEnvironment(autoescape=True).from_string(template).render(v=VALUES[kind])
    assert ours == jinja2.Environment(autoescape=True).from_string(template).render(v=VALUES[kind])
