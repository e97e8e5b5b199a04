"""Read a learner's table from CSV, pasted text or XLSX safely, naming every problem's place.

Limits are module constants so docs/tools.md and the forms can state them.
XLSX files are opened as values only: formulas are never evaluated (the value
the spreadsheet saved is read), macros and external links are refused before
openpyxl sees the file, and a ZIP whose parts would expand too far is refused.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from .base import Form, InputProblem, ToolInputError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # an uploaded or pasted table; 300 industries need ~20 KB
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024  # all parts of an XLSX together, once expanded
MAX_ROWS = 1000  # data rows in a table, header not counted
MAX_COLUMNS = 30
MAX_CELL_CHARS = 200
MAX_NUMBER = Decimal(10) ** 12  # larger than any employment or budget figure

XLSX_MAGIC = b"PK\x03\x04"
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_SPACES = dict.fromkeys(map(ord, " \u00a0\u2009\u202f'’_"), None)


def fail(message: str, row: int | None = None, column: str | None = None) -> ToolInputError:
    """One problem as a ToolInputError, for ``raise fail(...)``."""
    return ToolInputError([InputProblem(message, row, column)])


def clean_text(value: object, limit: int = MAX_CELL_CHARS) -> str:
    """A cell as one line of text: NFC, no control characters, spaces collapsed, cut to limit."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:limit]


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cells (header first) from an uploaded CSV or XLSX file."""
    if not data or not data.strip():
        raise fail(f"The file {clean_text(filename)!r} is empty: choose the file that holds "
                   "your table, or paste the table instead.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise fail(f"The file is {len(data) // 1024} KB; the limit is "
                   f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Remove the columns and rows "
                   "you do not need, or split the table.")
    lower = filename.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlam", ".xls", ".xlsb")):
        raise fail("Files with macros or in the old Excel format are not accepted: save the "
                   "sheet as .xlsx (Excel workbook) or .csv and upload that file.")
    if data.startswith(XLSX_MAGIC) or lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail("This is an old-format Excel (.xls) file: save it as .xlsx or .csv.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise fail("The file is neither a CSV text file nor an XLSX workbook: save your "
                       "sheet as .csv (UTF-8) or .xlsx.") from None
    return read_text(text)


def read_text(text: str) -> list[list[str]]:
    """Rows of cells from CSV text or a table pasted from a spreadsheet (tab-separated)."""
    if len(text.encode("utf-8", "replace")) > MAX_UPLOAD_BYTES:
        raise fail(f"The pasted table is longer than {MAX_UPLOAD_BYTES // 1024 // 1024} MB: "
                   "remove the rows you do not need.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise fail("The table is empty: paste your table with its header row, or upload a file.")
    if len(lines) > MAX_ROWS + 1:
        raise fail(f"The table has {len(lines) - 1} data rows; the limit is {MAX_ROWS}. "
                   "Group small industries together or split the table.")
    header = lines[0]
    delimiter = "\t" if "\t" in header else (";" if ";" in header and "," not in header else ",")
    try:
        rows = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise fail(f"The table could not be read as CSV ({exc}): put a cell that contains "
                   "a comma in double quotes, or paste the table from your spreadsheet.") from None
    return _trimmed(rows)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only uploads of XLSX need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise fail("The file is not a valid XLSX workbook: open it in your spreadsheet and "
                   "save it again as .xlsx, or save it as .csv.") from None
    lowered = [name.lower() for name in names]
    if any("vbaproject" in name or "activex" in name for name in lowered):
        raise fail("The workbook contains macros, which are never run here: save it as a "
                   "plain .xlsx workbook (without macros) or as .csv and upload it again.")
    if any("externallink" in name for name in lowered):
        raise fail("The workbook links to other files (external links), which are never "
                   "followed: copy the values into the sheet (Paste special, values only), "
                   "remove the links and upload it again.")
    if expanded > MAX_UNZIPPED_BYTES:
        raise fail("The workbook expands to more than "
                   f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB: keep only the table you need.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                             keep_vba=False, keep_links=False)
    except Exception:  # openpyxl raises many types for damaged files; all mean the same here
        raise fail("The XLSX workbook could not be read: open it in your spreadsheet, save it "
                   "again as .xlsx, or save the sheet as .csv.") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise fail("The workbook has no sheet: put your table on the first sheet.")
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                raise fail(f"The sheet has more than {MAX_ROWS} data rows: group small "
                           "industries together or split the table.")
            rows.append([_xlsx_cell(v) for v in values[: MAX_COLUMNS + 1]])
    finally:
        book.close()
    lines = [row for row in rows if any(cell.strip() for cell in row)]
    if not lines:
        raise fail("The first sheet of the workbook is empty: put your table on the first "
                   "sheet, starting with its header row.")
    return _trimmed(lines)


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "not a number"
        return repr(value) if value != int(value) else str(int(value))
    return clean_text(value)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Drop fully empty rows and trailing empty cells; enforce the column and row limits."""
    out = []
    for row in rows:
        cells = [clean_text(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append(cells)
    if not out:
        raise fail("The table is empty: add a header row and your data rows.")
    if len(out) > MAX_ROWS + 1:
        raise fail(f"The table has {len(out) - 1} data rows; the limit is {MAX_ROWS}.")
    if max(len(row) for row in out) > MAX_COLUMNS:
        raise fail(f"The table has more than {MAX_COLUMNS} columns: keep only the columns "
                   "the tool asks for.")
    return out


def parse_number(cell: str, row: int | None, column: str, *, allow_negative: bool = False,
                 problems: list[InputProblem]) -> float | None:
    """A number as people type it (13,200 / 13 200 / 5.5); record a problem and return None."""
    raw = clean_text(cell)
    text = raw.translate(_SPACES).replace("−", "-").removeprefix("€").removesuffix("€")
    text = text.removeprefix("EUR").removesuffix("EUR").removesuffix("%").strip()
    place = f"row {row}, column {column!r}" if row is not None else f"{column!r}"
    if not text:
        problems.append(InputProblem(f"{place} is empty: enter a number (0 if there is none).",
                                     row, column))
        return None
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if _THOUSANDS.match(digits):
        digits = digits.replace(",", "")
    elif not _PLAIN.match(digits):
        hint = (" Use a point for decimals (5.5, not 5,5) and no letters."
                if "," in digits else " Type digits only, for example 13200 or 13,200.")
        problems.append(InputProblem(f"{place} holds {raw[:40]!r}, which is not a number.{hint}",
                                     row, column))
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only let decimals through
        problems.append(InputProblem(f"{place} is not a number.", row, column))
        return None
    if value > MAX_NUMBER:
        problems.append(InputProblem(f"{place} is {raw[:40]}, which is too large: the limit "
                                     f"is {MAX_NUMBER:,}.", row, column))
        return None
    if negative and value != 0:
        if not allow_negative:
            problems.append(InputProblem(f"{place} is negative ({raw[:40]}): enter a number of "
                                         "0 or more.", row, column))
            return None
        value = -value
    return float(value)


def check_problems(problems: list[InputProblem]) -> None:
    """Raise every collected problem at once, so the learner can fix them in one pass."""
    if problems:
        raise ToolInputError(problems[:50])


def first(form: Form, name: str) -> str:
    """The first submitted value of a form field, '' if absent or not a string."""
    values = form.get(name) or []
    value = values[0] if isinstance(values, list | tuple) and values else ""
    return value if isinstance(value, str) else ""
