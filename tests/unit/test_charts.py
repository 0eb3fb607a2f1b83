"""Target-versus-actual charts: bars in proportion, every figure also in words, nothing unescaped."""

from __future__ import annotations

import re
from decimal import Decimal
from xml.etree import ElementTree

from web.views.charts import BAR_SPACE, Bar, bar_length, target_actual_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(*bars: Bar) -> str:
    return str(
        target_actual_chart(
            list(bars),
            chart_id="chart-4",
            title="施策4：目標と実績",
            desc="灰色が目標、青が実績。",
            target_label="目標",
            actual_label="実績",
        )
    )


def widths(svg: str, css: str) -> list[float]:
    root = ElementTree.fromstring(svg)
    bars = [r for g in root.iter(f"{SVG}g") if g.get("class") == "bar-row" for r in g.iter(f"{SVG}rect")]
    return [float(r.get("width", "0")) for r in bars if r.get("class") == css]


def test_each_pair_of_bars_is_scaled_to_the_larger_of_its_target_and_actual() -> None:
    svg = chart(Bar("相談件数", Decimal(300), Decimal(150), "件"), Bar("研修回数", Decimal(12), Decimal(18), "回"))
    assert widths(svg, "bar-target") == [BAR_SPACE, float(bar_length(Decimal(12), Decimal(18)))]
    assert widths(svg, "bar-actual") == [BAR_SPACE / 2, BAR_SPACE]


def test_a_missing_figure_draws_no_bar_and_says_so() -> None:
    svg = chart(Bar("PR回数", Decimal(2), None, "回"))
    assert widths(svg, "bar-actual") == [0.0]
    assert "PR回数: 目標 2回, 実績 —" in svg


def test_the_chart_has_a_title_and_a_description_listing_every_figure() -> None:
    svg = chart(Bar("相談件数", Decimal(300), Decimal(150), "件"), Bar("実施率", Decimal("80.5"), Decimal("1.34"), "%"))
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-4-title chart-4-desc"
    title, description = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "施策4：目標と実績"
    assert description is not None
    desc = description.text or ""
    assert "相談件数: 目標 300件, 実績 150件" in desc and "実施率: 目標 80.5%, 実績 1.34%" in desc


def test_labels_are_escaped_and_long_ones_cut_with_the_full_name_kept_as_a_tooltip() -> None:
    name = "<script>alert(1)</script>地域の居場所づくりに関わる団体の数"
    svg = chart(Bar(name, Decimal(5), Decimal(3), "団体"))
    assert "<script>" not in svg
    ElementTree.fromstring(svg)  # well-formed
    assert re.search(r"<title>&lt;script&gt;alert\(1\)&lt;/script&gt;地域の居場所づくりに関わる団体の数</title>", svg)
    assert "…</text>" in svg


def test_no_bars_no_chart() -> None:
    assert chart() == ""
