"""Inline SVG charts rendered on the server (no JavaScript, no CDN).

Contract: :func:`render_chart` takes a :class:`~.datasets.Dataset` and returns safe SVG markup with ``role="img"``,
a ``<title>`` and a ``<desc>`` summarising the data (screen readers), or ``""`` when there is nothing to draw. Every
chart is shown next to a data table (the accessible fallback) in the template. All text is escaped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .datasets import Dataset

#: Series colours (colour-blind safe, WCAG non-text contrast ≥ 3:1 on white).
PALETTE = ("#0b5394", "#c0392b", "#8a4b00", "#6b1d6b", "#1e6b2e")
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
CHART_WIDTH = 640


def _label(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m")
    text = str(value)
    return text if len(text) <= 34 else text[:33] + "…"


def _num(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _summary(ds: Dataset) -> str:
    parts = []
    for row in ds.rows[:10]:
        values = ", ".join(f"{ds.columns[k]} {row.get(k, 0)}" for k in ds.value_keys)
        parts.append(f"{row.get(ds.label_key)}: {values}")
    more = f" (+{len(ds.rows) - 10})" if len(ds.rows) > 10 else ""
    return "; ".join(parts) + more


def _legend(ds: Dataset, y: int) -> list[str]:
    if len(ds.value_keys) < 2:
        return []
    out, x = [], LABEL_WIDTH
    for i, key in enumerate(ds.value_keys):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{y + 11}" font-size="12">{escape(str(ds.columns[key]))}</text>')
        x += 30 + 8 * len(str(ds.columns[key]))
    return out


def bar_chart(ds: Dataset) -> SafeString:
    """Horizontal grouped bars: one group per row, one bar per value key."""
    if not ds.rows or not ds.value_keys:
        return mark_safe("")  # noqa: S308 (constant)
    series = len(ds.value_keys)
    group_h = series * BAR_HEIGHT + BAR_GAP
    top = 28 if series > 1 else 8
    height = top + group_h * len(ds.rows) + 8
    peak = max(_num(row.get(k)) for row in ds.rows for k in ds.value_keys) or 1.0
    span = CHART_WIDTH - LABEL_WIDTH - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart kb-chart--bar" role="img" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" aria-labelledby="chart-{ds.key}-t chart-{ds.key}-d">',
        f'<title id="chart-{ds.key}-t">{escape(ds.title)}</title>',
        f'<desc id="chart-{ds.key}-d">{escape(_summary(ds))}</desc>',
        *_legend(ds, 4),
    ]
    for r, row in enumerate(ds.rows):
        y0 = top + r * group_h
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y0 + series * BAR_HEIGHT / 2 + 4:.0f}" text-anchor="end" '
                     f'font-size="13">{escape(_label(row.get(ds.label_key)))}</text>')
        for s, key in enumerate(ds.value_keys):
            value = _num(row.get(key))
            width = max(1.0, span * value / peak) if value else 0.0
            y = y0 + s * BAR_HEIGHT
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 4}" '
                         f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(str(ds.columns[key]))}: '
                         f'{escape(str(row.get(key, 0)))}</title></rect>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 7}" font-size="12">'
                         f'{escape(str(row.get(key, 0)))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)


def line_chart(ds: Dataset) -> SafeString:
    """One polyline per value key over the rows (in order), with axis labels at start and end.

    Fewer than two rows make no line: drawn as bars instead.
    """
    if not ds.rows or not ds.value_keys:
        return mark_safe("")  # noqa: S308 (constant)
    if len(ds.rows) < 2:
        return bar_chart(ds)
    width, height, left, right, top, bottom = CHART_WIDTH, 240, 48, 16, 28, 28
    peak = max(_num(row.get(k)) for row in ds.rows for k in ds.value_keys) or 1.0
    n = len(ds.rows)
    step = (width - left - right) / max(1, n - 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step, top + (height - top - bottom) * (1 - value / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart kb-chart--line" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="chart-{ds.key}-t chart-{ds.key}-d">',
        f'<title id="chart-{ds.key}-t">{escape(ds.title)}</title>',
        f'<desc id="chart-{ds.key}-d">{escape(_summary(ds))}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#767676"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#767676"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12">{peak:g}</text>',
        f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end" font-size="12">0</text>',
        f'<text x="{left}" y="{height - 8}" font-size="12">{escape(_label(ds.rows[0].get(ds.label_key)))}</text>',
        f'<text x="{width - right}" y="{height - 8}" text-anchor="end" font-size="12">'
        f'{escape(_label(ds.rows[-1].get(ds.label_key)))}</text>',
    ]
    legend_x = left
    for s, key in enumerate(ds.value_keys):
        colour = PALETTE[s % len(PALETTE)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, _num(r.get(key))) for i, r in enumerate(ds.rows)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for i, row in enumerate(ds.rows):
            x, y = xy(i, _num(row.get(key)))
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
                         f'{escape(_label(row.get(ds.label_key)))} – {escape(str(ds.columns[key]))}: '
                         f'{escape(str(row.get(key, 0)))}</title></circle>')
        parts.append(f'<rect x="{legend_x}" y="6" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{legend_x + 16}" y="17" font-size="12">{escape(str(ds.columns[key]))}</text>')
        legend_x += 30 + 8 * len(str(ds.columns[key]))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)


def render_chart(ds: Dataset) -> SafeString:
    """The chart for a dataset according to ``ds.chart`` (``bar``, ``line`` or ``none``)."""
    if ds.chart == "line":
        return line_chart(ds)
    if ds.chart == "bar":
        return bar_chart(ds)
    return mark_safe("")  # noqa: S308 (constant)
