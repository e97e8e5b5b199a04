"""Lesson tables as the tools' inputs: the lessons' own text turned into CSV, never retyped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.content.test_course_numbers_mapping import PACKAGE, by_first_column, col, num, table

__all__ = ["PACKAGE", "by_first_column", "col", "num", "table", "table_csv", "stated_equals"]


def table_csv(path: Path, caption: str, columns: list[str] | None = None) -> str:
    """The Markdown table under ``caption`` as CSV text, optionally only some columns."""
    rows = table(path, caption)
    header = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[key].replace("**", "") for key in header])
    return out.getvalue()


def decimals(text: str) -> int:
    """How many decimals a stated number shows."""
    cleaned = text.replace("%", "").replace(",", "").replace("*", "").strip()
    return len(cleaned.split(".")[1]) if "." in cleaned else 0


def stated_equals(stated: str, computed: float) -> bool:
    """The tool's value, rounded half up as the lesson rounds, is what the lesson states."""
    from lms.content.tools.html import rounded

    return rounded(computed, decimals(stated)) == rounded(num(stated), decimals(stated))
