"""The set-up file parser: every problem is listed with its line and key, and a valid file reads as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.setup_file import SetupRefused, parse_setup

EXAMPLE = Path(__file__).parents[2] / "examples" / "setup" / "sakuragaoka.toml"

BROKEN = """\
[[agency]]
code = "fukushi-soudan"
name = "福祉相談課"
kind = "city_dept"
colour = "blue"

[[agency]]
code = "fukushi-soudan"
name = ""
kind = "centre"
order = -1

[[area]]
code = "第一地区"
name = "第一地区"
kind = "district"

[[meeting_type]]
code = "support"
name = "支援会議"
requires_consent = "no"

[[staff]]
username = "sato"
name = "佐藤 花子"
role = "system"
agency = "shakyo"
"""


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(SetupRefused) as refused:
        parse_setup(text)
    return [(p.line, p.field, p.code) for p in refused.value.problems]


def test_a_broken_file_is_refused_with_every_problem_its_line_and_key() -> None:
    assert problems_of(BROKEN) == [
        (4, "agency[1].kind", "bad_choice"),
        (5, "agency[1].colour", "unknown_key"),
        (8, "agency[2].code", "duplicate"),
        (9, "agency[2].name", "required"),
        (11, "agency[2].order", "bad_order"),
        (14, "area[1].code", "bad_code"),
        (18, "meeting_type[1].restricted_records", "required"),  # a missing key: the line of its block
        (21, "meeting_type[1].requires_consent", "not_bool"),
        (26, "staff[1].role", "bad_choice"),
        (27, "staff[1].agency", "unknown_agency"),
    ]


def test_a_toml_syntax_error_is_refused_with_its_line() -> None:
    assert problems_of('[[agency]]\ncode = "a"\nname = "福祉相談課\n') == [(3, "file", "toml_syntax")]


def test_an_unknown_section_is_refused() -> None:
    assert problems_of('[[agencies]]\ncode = "a"\n') == [(None, "agencies", "unknown_section")]


def test_display_order_defaults_to_the_position_in_the_file() -> None:
    setup = parse_setup(
        '[[area]]\ncode = "d2"\nname = "第二地区"\nkind = "district"\n'
        '[[area]]\ncode = "d1"\nname = "第一地区"\nkind = "district"\norder = 5\n'
    )
    assert [(a.code, a.display_order) for a in setup.areas] == [("d2", 1), ("d1", 5)]


def test_the_example_municipality_reads_without_problems() -> None:
    setup = parse_setup(EXAMPLE.read_text(encoding="utf-8"))
    assert {a.code for a in setup.agencies} >= {"fukushi-soudan", "shakyo", "houkatsu-kita"}
    assert [a.name for a in setup.areas if a.area_kind == "district"][:3] == ["第一地区", "第二地区", "第三地区"]
    support = next(m for m in setup.meeting_types if m.code == "support")
    layered = next(m for m in setup.meeting_types if m.code == "layered")
    assert (support.requires_consent, support.restricted_records) == (False, True)
    assert (layered.requires_consent, layered.restricted_records) == (True, False)
    assert {s.agency for s in setup.staff} <= {a.code for a in setup.agencies}
