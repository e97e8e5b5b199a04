"""Write tool exports as XLSX workbooks whose results are live formulas (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import cast

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

BOLD = Font(bold=True)


def new_book(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook with one sheet named ``title`` (cut to Excel's 31 characters)."""
    book = Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook starts with one worksheet
    sheet.title = safe_sheet_title(title)
    return book, sheet


def safe_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\'" else ch for ch in title).strip()
    return (cleaned or "Sheet")[:31]


def put_text(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """Write a learner's text as a string cell, never read as a formula."""
    cell = sheet.cell(row=row, column=column, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula


def csv_safe(value: object) -> object:
    """Keep a learner's text from being run as a formula when a CSV opens in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def header(sheet: Worksheet, row: int, labels: Sequence[str], widths: Sequence[int] = ()) -> None:
    """Write a bold header row and set column widths."""
    for index, label in enumerate(labels, start=1):
        put_text(sheet, row, index, label)  # headers may hold a learner's area names
        sheet.cell(row=row, column=index).font = BOLD
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def col(index: int) -> str:
    """The letter of a 1-based column index."""
    return get_column_letter(index)


def to_bytes(book: Workbook) -> bytes:
    """The workbook as XLSX bytes."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
