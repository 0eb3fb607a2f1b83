"""The plan file: a human-editable TOML description of a plan (see docs/plan-file.md).

``parse_plan`` is pure: it takes the file's text and returns a ``Plan``, or
raises ``InvalidInput`` whose ``field`` is the path of the offending key,
e.g. ``measures[2].programmes[1].indicators[0].unit`` (indices from 0).
Unknown keys are refused, so a typo never silently drops a setting.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.errors import InvalidInput, PlanFileNotToml
from domain.indicator import (
    Baseline,
    Direction,
    Indicator,
    IndicatorKind,
    PeriodType,
    Target,
    Unit,
    Value,
    check_value,
)
from domain.plan import MAX_DEPTH, Measure, Plan, PlanHeading, Programme
from domain.rating_scale import KOMAE_GRADES, LETTER_GRADES, STATUS_WORDS, RatingGrade, RatingScale, ScaleKind
from domain.roadmap import PlannedStage, check_stage
from domain.rule import CountingMode, Rule
from domain.validation import MAX_NAME, check_code, check_text

TBD = "TBD"
"""The target value meaning "to be decided" (目標値は今後設定)."""

_PLAN_KEYS = {"code", "name", "period", "note", "measures", "levels", "headings", "rating"}
_HEADING_KEYS = {"code", "name", "label", "parent"}
_RATING_KEYS = {"scale", "definitions", "words"}
_MEASURE_KEYS = {"code", "name", "note", "programmes", "label", "heading", "roadmap"}
_PROGRAMME_KEYS = {"code", "name", "department", "note", "indicators", "relists", "label", "roadmap"}
_INDICATOR_KEYS = {
    "code",
    "name_ja",
    "name_en",
    "unit",
    "direction",
    "kind",
    "period",
    "counting",
    "baseline",
    "targets",
    "final_target",
    "rule",
    "manual",
    "statuses",
    "note",
}


def parse_plan(text: str) -> Plan:
    """The plan described by ``text``; refuses anything it does not understand."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise PlanFileNotToml(f"the plan file is not valid TOML: {error}", field="file") from None
    return _Parser().plan(data)


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _table(value: object, path: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{path or 'the file'} must be a table", field=path or "file")
    for key in value:
        if key not in allowed:
            raise InvalidInput(f"{_at(path, key)}: unknown key {key!r}", field=_at(path, key))
    for key in sorted(required):
        if key not in value:
            raise InvalidInput(f"{_at(path, key)} is required", field=_at(path, key))
    return value


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"{path} must be a list", field=path)
    return value


