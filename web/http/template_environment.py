"""The templates' Jinja2 environment: a document's fields are looked up as keys first.

The pages render documents, plain dicts (``projections.reports.documents``), and write ``item.code``. Jinja2's
``getattr`` tries the attribute first, so each such lookup raised and caught an AttributeError before it tried
the key: on the planner's year (50 indicators, ~30 fields a row) that was a tenth of the page's CPU. For a plain
dict, an attribute lookup can only find one of dict's own attributes (``items``, ``get`` …), so looking a name
that is none of those up as a key first gives the same answer, without the exception.
"""

from __future__ import annotations

from typing import Any

import jinja2

DICT_ATTRIBUTES = frozenset(dir(dict))
"""The only names ``getattr`` can find on a plain dict; they keep Jinja2's order (``row.items`` is the method)."""


class TemplateEnvironment(jinja2.Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
