"""Charts as static, accessible inline SVG, drawn at build time from ``charts.yml``.

A horizontal bar per point; a range (low–high) is drawn as a bar from low to high
with the midpoint marked. No script, no external file: the figure prints as it shows.
The same numbers are always given as a table beside the drawing.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .model import Chart

_W, _LABEL_W, _ROW, _PAD = 640, 170, 34, 12


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(low: float | None, high: float | None, value: float | None) -> str:
    if value is not None:
        return _fmt(value)
    return f"{_fmt(low or 0)}–{_fmt(high or 0)}"


def svg(chart: Chart, lang: str, title_id: str) -> Markup:
    """The chart as an ``<svg role="img">`` labelled by the figure caption."""
    top = max([p.value if p.value is not None else (p.high or 0) for p in chart.points] + [1])
    scale = (_W - _LABEL_W - 90) / top
    height = _PAD * 2 + _ROW * len(chart.points)
    parts = [f'<svg class="chart" viewBox="0 0 {_W} {height}" role="img" aria-labelledby="{title_id}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, point in enumerate(chart.points):
        y = _PAD + i * _ROW
        label = escape(point.label.get(lang, ""))
        parts.append(f'<text x="{_LABEL_W - 8}" y="{y + 21}" text-anchor="end" class="chart-label">{label}</text>')
        if point.value is not None:
            x0, x1 = _LABEL_W, _LABEL_W + point.value * scale
            parts.append(f'<rect x="{x0}" y="{y + 6}" width="{x1 - x0:.1f}" height="{_ROW - 12}" class="chart-bar"/>')
        else:
            x0, x1 = _LABEL_W + (point.low or 0) * scale, _LABEL_W + (point.high or 0) * scale
            parts.append(f'<rect x="{_LABEL_W}" y="{y + 15}" width="{x0 - _LABEL_W:.1f}" height="2" class="chart-axis"/>')
            parts.append(f'<rect x="{x0:.1f}" y="{y + 6}" width="{max(x1 - x0, 2):.1f}" height="{_ROW - 12}" '
                         f'class="chart-bar chart-range"/>')
        text = value_text(point.low, point.high, point.value)
        parts.append(f'<text x="{x1 + 6:.1f}" y="{y + 21}" class="chart-value">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
