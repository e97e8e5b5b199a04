"""Small HTML builders the built-in tools share: numbers as the lessons print them, tables, fields.

Every builder escapes what it is given; only Markup from another builder passes
through unescaped. Class names (``tool-...``) are styled by lms/static/tools.css.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup

from .base import InputProblem


def rounded(value: float, places: int) -> Decimal:
    """Round half up to ``places`` decimals, as the lessons say they round."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: float | None, places: int = 0, suffix: str = "") -> str:
    """A number as the lessons print it: thousands separated, rounded half up, '−' for minus."""
    if value is None:
        return "–"
    number = rounded(value, places)
    if number == 0:
        number = abs(number)
    text = f"{number:,.{places}f}"
    return text.replace("-", "−") + suffix


NUM = Markup(' class="tool-num"')
NONE = Markup("")
HIDDEN = Markup(' class="visually-hidden"')


def cell(value: object, *, numeric: bool = False, header: bool = False) -> Markup:
    """One table cell; numbers align right."""
    return trusted(_cell(value, numeric, header))


def _cell(value: object, numeric: bool, header: bool) -> str:
    cls = ' class="tool-num"' if numeric else ""
    text = value if isinstance(value, Markup) else escape_text(str(value))
    if header:
        return f'<th scope="row"{cls}>{text}</th>'
    return f"<td{cls}>{text}</td>"


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
          numeric_from: int = 1, footer: Sequence[object] | None = None) -> Markup:
    """A captioned table; the first column names rows, columns from ``numeric_from`` are numbers."""
    # Built as escaped text and marked safe once: Markup.format per cell is ten times slower,
    # and a 300-industry table must render well inside a page's budget.
    # The box scrolls sideways on a phone: keyboard users reach it with Tab (a named region).
    label = escape_text(caption)
    parts = [f'<p class="tool-table-title" aria-hidden="true">{label}</p>'
             f'<div class="tool-table-wrap" role="region" tabindex="0" aria-label="{label}">'
             f'<table class="tool-table"><caption class="tool-caption">{label}</caption>'
             "<thead><tr>"]
    for index, head in enumerate(headers):
        cls = ' class="tool-num"' if index >= numeric_from else ""
        parts.append(f'<th scope="col"{cls}>{escape_text(head)}</th>')
    parts.append("</tr></thead><tbody>")
    parts.extend(_row(row, numeric_from) for row in rows)
    parts.append("</tbody>")
    if footer is not None:
        parts.append(f"<tfoot>{_row(footer, numeric_from)}</tfoot>")
    parts.append("</table></div>")
    return trusted("".join(parts))


def _row(row: Sequence[object], numeric_from: int) -> str:
    cells = "".join(_cell(value, index >= numeric_from, index == 0)
                    for index, value in enumerate(row))
    return f"<tr>{cells}</tr>"


def escape_text(text: str) -> str:
    """Escape text for HTML and SVG (quotes included), as a plain string."""
    return html.escape(text, quote=True)


def trusted(text: str) -> Markup:
    """Mark markup built from escape_text pieces and literals as safe."""
    # Every piece of data in it went through escape_text; the rest are literals.
    return Markup(text)  # noqa: S704  # nosec B704


def problems_list(problems: list[InputProblem] | None) -> Markup:
    """The problems as an alert list naming row and column, or nothing."""
    if not problems:
        return Markup("")
    items = Markup("").join(Markup("<li>{}</li>").format(p.message) for p in problems)
    return Markup('<div class="tool-problems" role="alert"><p>Nothing was computed. '
                  'Please fix:</p><ul>{}</ul></div>').format(items)


def field_id(tool: str, name: str, index: int | None = None) -> str:
    """A stable element id for a tool's field (and row)."""
    return f"tool-{tool}-{name}" + (f"-{index}" if index is not None else "")


def _hint(ident: str, hint: str) -> tuple[Markup, Markup]:
    if not hint:
        return NONE, NONE
    return (Markup('<small id="{}-hint" class="tool-hint">{}</small>').format(ident, hint),
            Markup(' aria-describedby="{}-hint"').format(ident))


def text_input(tool: str, name: str, label: str, value: object = "", *, index: int | None = None,
               kind: str = "text", hint: str = "", visible_label: bool = True,
               step: str = "") -> Markup:
    """A labelled input; ``kind`` is the input type, ``step`` the step of a number input."""
    ident = field_id(tool, name, index)
    hint_html, described = _hint(ident, hint)
    extra = Markup(' inputmode="decimal"') if kind == "number" else NONE
    if step:
        extra += Markup(' step="{}" min="0"').format(step)
    return Markup('<label for="{id}"{lc}>{label}</label>'
                  '<input id="{id}" name="{name}" type="{kind}" value="{value}"{d}{extra}>{hint}'
                  ).format(id=ident, lc=NONE if visible_label else HIDDEN, label=label,
                           name=name, kind=kind, value="" if value is None else value,
                           d=described, extra=extra, hint=hint_html)


def textarea(tool: str, name: str, label: str, value: str = "", *, hint: str = "",
             rows: int = 6, maxlength: int | None = None) -> Markup:
    """A labelled textarea with an optional hint tied by aria-describedby."""
    ident = field_id(tool, name)
    limit = Markup(' maxlength="{}"').format(maxlength) if maxlength else NONE
    hint_html, described = _hint(ident, hint)
    return Markup('<label for="{id}">{label}</label>{hint}'
                  '<textarea id="{id}" name="{name}" rows="{rows}"{limit}{d}>{value}</textarea>'
                  ).format(id=ident, label=label, hint=hint_html, name=name, rows=rows,
                           limit=limit, d=described, value=value)


def select(tool: str, name: str, label: str, choices: Sequence[tuple[str, str]], value: str,
           *, index: int | None = None, visible_label: bool = True) -> Markup:
    """A labelled select; ``choices`` are (value, label) pairs."""
    ident = field_id(tool, name, index)
    options = Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            key, Markup(" selected") if key == value else NONE, text)
        for key, text in choices)
    return Markup('<label for="{id}"{lc}>{label}</label><select id="{id}" name="{name}">'
                  '{options}</select>').format(id=ident, lc=NONE if visible_label else HIDDEN,
                                               label=label, name=name, options=options)


def file_input(tool: str, name: str, label: str, hint: str) -> Markup:
    """A labelled file input for CSV and XLSX uploads."""
    ident = field_id(tool, name)
    return Markup('<label for="{id}">{label}</label>'
                  '<input id="{id}" name="{name}" type="file" aria-describedby="{id}-hint" '
                  'accept=".csv,.txt,.xlsx,text/csv,'
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">'
                  '<small id="{id}-hint" class="tool-hint">{hint}</small>'
                  ).format(id=ident, label=label, name=name, hint=hint)


def section(title: str, body: Markup, cls: str = "") -> Markup:
    """A titled group of results or fields."""
    extra = Markup(" {}").format(cls) if cls else NONE
    return Markup('<section class="tool-section{}"><h3>{}</h3>{}</section>').format(
        extra, title, body)
