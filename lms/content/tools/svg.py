"""Server-rendered SVG bar charts: accessible, scalable to a 390 px screen, no script, no style.

A chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>`` give its
accessible name and description (the tools print the data table beside it).
Sizes come from the viewBox only, so the chart shrinks with its container;
colours come from class names styled in lms/static/tools.css, because the
strict CSP forbids style attributes. Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .html import escape_text, trusted

WIDTH = 360  # viewBox units; about one CSS pixel each on a phone
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
GAP = 8
RIGHT = 64  # room for the value printed at the right edge
LEFT = 4
FONT = 13


@dataclass(frozen=True)
class Bar:
    """One bar: its value, its class (colour) and the text printed for its value."""

    value: float
    cls: str
    text: str


@dataclass(frozen=True)
class Group:
    """A labelled group of one or more bars (an industry, a funder)."""

    label: str
    bars: Sequence[Bar]


@dataclass(frozen=True)
class Mark:
    """A vertical reference line, e.g. LQ = 1 or the threshold."""

    value: float
    label: str


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(title: str, desc: str, groups: Sequence[Group], *, marks: Sequence[Mark] = (),
              legend: Sequence[tuple[str, str]] = (), cls: str = "") -> Markup:
    """Horizontal bars, one row of label then bars per group; negative values grow left of zero."""
    values = [bar.value for group in groups for bar in group.bars] + [m.value for m in marks]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    plot = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + (value - low) / span * plot

    parts: list[Markup] = []
    y = 4.0
    if legend:
        lx = LEFT
        for swatch_cls, text in legend:
            parts.append(Markup('<rect class="tool-bar {}" x="{}" y="{}" width="10" height="10"/>'
                                '<text x="{}" y="{}" class="tool-chart-text">{}</text>').format(
                swatch_cls, _n(lx), _n(y + 2), _n(lx + 14), _n(y + 11), text))
            lx += 22 + 7 * len(text)
            if lx > WIDTH - 60:
                lx, y = LEFT, y + LABEL_HEIGHT
        y += LABEL_HEIGHT + 2
    if marks:
        y += LABEL_HEIGHT * len(marks)  # each mark's label on its own line above the plot
    top = y
    rows: list[str] = []  # escaped text and literals; Markup.format per bar is too slow
    for group in groups:
        rows.append(f'<text x="{LEFT}" y="{_n(y + FONT)}" class="tool-chart-text">'
                    f"{escape_text(group.label)}</text>")
        y += LABEL_HEIGHT
        for bar in group.bars:
            start, end = sorted((x(0.0), x(bar.value)))
            rows.append(
                f'<rect class="tool-bar {escape_text(bar.cls)}" x="{_n(start)}" y="{_n(y)}" '
                f'width="{_n(max(end - start, 0.5))}" height="{BAR_HEIGHT}"/>'
                f'<text x="{WIDTH - 2}" y="{_n(y + BAR_HEIGHT - 2)}" class="tool-chart-value" '
                f'text-anchor="end">{escape_text(bar.text)}</text>')
            y += BAR_HEIGHT + 3
        y += GAP
    parts.append(trusted("".join(rows)))
    bottom = y
    parts.append(Markup('<line class="tool-axis" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>').format(
        _n(x(0.0)), _n(top - 2), _n(bottom - GAP)))
    for index, mark in enumerate(marks):
        mx = x(mark.value)
        anchor = "end" if mx > WIDTH / 2 else "start"
        label_y = top - 4 - (len(marks) - 1 - index) * LABEL_HEIGHT
        parts.append(Markup(
            '<line class="tool-mark" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
            '<text x="{0}" y="{3}" class="tool-chart-text tool-mark-text" text-anchor="{4}">'
            '{5}</text>').format(_n(mx), _n(label_y + 3), _n(bottom - GAP), _n(label_y), anchor,
                                 mark.label))
    return svg(title, desc, Markup("").join(parts), WIDTH, bottom, cls)


def svg(title: str, desc: str, body: Markup, width: float, height: float, cls: str = "") -> Markup:
    """Wrap chart elements in an accessible, scalable svg element."""
    extra = Markup(" {}").format(cls) if cls else Markup("")
    return Markup(
        '<svg class="tool-chart{cls}" viewBox="0 0 {w} {h}" role="img" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{title}</title><desc>{desc}</desc>{body}</svg>"
    ).format(cls=extra, w=_n(width), h=_n(height), title=title, desc=desc,
             body=body)


def figure(chart: Markup, data_table: Markup) -> Markup:
    """A chart with its data table beside it (stacked on narrow screens by tools.css)."""
    return Markup('<div class="tool-figure"><div class="tool-figure-chart">{}</div>'
                  '<div class="tool-figure-data">{}</div></div>').format(chart, data_table)


def describe(items: Sequence[tuple[str, float]], fmt: Callable[[float], str]) -> str:
    """A plain-text list of label: value pairs for a chart's desc element."""
    return "; ".join(f"{label}: {fmt(value)}" for label, value in items)
