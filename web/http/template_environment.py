"""The templates' Jinja2 environment: a document's fields are looked up as keys first, and output is escaped
into plain text.

The pages render documents, plain dicts (``projections.reports.documents``), and write ``item.code``. Jinja2's
``getattr`` tries the attribute first, so each such lookup raised and caught an AttributeError before it tried
the key: on the planner's year (50 indicators, ~30 fields a row) that was a tenth of the page's CPU. For a plain
dict, an attribute lookup can only find one of dict's own attributes (``items``, ``get`` …), so looking a name
that is none of those up as a key first gives the same answer, without the exception.

Each ``{{ … }}`` of an autoescaped template is compiled to ``escape(value)``: markupsafe's, which wraps its escaped
text in a new ``Markup`` (a Python ``__new__`` and two ``hasattr`` per expression, about 1,100 expressions on a case
page, a fifth of its rendering). The value is only joined into the page, where a ``Markup`` and the same text as
``str`` read alike, so the output is compiled to ``environment.escaped_output(value)``: the same text as
``escape(value)``, as a plain ``str``. Everything else (filters, ``Markup`` in the context, macros, ``{% set %}``
blocks) is Jinja2's own. And a run of text and expressions between two statements is yielded as one string, where
Jinja2 yields each piece: each yield is passed up through every template that includes or extends the one
rendering (four on the case page's timeline), ~2,500 of them a case page.

A template's call (``t("key")``, ``url_for(…)``, a macro) goes through ``Context.call``, which asks the callee
twice whether it wants the context, the environment or the evaluation context, and, for a ``pass_context``
function called inside a ``{% for %}``, derives a new ``Context`` holding the loop's variables for each call: the
case page's 280 calls were an eighth of its rendering. Our context's ``call`` asks once, and gives a function marked
``root_context`` (``url_for``: it reads only the request) the template's own context, never a derived one.
"""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType
from typing import Any, TypeVar

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Output
from jinja2.runtime import Context

F = TypeVar("F", bound=Callable[..., Any])

DICT_ATTRIBUTES = frozenset(dir(dict))
"""The only names ``getattr`` can find on a plain dict; they keep Jinja2's order (``row.items`` is the method)."""


_escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(markupsafe.escape(text)))
"""markupsafe's own escaping of a ``str`` (its C speedup), without the ``Markup`` around the result."""


PIECES = "_kasane_pieces"
"""The list a run of output is gathered in before it is yielded (no name Jinja2 gives a template's variables)."""


def escaped_output(value: Any) -> str:
    """What ``markupsafe.escape(value)`` reads as, as a plain ``str``."""
    if type(value) is str:
        return _escape_text(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape_text(str(value))


class _OutputCodeGenerator(CodeGenerator):
    def visit_Output(self, node: Output, frame: Frame) -> None:
        """A run of text and expressions is yielded as one string, not piece by piece: every piece yielded travels
        up through each template that includes or extends this one (a timeline row's ~60 pieces, four templates)."""
        if frame.buffer is not None or frame.require_output_check or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        frame.buffer = PIECES
        self.writeline(f"{PIECES} = []")
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None
        self.writeline(f"yield environment.concat({PIECES})")

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escaped_output(")
        if finalize.src is not None:
            self.write(finalize.src)


PASS_ARG = "jinja_pass_arg"
"""Where ``pass_context`` and its kin mark a function (``jinja2.utils._PassArg.from_obj``)."""
ROOT_CONTEXT = "kasane_root_context"
"""The mark of a ``pass_context`` function that reads only what the template was rendered with."""


def root_context(function: F) -> F:
    """``pass_context`` for a function that reads only what the template was rendered with (the request), never a
    loop's or a block's variables: it is given the template's own context, not one derived for each call."""
    marked = jinja2.pass_context(function)
    setattr(marked, ROOT_CONTEXT, True)
    return marked


class _Context(Context):
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's names)
        """``Context.call``, asking the callee once what it wants; Jinja2's own answers the rest."""
        if type(__obj) is FunctionType and getattr(__obj, ROOT_CONTEXT, False):
            args = (__self, *args)
        elif hasattr(__obj, PASS_ARG) or hasattr(getattr(type(__obj), "__call__", None), PASS_ARG):  # noqa: B004
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class TemplateEnvironment(jinja2.Environment):
    code_generator_class = _OutputCodeGenerator
    context_class = _Context
    escaped_output = staticmethod(escaped_output)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
