"""Target-versus-actual bar charts as inline SVG, drawn on the server.

No chart library and nothing fetched: the page stays readable on a closed
network and without JavaScript. Each indicator gets a pair of horizontal
bars (target, actual) scaled to the larger of its own two values, because
the indicators of one measure count different things (回, 件, 人 …) whose
sizes cannot share an axis. The figures are written beside the bars and
again in the page's table; the chart has a title and a description that
lists every figure, for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 720
LABEL_WIDTH = 250
BAR_SPACE = 380
"""Longest bar, in SVG units; the rest of the row is for the label and the figures."""
BAR_HEIGHT = 14
ROW_HEIGHT = 44
TOP = 30
LABEL_CHARACTERS = 19
"""Longer indicator names are cut (the full name is in the row's tooltip and the table)."""


@dataclass(frozen=True)
class Bar:
    """One indicator: its name, the year's target and actual (None when there is none), and its unit."""

    label: str
    target: Decimal | None
    actual: Decimal | None
    unit: str


def bar_length(value: Decimal | None, scale: Decimal) -> Decimal:
    """The length of a bar for ``value`` when ``scale`` fills the whole space (0 when there is nothing)."""
    if value is None or scale <= 0:
        return Decimal(0)
    return (value / scale * BAR_SPACE).quantize(Decimal("0.1"))


def _figure(value: Decimal | None, unit: str, missing: str) -> str:
    return missing if value is None else f"{value:f}{unit}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def target_actual_chart(
    bars: list[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    target_label: str,
    actual_label: str,
    missing: str = "—",
    shared_scale: bool = False,
) -> Markup:
    """An SVG of ``bars``; empty markup when there is nothing to draw.

    ``shared_scale`` draws every row on the scale of the largest value (rows that count the same thing, such as
    one figure month by month); by default each row has its own scale."""
    if not bars:
        return Markup("")
    height = TOP + ROW_HEIGHT * len(bars) + 6
    summary = "; ".join(
        f"{b.label}: {target_label} {_figure(b.target, b.unit, missing)}, {actual_label} "
        f"{_figure(b.actual, b.unit, missing)}"
        for b in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)} {escape(summary)}</desc>',
        _legend(target_label, actual_label),
    ]
    shared = max((v for b in bars for v in (b.target, b.actual) if v is not None), default=None)
    for row, bar in enumerate(bars):
        parts.append(_row(bar, TOP + row * ROW_HEIGHT, missing, shared if shared_scale else None))
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(target_label: str, actual_label: str) -> str:
    x = LABEL_WIDTH
    return (
        f'<g class="legend" aria-hidden="true"><rect class="bar-target" x="{x}" y="6" width="14" height="12"/>'
        f'<text x="{x + 20}" y="16">{escape(target_label)}</text>'
        f'<rect class="bar-actual" x="{x + 90}" y="6" width="14" height="12"/>'
        f'<text x="{x + 110}" y="16">{escape(actual_label)}</text></g>'
    )


def _row(bar: Bar, y: int, missing: str, shared: Decimal | None = None) -> str:
    values = [v for v in (bar.target, bar.actual) if v is not None]
    scale = shared if shared is not None else max(values) if values else Decimal(0)
    target, actual = bar_length(bar.target, scale), bar_length(bar.actual, scale)
    x = LABEL_WIDTH
    return (
        f'<g class="bar-row"><title>{escape(bar.label)}</title>'
        f'<text class="bar-label" x="0" y="{y + BAR_HEIGHT + 4}">{escape(_short(bar.label))}</text>'
        f'<rect class="bar-target" x="{x}" y="{y}" width="{target}" height="{BAR_HEIGHT}"/>'
        f'<text class="bar-value" x="{x + target + 6}" y="{y + BAR_HEIGHT - 2}">'
        f"{escape(_figure(bar.target, bar.unit, missing))}</text>"
        f'<rect class="bar-actual" x="{x}" y="{y + BAR_HEIGHT + 2}" width="{actual}" height="{BAR_HEIGHT}"/>'
        f'<text class="bar-value" x="{x + actual + 6}" y="{y + 2 * BAR_HEIGHT}">'
        f"{escape(_figure(bar.actual, bar.unit, missing))}</text></g>"
    )
