"""A shared entry's snapshot as Markdown: the summary and the results table from its CSV."""

import csv
import io

MAX_ROWS = 30  # a thread shows this many rows; the link opens the whole snapshot
MAX_CELL = 60


def _cell(value: str) -> str:
    value = " ".join(value.split())[:MAX_CELL]
    # HTML and Markdown syntax are escaped: the data stays data (and nh3 cleans up after).
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\|*_`[]#!~":
        value = value.replace(char, "\\" + char)
    return value or " "


def markdown_table(csv_text: str, max_rows: int = MAX_ROWS) -> tuple[str, int]:
    """The CSV as a Markdown table (header = first row) and how many rows were left out."""
    rows = [row for row in csv.reader(io.StringIO(csv_text)) if any(c.strip() for c in row)]
    if not rows:
        return "", 0
    width = max(len(row) for row in rows)
    padded = [[_cell(c) for c in row] + [" "] * (width - len(row)) for row in rows]
    header, body = padded[0], padded[1:]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in body[:max_rows]]
    return "\n".join(lines), max(len(body) - max_rows, 0)


def share_body(title: str, summary: str, csv_text: str, version: int, link: str,
               note: str = "") -> str:
    """The opening post of a shared entry: the learner's note, the summary, the table, a link."""
    table, left_out = markdown_table(csv_text)
    parts = [note.strip()] if note.strip() else []
    parts.append(f"**{_cell(title)}**, version {version}" + (f": {_cell(summary)}" if summary
                                                            else ""))
    if table:
        parts.append(table)
    if left_out:
        parts.append(f"… and {left_out} more {'row' if left_out == 1 else 'rows'}.")
    parts.append(f"[Open the full snapshot with its chart]({link})")
    return "\n\n".join(parts)
