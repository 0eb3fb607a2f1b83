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

Every call in a template (``t(…)``, ``url_for(…)``, ``t.label(…)``) goes through ``Context.call``, which asks the
callable and its ``__call__`` whether it wants the context, the eval context or the environment passed first: five
attribute lookups and two dict pops around each of ~280 calls a case page. ``TemplateContext.call`` asks once per
function or class and calls it the same way; the rare call that needs a context derived for loop or block
variables still goes through Jinja2's own, except for a function marked ``root_context`` (``url_for``: it reads only
the request), which is given the template's own context rather than a new one derived for each call inside a
``{% for %}``. And an attribute found on the object is returned without a second
frame (Jinja2's ``getattr`` tries the same ``getattr`` first): ~1,000 lookups a case page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import FunctionType, MethodType
from typing import Any, TypeVar

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Include, Output
from jinja2.runtime import Context
from jinja2.utils import _PassArg

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
        self._yield_joined(frame, partial(super().visit_Output, node, frame))

    def visit_Include(self, node: Include, frame: Frame) -> None:
        """An included template's output is joined where it is included and yielded as one string: each of its
        pieces would otherwise be yielded again by every template around it (the timeline's ~700, three times)."""
        if frame.buffer is not None or not node.with_context or self.environment.is_async:
            super().visit_Include(node, frame)
            return
        self._yield_joined(frame, partial(super().visit_Include, node, frame))

    def _yield_joined(self, frame: Frame, write: Callable[[], None]) -> None:
        """Compile ``write``'s output into a list, then yield the list joined as one string."""
        frame.buffer = PIECES
        self.writeline(f"{PIECES} = []")
        try:
            write()
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


F = TypeVar("F", bound=Callable[..., Any])

ROOT_CONTEXT = "kasane_root_context"
"""The mark of a ``pass_context`` function that reads only what the template was rendered with."""


def root_context(function: F) -> F:
    """``pass_context`` for a function that reads only what the template was rendered with (the request), never a
    loop's or a block's variables: it is given the template's own context, not one derived for each call."""
    marked = jinja2.pass_context(function)
    setattr(marked, ROOT_CONTEXT, True)
    return marked


_pass_args: dict[type, _PassArg | None] = {}
"""What the instances of each class of callable objects want passed first, asked of the class's ``__call__``."""


def _pass_arg(obj: Any) -> _PassArg | None:
    """What ``Context.call`` passes ``obj`` first (Jinja2's ``pass_context`` …), as Jinja2 asks it: of the object's
    ``__call__``, then of the object. A function's, method's or class's ``__call__`` is Python's own and says nothing;
    a callable object's is its class's, asked once per class."""
    if isinstance(obj, (FunctionType, MethodType, type)) or "jinja_pass_arg" in getattr(obj, "__dict__", ()):
        return _PassArg.from_obj(obj)
    kind = type(obj)
    if kind not in _pass_args:
        _pass_args[kind] = _PassArg.from_obj(obj.__call__) or _PassArg.from_obj(obj)
    return _pass_args[kind]


class TemplateContext(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's own signature)
        """Jinja2's ``Context.call``, asking the callable what it takes once (``_pass_arg``), not on every call."""
        pass_arg = _pass_arg(__obj)
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        if pass_arg is _PassArg.context:
            if (loop_vars or block_vars) and not getattr(__obj, ROOT_CONTEXT, False):
                return super().call(__obj, *args, _loop_vars=loop_vars, _block_vars=block_vars, **kwargs)
            args = (__self, *args)
        elif pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class TemplateEnvironment(jinja2.Environment):
    code_generator_class = _OutputCodeGenerator
    context_class = TemplateContext
    escaped_output = staticmethod(escaped_output)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)
