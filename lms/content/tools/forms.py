"""Read repeated form rows and single numeric fields, collecting problems with row and column."""

from __future__ import annotations

from collections.abc import Sequence

from .base import Form, InputProblem
from .tables import MAX_CELL_CHARS, clean_text, first, parse_number


def values(form: Form, name: str) -> list[str]:
    """Every submitted value of a field, strings only."""
    raw = form.get(name) or []
    if not isinstance(raw, list | tuple):
        return []
    return [value if isinstance(value, str) else "" for value in raw]


def rows(form: Form, names: Sequence[str], limit: int) -> list[tuple[int, dict[str, str]]]:
    """Repeated rows (field name -> cleaned text), 1-based numbered, blank rows dropped."""
    columns = {name: values(form, name) for name in names}
    count = min(max((len(v) for v in columns.values()), default=0), limit * 3)
    out = []
    for index in range(count):
        row = {name: clean_text(columns[name][index] if index < len(columns[name]) else "",
                                MAX_CELL_CHARS) for name in names}
        if any(row.values()):
            out.append((index + 1, row))
    return out


def number(form: Form, name: str, label: str, problems: list[InputProblem], *,
           required: bool = False, allow_negative: bool = False) -> float | None:
    """A single numeric field; None when left empty and not required."""
    raw = first(form, name)
    if not raw.strip() and not required:
        return None
    return parse_number(raw, None, label, allow_negative=allow_negative, problems=problems)


def text(form: Form, name: str, limit: int = MAX_CELL_CHARS) -> str:
    """A single text field, cleaned to one line."""
    return clean_text(first(form, name), limit)


def number_text(value: float | None) -> str:
    """A stored number as the form shows it again: 13200, not 13200.0."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