def _choice(value: object, choices: type[Any], path: str) -> str:
    try:
        return str(choices(value).value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise InvalidInput(f"{path}: {value!r} is not one of {allowed}", field=path) from None


def _year(value: object, path: str) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise InvalidInput(f"{path}: {value!r} is not a year such as 2025", field=path)
    return value


class _Parser:
    """One pass over the file; remembers codes to refuse duplicates."""

    def __init__(self) -> None:
        self.codes: dict[str, dict[str, str]] = {"measure": {}, "programme": {}, "indicator": {}, "heading": {}}
        self.headings: dict[str, PlanHeading] = {}
        self.relists: list[tuple[str, str]] = []
        self.first_year = self.last_year = 0

    def plan(self, data: object) -> Plan:
        table = _table(data, "", _PLAN_KEYS, {"code", "name", "period", "measures"})
        period = _table(table["period"], "period", {"from", "to"}, {"from", "to"})
        self.first_year, self.last_year = _year(period["from"], "period.from"), _year(period["to"], "period.to")
        if self.last_year < self.first_year:
            raise InvalidInput("period.to: the plan cannot end before it starts", field="period.to")
        levels = tuple(check_text(v, "levels", max_length=MAX_NAME) for v in _list(table.get("levels", []), "levels"))
        if len(levels) > MAX_DEPTH:
            raise InvalidInput(f"levels: a plan has at most {MAX_DEPTH} levels", field="levels")
        headings = _list(table.get("headings", []), "headings")
        for i, heading in enumerate(headings):
            self.heading(heading, _at("headings", i))
        measures = _list(table["measures"], "measures")
        if not measures:
            raise InvalidInput("measures: a plan needs at least one measure", field="measures")
        plan = Plan(
            code=check_code(table["code"], "code"),
            name=check_text(table["name"], "name", max_length=MAX_NAME),
            first_year=self.first_year,
            last_year=self.last_year,
            measures=tuple(self.measure(m, _at("measures", i), i + 1) for i, m in enumerate(measures)),
            note=check_text(table.get("note"), "note", required=False),
            headings=tuple(self.headings.values()),
            levels=levels,
            scale=self.scale(table.get("rating")),
        )
        for code, path in self.relists:
            if code not in self.codes["indicator"]:
                raise InvalidInput(f"{path}: no indicator {code!r} is defined in this plan", field=path)
        return plan

    def unique(self, kind: str, value: object, path: str) -> str:
        code = check_code(value, path)
        if code in self.codes[kind]:
            raise InvalidInput(f"{path}: {kind} code {code!r} is already used at {self.codes[kind][code]}", field=path)
        self.codes[kind][code] = path
        return code

    def heading(self, data: object, path: str) -> None:
        """A heading; its parent must come before it, so the file reads top-down as the plan prints."""
        table = _table(data, path, _HEADING_KEYS, {"code", "name"})
        code = self.unique("heading", table["code"], _at(path, "code"))
        parent = self.parent(table.get("parent", ""), _at(path, "parent"), depth=MAX_DEPTH - 2)
        self.headings[code] = PlanHeading(
            code=code,
            name=check_text(table["name"], _at(path, "name"), max_length=MAX_NAME),
            label=check_text(table.get("label"), _at(path, "label"), required=False, max_length=20),
            parent=parent,
        )

    def parent(self, value: object, where: str, *, depth: int) -> str:
        """A heading defined above, with at most ``depth`` headings above it (4 levels in all)."""
        if value in ("", None):
            return ""
        code = check_code(value, where)
        if code not in self.headings:
            raise InvalidInput(f"{where}: no heading {code!r} is defined before this", field=where)
        above, up = 1, self.headings[code].parent
        while up:
            above, up = above + 1, self.headings[up].parent
        if above > depth:
            raise InvalidInput(f"{where}: a plan has at most {MAX_DEPTH} levels", field=where)
        return code

    def scale(self, data: object) -> RatingScale:
        """The ``[rating]`` table; without it, Komae's rule on the share of programmes achieved."""
        if data is None:
            return RatingScale()
        table = _table(data, "rating", _RATING_KEYS, {"scale"})
        kind = _choice(table["scale"], ScaleKind, "rating.scale")
        if kind == ScaleKind.STATUS:
            if "definitions" in table:
                raise InvalidInput("rating.definitions: a status scale lists its words instead", field="rating.words")
            raw = _list(table.get("words", list(STATUS_WORDS)), "rating.words")
            words = tuple(check_text(w, "rating.words", max_length=20) for w in raw)
            if len(words) < 2 or len(set(words)) != len(words):
                raise InvalidInput("rating.words: give at least two distinct words", field="rating.words")
            return RatingScale(kind=kind, grades=tuple(RatingGrade(w) for w in words))
        if "words" in table:
            raise InvalidInput("rating.words: only a status scale has words", field="rating.words")
        given = _table(table.get("definitions", {}), "rating.definitions", set(LETTER_GRADES), set())
        if kind == ScaleKind.GRADES and not given:
            where = "rating.definitions"
            raise InvalidInput(f"{where}: say what A, B, C and D mean in this plan", field=where)
        defaults = {g.code: g.definition for g in KOMAE_GRADES}
        return RatingScale(
            kind=kind,
            grades=tuple(
                RatingGrade(c, check_text(given.get(c, defaults[c]), f"rating.definitions.{c}")) for c in LETTER_GRADES
            ),
        )

    def measure(self, data: object, path: str, order: int) -> Measure:
        table = _table(data, path, _MEASURE_KEYS, {"code", "name"})
        programmes = _list(table.get("programmes", []), _at(path, "programmes"))
        return Measure(
            label=check_text(table.get("label"), _at(path, "label"), required=False, max_length=20),
            heading=self.parent(table.get("heading", ""), _at(path, "heading"), depth=MAX_DEPTH - 1),
            code=self.unique("measure", table["code"], _at(path, "code")),
            name=check_text(table["name"], _at(path, "name"), max_length=MAX_NAME),
            order=order,
            programmes=tuple(self.programme(p, _at(_at(path, "programmes"), i)) for i, p in enumerate(programmes)),
            note=check_text(table.get("note"), _at(path, "note"), required=False),
            roadmap=self.roadmap(table, path),
        )

    def programme(self, data: object, path: str) -> Programme:
        table = _table(data, path, _PROGRAMME_KEYS, {"code", "name"})
        code = self.unique("programme", table["code"], _at(path, "code"))
        indicators = _list(table.get("indicators", []), _at(path, "indicators"))
        parsed = tuple(self.indicator(d, _at(_at(path, "indicators"), i)) for i, d in enumerate(indicators))
        relists = _list(table.get("relists", []), _at(path, "relists"))
        for i, relisted in enumerate(relists):
            where = _at(_at(path, "relists"), i)
            if check_code(relisted, where) in {p.code for p in parsed}:
                raise InvalidInput(f"{where}: {relisted!r} is this programme's own indicator", field=where)
            self.relists.append((relisted, where))
        return Programme(
            code=code,
            name=check_text(table["name"], _at(path, "name"), max_length=MAX_NAME),
            department=check_text(
                table.get("department"), _at(path, "department"), required=False, max_length=MAX_NAME
            ),
            indicators=parsed,
            relists=tuple(relists),
            note=check_text(table.get("note"), _at(path, "note"), required=False),
            label=check_text(table.get("label"), _at(path, "label"), required=False, max_length=20),
            roadmap=self.roadmap(table, path),
        )

    def roadmap(self, table: Mapping[str, Any], path: str) -> tuple[PlannedStage, ...]:
        """The 工程表 ``{ 2024 = "検討", 2025 = "実施" }``: years inside the plan period, a stage each."""
        where = _at(path, "roadmap")
        raw = table.get("roadmap", {})
        if not isinstance(raw, dict):
            raise InvalidInput(f'{where} must be a table such as {{ 2024 = "検討", 2025 = "実施" }}', field=where)
        stages = []
        for key, value in raw.items():
            at = _at(where, key)
            stages.append(PlannedStage(self.in_period(_year(key, at), at), check_stage(value, at)))
        return tuple(sorted(stages, key=lambda s: s.year))

    def indicator(self, data: object, path: str) -> Indicator:
        table = _table(data, path, _INDICATOR_KEYS, {"code", "name_ja", "unit"})
        unit = _choice(table["unit"], Unit, _at(path, "unit"))
        statuses = self.statuses(table, path, unit)
        rule = self.source(table, path, milestone=unit == Unit.STATUS)
        counting = self.counting(table, path, rule, milestone=unit == Unit.STATUS)

        def value(raw: object, where: str) -> Value:
            return check_value(raw, where, unit=unit, statuses=statuses)

        baseline = None
        if "baseline" in table:
            where = _at(path, "baseline")
            raw = _table(table["baseline"], where, {"year", "value"}, {"year", "value"})
            year = _year(raw["year"], _at(where, "year"))
            if year > self.last_year:
                raise InvalidInput(f"{where}.year: a baseline cannot come after the plan ends", field=f"{where}.year")
            baseline = Baseline(year=year, value=value(raw["value"], _at(where, "value")))
        return Indicator(
            code=self.unique("indicator", table["code"], _at(path, "code")),
            name_ja=check_text(table["name_ja"], _at(path, "name_ja"), max_length=MAX_NAME * 2),
            name_en=check_text(table.get("name_en"), _at(path, "name_en"), required=False, max_length=MAX_NAME * 2),
            unit=unit,
            direction=self.direction(table, path, milestone=unit == Unit.STATUS),
            kind=_choice(table.get("kind", IndicatorKind.ACTIVITY.value), IndicatorKind, _at(path, "kind")),
            period=_choice(table.get("period", PeriodType.FISCAL_YEAR.value), PeriodType, _at(path, "period")),
            counting=counting,
            baseline=baseline,
            targets=self.targets(table, path, value),
            final_target=self.final_target(table, path, value),
            rule=rule,
            statuses=statuses,
            note=check_text(table.get("note"), _at(path, "note"), required=False),
        )

    def statuses(self, table: Mapping[str, Any], path: str, unit: str) -> tuple[str, ...]:
        where = _at(path, "statuses")
        if unit != Unit.STATUS:
            if "statuses" in table:
                raise InvalidInput(f'{where}: only a milestone (unit = "status") has statuses', field=where)
            return ()
        if "statuses" not in table:
            raise InvalidInput(f'{where}: a milestone needs its ordered statuses, e.g. ["検討", "整備"]', field=where)
        items = tuple(check_text(s, where, max_length=MAX_NAME) for s in _list(table["statuses"], where))
        if len(items) < 2 or len(set(items)) != len(items):
            raise InvalidInput(f"{where}: give at least two distinct statuses, lowest first", field=where)
        return items

    def source(self, table: Mapping[str, Any], path: str, *, milestone: bool) -> Rule | None:
        """The rule, or None for an indicator entered by hand (``manual = true``)."""
        has_rule, manual = "rule" in table, table.get("manual")
        if "manual" in table and manual is not True:
            raise InvalidInput(
                f"{path}.manual: write manual = true, or remove it and give a rule", field=_at(path, "manual")
            )
        if has_rule and manual:
            raise InvalidInput(f"{path}: give either a rule or manual = true, not both", field=_at(path, "manual"))
        if not has_rule and not manual:
            raise InvalidInput(f"{path}: needs a rule (counted from the log) or manual = true", field=_at(path, "rule"))
        if not has_rule:
            return None
        if milestone:
            raise InvalidInput(f"{path}.rule: a milestone is entered by hand, not counted", field=_at(path, "rule"))
        rule_path = _at(path, "rule")
        if not isinstance(table["rule"], dict):
            raise InvalidInput(f"{rule_path} must be a table", field=rule_path)
        return Rule.checked(table["rule"], rule_path)

    def counting(self, table: Mapping[str, Any], path: str, rule: Rule | None, *, milestone: bool) -> str | None:
        where = _at(path, "counting")
        if "counting" not in table:
            if rule is not None:
                raise InvalidInput(
                    f"{where}: say how the rule counts: total (延べ), distinct (実) or new (新規)", field=where
                )
            return None
        if milestone:
            raise InvalidInput(f"{where}: a milestone is not counted", field=where)
        mode = CountingMode(_choice(table["counting"], CountingMode, where))
        if rule is not None and mode == CountingMode.TOTAL and rule.distinct_by is not None:
            raise InvalidInput(
                f"{path}.rule.distinct_by: only distinct or new counting uses it", field=f"{path}.rule.distinct_by"
            )
        if rule is not None and mode != CountingMode.TOTAL and rule.total_of is not None:
            raise InvalidInput(
                f"{path}.rule.total_of: only total (延べ) counting adds numbers up", field=f"{path}.rule.total_of"
            )
        if rule is not None and mode != CountingMode.TOTAL and rule.unit() is None:
            raise InvalidInput(
                f"{path}.rule.distinct_by: the event kinds differ in what is distinct; choose one",
                field=f"{path}.rule.distinct_by",
            )
        return mode.value

    def direction(self, table: Mapping[str, Any], path: str, *, milestone: bool) -> str:
        where = _at(path, "direction")
        if milestone:
            if table.get("direction", Direction.INCREASE.value) != Direction.INCREASE:
                raise InvalidInput(f"{where}: a milestone can only move forward (increase)", field=where)
            return Direction.INCREASE.value
        if "direction" not in table:
            raise InvalidInput(f"{where} is required: increase, maintain or decrease", field=where)
        return _choice(table["direction"], Direction, where)

    def in_period(self, year: int, where: str) -> int:
        if not self.first_year <= year <= self.last_year:
            raise InvalidInput(
                f"{where}: {year} is outside the plan period {self.first_year}–{self.last_year}", field=where
            )
        return year

    def targets(self, table: Mapping[str, Any], path: str, value: Any) -> tuple[Target, ...]:
        where = _at(path, "targets")
        raw = table.get("targets", {})
        if not isinstance(raw, dict):
            raise InvalidInput(f'{where} must be a table such as {{ 2025 = 12, 2026 = "TBD" }}', field=where)
        targets = []
        for key, target in raw.items():
            year = self.in_period(_year(key, _at(where, key)), _at(where, key))
            targets.append(Target(year=year, value=None if target == TBD else value(target, _at(where, key))))
        return tuple(sorted(targets, key=lambda t: t.year))

    def final_target(self, table: Mapping[str, Any], path: str, value: Any) -> Target | None:
        where = _at(path, "final_target")
        if "final_target" not in table:
            return None
        raw = table["final_target"]
        if not isinstance(raw, dict):
            raw = {"year": self.last_year, "value": raw}
        raw = _table(raw, where, {"year", "value"}, {"value"})
        year = self.in_period(_year(raw.get("year", self.last_year), _at(where, "year")), _at(where, "year"))
        target = raw["value"]
        return Target(year=year, value=None if target == TBD else value(target, _at(where, "value")))
