"""A document's field in a template (``item.code``) is what Jinja2's own lookup gives, for every kind of name;
output and calls read as Jinja2's own."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

import jinja2
import pytest
from jinja2 import pass_context, pass_environment, pass_eval_context
from markupsafe import Markup

from web.http.template_environment import TemplateEnvironment, root_context

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


ROOT_CALLS = (
    "{% for n in [1, 2] %}{% set seen = n * 10 %}"
    "{{ plain(n) }}|{{ asks(n) }}|{{ root(n) }}|{{ env(n) }}|{{ Greeter()(n) }};{% endfor %}"
    "{% set b = 'block' %}{{ asks(0) }}{{ stops() is undefined }}{{ ['x', 'y'] | map('upper') | join }}"
    "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(7) }}"
)
"""Calls of every kind a template makes: plain, asking for the context (inside a loop, they see its variables),
marked ``root_context``, asking for the environment, a callable object, one that raises StopIteration, a macro."""


class Greeter:
    def __call__(self, n: int) -> str:
        return f"hello {n}"


def stops() -> None:
    raise StopIteration


@jinja2.pass_context
def asks(context: Any, n: int) -> str:
    return f"{n}:{context.get('seen')}:{context.get('where')}"


def calls_in(environment: jinja2.Environment, root: Any) -> str:
    return environment.from_string(ROOT_CALLS).render(
        plain=lambda n: f"p{n}",
        asks=asks,
        root=root,
        env=jinja2.pass_environment(lambda environment, n: f"{type(environment).__name__ is not None}{n}"),
        Greeter=Greeter,
        stops=stops,
        where="the template",
    )


def test_calls_give_what_jinja2s_own_calls_give() -> None:
    """``root_context`` functions see the template's own context, where ``pass_context`` ones see the loop's."""

    @jinja2.pass_context
    def as_jinja2_gives(context: Any, n: int) -> str:
        return f"{n}:{context.get('where')}"

    def root(context: Any, n: int) -> str:
        assert "seen" not in context.vars, "given a context derived for the loop"
        return f"{n}:{context.get('where')}"

    assert calls_in(TemplateEnvironment(autoescape=True), root_context(root)) == calls_in(
        jinja2.Environment(autoescape=True), as_jinja2_gives
    )


@pass_context
def _variable(context: Any, name: str) -> object:
    return context.get(name)


class Caller:
    """A callable object that asks for nothing (as the translator ``t``)."""

    def __call__(self, text: str) -> str:
        return f"called {text}"

    def method(self, text: str) -> str:
        return f"method {text}"


class ContextCaller:
    """A callable object whose ``__call__`` asks for the context."""

    @pass_context
    def __call__(self, context: Any, name: str) -> object:
        return context.get(name)


class EnvironmentCaller:
    """A callable object marked, on its class, as asking for the environment."""

    jinja_pass_arg = pass_environment(lambda: None).jinja_pass_arg  # type: ignore[attr-defined]

    def __call__(self, environment: Any, text: str) -> str:
        return f"{environment.autoescape} {text}"


CALLERS: dict[str, object] = {
    "function": lambda text: f"function {text}",
    "context-function": _variable,
    "environment-function": pass_environment(lambda environment, text: f"{environment.autoescape} {text}"),
    "eval-context-function": pass_eval_context(lambda eval_ctx, text: f"{eval_ctx.autoescape} {text}"),
    "object": Caller(),
    "method": Caller().method,
    "context-object": ContextCaller(),
    "environment-object": EnvironmentCaller(),
    "class": type("Text", (str,), {}),
    "builtin": str.upper,
    "raising-stop-iteration": lambda text: next(iter(())),
}

CALLS = [
    "{{ f('n') }}",
    "{% set n = 'set' %}{{ f('n') }}",
    "{% for n in ['looped'] %}{% set m = 'set in loop' %}{{ f('m') }}{{ f('n') }}{% endfor %}",
    "{% macro show(n) %}{{ f('n') }}{% endmacro %}{{ show('argument') }}",
]


@pytest.mark.parametrize("template", CALLS)
@pytest.mark.parametrize("kind", CALLERS)
def test_a_call_is_passed_what_jinja2_passes_it(template: str, kind: str) -> None:
    context = {"f": CALLERS[kind], "n": "top", "m": "top"}
    ours = TemplateEnvironment(autoescape=True).from_string(template).render(**context)
    assert ours == jinja2.Environment(autoescape=True).from_string(template).render(**context)
