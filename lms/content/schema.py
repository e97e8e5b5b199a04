"""A tiny declarative schema for TOML tables: known keys, required keys and value types."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Path = tuple[str | int, ...]  # a location in parsed TOML, e.g. ("modules", 0, "items", 2, "file")
Issue = tuple[Path, str]  # (where, message) before the loader turns it into a Problem


@dataclass(frozen=True)
class Field:
    """One allowed key of a table: its kind, whether it is required, and its limits."""

    kind: str  # str | text | slug | int | bool | number | str_list | slug_list | tables | one_of
    #            | counts (a table of slug = whole number)
    #            | table (any table; its owner checks the keys)
    required: bool = False
    default: object = None
    min: int | None = None  # smallest number, or fewest entries for lists
    max: int | None = None
    one_of: tuple[str, ...] = ()
    fields: Mapping[str, Field] | None = None  # the schema of each table in a "tables" list


def type_name(value: object) -> str:
    """Name a TOML value's type the way a course author would."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def is_number(value: object) -> bool:
    """True for a finite TOML integer or float (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def check_table(table: dict, fields: Mapping[str, Field], path: Path = (), *,
                allow_unknown: bool = False) -> list[Issue]:
    """Report unknown keys, missing required keys and wrong values, recursing into tables."""
    issues: list[Issue] = []
    if not allow_unknown:
        for key in table:
            if key not in fields:
                issues.append((path + (key,), _unknown_key_message(key, fields)))
    for key, field in fields.items():
        if key not in table:
            if field.required:
                issues.append((path, f'missing required key "{key}"'))
            continue
        issues.extend(check_value(table[key], field, path + (key,)))
    return issues


def check_value(value: object, field: Field, path: Path) -> list[Issue]:
    """Check one value against its field, returning issues located at ``path``."""
    key = path[-1]
    problem = _value_problem(value, field)
    if problem:
        return [(path, f'"{key}" {problem}')]
    if field.kind == "tables" and field.fields is not None:
        issues: list[Issue] = []
        for index, entry in enumerate(cast("list[dict]", value)):
            issues.extend(check_table(entry, field.fields, path + (index,)))
        return issues
    return []


def with_defaults(table: dict, fields: Mapping[str, Field]) -> dict:
    """Return a copy of a valid table with every optional key filled with its default."""
    filled = {key: field.default for key, field in fields.items() if not field.required}
    filled.update(table)
    return filled


def _value_problem(value: object, field: Field) -> str | None:
    kind = field.kind
    if kind in ("str", "text", "slug", "one_of"):
        if not isinstance(value, str):
            return f"must be a string, not {type_name(value)}"
        if kind == "text" and not value.strip():
            return "must not be empty"
        if kind == "slug" and not SLUG_RE.match(value):
            return f'is "{value}": use lower-case letters, digits and hyphens only'
        if kind == "one_of" and value not in field.one_of:
            allowed = ", ".join(field.one_of)
            return f'is "{value}"; it must be one of: {allowed}'
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else f"must be true or false, not {type_name(value)}"
    if kind in ("int", "number"):
        if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            return f"must be a whole number, not {type_name(value)}"
        if not is_number(value):
            return "must be a finite number" if isinstance(value, float) else (
                f"must be a number, not {type_name(value)}")
        return _range_problem(value, field)  # type: ignore[arg-type]
    if kind in ("str_list", "slug_list"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of strings"
        if kind == "slug_list":
            bad = [v for v in value if not SLUG_RE.match(v)]
            if bad:
                return f'contains "{bad[0]}", which is not a valid slug'
        return _count_problem(value, field)
    if kind == "table":
        return None if isinstance(value, dict) else f"must be a table, not {type_name(value)}"
    if kind == "tables":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return "must be a list of tables"
        return _count_problem(value, field)
    if kind == "counts":
        if not isinstance(value, dict):
            return f"must be a table such as {{ pool-name = 2 }}, not {type_name(value)}"
        for name, count in value.items():
            if not SLUG_RE.match(name):
                return f'names "{name}", which is not a valid slug'
            if isinstance(count, bool) or not isinstance(count, int) or count < (field.min or 0):
                return f'gives "{name}" {count!r}; it must be a whole number, {field.min} or more'
        return None
    raise ValueError(f"unknown field kind {kind!r}")  # a bug in a schema, not in a package


def _range_problem(value: float, field: Field) -> str | None:
    if field.min is not None and field.max is not None and not field.min <= value <= field.max:
        return f"is {value}; it must be between {field.min} and {field.max}"
    if field.min is not None and value < field.min:
        return f"is {value}; it must be {field.min} or more"
    if field.max is not None and value > field.max:
        return f"is {value}; it must be {field.max} or less"
    return None


def _count_problem(value: list, field: Field) -> str | None:
    if field.min is not None and len(value) < field.min:
        entries = "entry" if field.min == 1 else "entries"
        return f"needs at least {field.min} {entries}, not {len(value)}"
    return None


def _unknown_key_message(key: str, fields: Mapping[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'unknown key "{key}"{hint}'
