"""Charts as static, accessible inline SVG, drawn at build time from ``charts.yml``.

A horizontal bar per point on a zero-based axis with round ticks and the unit, so
lengths compare honestly. A range (low–high) is a lighter bar from low to high with
its midpoint marked, plus a thin lead-in line from zero. No script, no external
file, no colour in the markup: classes take their colours from ``site.css`` (light
and dark) and ``print.css``, so the figure prints as it shows. The same numbers are
always given as a table beside the drawing (``chart.html``); the drawing is labelled
by the figure caption.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..content.model import Chart

_W, _LABEL_W, _ROW, _PAD, _AXIS_H, _VALUE_W = 640, 170, 34, 10, 34, 84
_PLOT_W = _W - _LABEL_W - _VALUE_W


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(low: float | None, high: float | None, value: float | None, scale: float = 1.0) -> str:
    """A point's figure in the reader's unit: the data times that language's ``scale``."""
    if value is not None:
        return _fmt(value * scale)
    return f"{_fmt((low or 0) * scale)}–{_fmt((high or 0) * scale)}"


def ticks(top: float) -> list[float]:
    """Round tick values from 0 to at least ``top`` (steps of 1, 2 or 5 × 10ⁿ, 3–6 ticks)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def svg(chart: Chart, lang: str, title_id: str) -> Markup:
    """The chart as an ``<svg role="img">`` labelled by the figure caption."""
    k = chart.scale.get(lang, 1.0)  # drawn in the reader's unit, so the ticks are round in it
    top = max([p.value if p.value is not None else (p.high or 0) for p in chart.points] + [0]) * k
    marks = ticks(top)
    scale = _PLOT_W / marks[-1]
    rows_h = _PAD + _ROW * len(chart.points)
    height = rows_h + _AXIS_H

    def x(v: float) -> float:
        return _LABEL_W + v * scale

    parts = [f'<svg class="chart" viewBox="0 0 {_W} {height}" role="img" aria-labelledby="{title_id}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for mark in marks:  # gridlines first, under the bars
        parts.append(f'<line x1="{x(mark):.1f}" x2="{x(mark):.1f}" y1="{_PAD - 4}" y2="{rows_h}" class="chart-grid"/>')
        parts.append(f'<text x="{x(mark):.1f}" y="{rows_h + 18}" text-anchor="middle" class="chart-tick">'
                     f'{escape(_fmt(mark))}</text>')
    parts.append(f'<text x="{_LABEL_W - 8}" y="{rows_h + 18}" text-anchor="end" class="chart-unit">'
                 f'{escape(chart.unit.get(lang, ""))}</text>')
    for i, point in enumerate(chart.points):
        y = _PAD + i * _ROW
        label = escape(point.label.get(lang, ""))
        parts.append(f'<text x="{_LABEL_W - 8}" y="{y + 21}" text-anchor="end" class="chart-label">{label}</text>')
        if point.value is not None:
            end = x(point.value * k)
            parts.append(f'<rect x="{_LABEL_W}" y="{y + 6}" width="{end - _LABEL_W:.1f}" height="{_ROW - 12}" '
                         f'class="chart-bar"/>')
        else:
            low, high = x((point.low or 0) * k), x((point.high or 0) * k)
            mid = (low + high) / 2
            end = high
            parts.append(f'<line x1="{_LABEL_W}" x2="{low:.1f}" y1="{y + 17}" y2="{y + 17}" class="chart-lead"/>')
            parts.append(f'<rect x="{low:.1f}" y="{y + 6}" width="{max(high - low, 2):.1f}" height="{_ROW - 12}" '
                         f'class="chart-bar chart-range"/>')
            parts.append(f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="{y + 3}" y2="{y + _ROW - 3}" class="chart-mid"/>')
        text = value_text(point.low, point.high, point.value, k)
        parts.append(f'<text x="{end + 6:.1f}" y="{y + 21}" class="chart-value">{escape(text)}</text>')
    parts.append(f'<line x1="{_LABEL_W}" x2="{_LABEL_W}" y1="{_PAD - 4}" y2="{rows_h}" class="chart-axis"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
