"""The domain imports only the standard library, eventsourcing and itself: never web/, projections/ or a driver."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).parents[2] / "domain"
ALLOWED = set(sys.stdlib_module_names) | {"eventsourcing", "domain"}


def imported_packages(path: Path) -> set[str]:
    packages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            packages.add(node.module.split(".")[0])
    return packages


def test_the_domain_imports_only_the_standard_library_and_eventsourcing() -> None:
    foreign = {
        f"{path.name}: {package}"
        for path in sorted(DOMAIN.glob("*.py"))
        for package in imported_packages(path) - ALLOWED
    }
    assert foreign == set()
