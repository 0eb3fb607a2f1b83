"""A 50-indicator plan file for the report benchmark, built from the counted indicators of ``examples/``.

Every indicator of the example plans that has a counting rule is reused in
turn (its rule, counting mode, unit and direction unchanged) until there are
50, spread over 10 measures of 5 programmes, each with targets for the two
fiscal years the benchmark data covers. The result is parsed by the same
``parse_plan`` as any plan file, so an invalid rule fails here, not silently.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from domain.plan_file import parse_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CODE = "bench-50"
KEPT = ("unit", "direction", "counting", "rule", "calendar_year")


def counted_indicators() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        plan = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        for measure in plan["measures"]:
            for programme in measure.get("programmes", []):  # a plan may rate its measures alone
                found.extend(i for i in programme.get("indicators", []) if "rule" in i)
    return found


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} to a plan file")


def plan_text(indicators: int = 50, *, first_year: int = 2024, last_year: int = 2027) -> str:
    sources = counted_indicators()
    lines = [
        f'code = "{CODE}"',
        'name = "ベンチマーク用計画（50指標）"',
        f"period = {{ from = {first_year}, to = {last_year} }}",
        "",
    ]
    for number, source in enumerate(islice(cycle(sources), indicators)):
        measure, programme = divmod(number, 5)
        if programme == 0:
            lines += ["[[measures]]", f'code = "M{measure + 1:02d}"', f'name = "施策{measure + 1}"', ""]
        lines += [
            "[[measures.programmes]]",
            f'code = "M{measure + 1:02d}-{programme + 1}"',
            f'name = "事業{number + 1}"',
            "",
            "[[measures.programmes.indicators]]",
            f'code = "B{number + 1:02d}"',
            f"name_ja = {_value(source['name_ja'] + f'（{number + 1}）')}",
            f'name_en = "Indicator {number + 1}"',
        ]
        lines += [f"{key} = {_value(source[key])}" for key in KEPT if key in source]
        lines += [f"targets = {{ {first_year + 1} = {10 + number}, {first_year + 2} = {20 + number} }}", ""]
    text = "\n".join(lines)
    parse_plan(text)
    return text
