"""A unit's quarterly trend as an inline SVG line chart (drawn here: no chart library in PDFs)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 520, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32


def trend_svg(points: Sequence[tuple[str, Decimal | None]]) -> str:
    """A line through the totals of the labelled periods (None: no result, a gap), with each
    value written above its point."""
    values = [value for _, value in points if value is not None]
    if not points or not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    pad = span / 10 if span else max(abs(high) / 10, Decimal(1))
    low, high = low - pad, high + pad
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1) if len(points) > 1 else 0.0

    def x(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else inner_w / 2)

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / (high - low)) * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" class="trend">',
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" '
        'stroke="#999" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" stroke="#999" '
        'stroke-width="1"/>',
    ]
    line: list[str] = []
    for index, (label, value) in enumerate(points):
        parts.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="10">'
            f"{escape(label)}</text>"
        )
        if value is None:
            if len(line) > 1:
                parts.append(_polyline(line))
            line = []
            continue
        line.append(f"{x(index):.1f},{y(value):.1f}")
        parts.append(f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3" fill="#c00"/>')
        parts.append(
            f'<text x="{x(index):.1f}" y="{y(value) - 7:.1f}" text-anchor="middle" '
            f'font-size="9">{escape(_figure(value))}</text>'
        )
    if len(line) > 1:
        parts.append(_polyline(line))
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: list[str]) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="#c00" stroke-width="1.5"/>'


def _figure(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"
