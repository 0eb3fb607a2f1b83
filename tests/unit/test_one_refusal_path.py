"""Refusals reach the browser one way: routes let domain errors through to ``web/http/errors.py``.

A form that must show a refusal beside its own fields or rows says how with ``expect_form(request, show, place)``;
no route catches ``KasaneError`` to render it itself (the meeting routes once did, with their own status rules).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROUTES = Path(__file__).parents[2] / "web" / "routes"


def caught_names(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {k.id if isinstance(k, ast.Name) else getattr(k, "attr", "") for k in kinds if k is not None}


def test_no_route_catches_kasane_error_itself() -> None:
    catching = [
        f"{path.name}:{node.lineno}"
        for path in sorted(ROUTES.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ExceptHandler) and "KasaneError" in caught_names(node)
    ]
    assert catching == []
