"""Parse an industry × area employment table (the lessons' Tables 1 and 5) with its Total row.

The first column names industries; each further column holds jobs in one area
(a region or the reference area) and year. One row is the Total; rows named
"All other industries" (or "Other") count towards the totals but are not
results. Checks name the row and column of each problem and say how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import Files, Form, InputProblem, ToolInputError
from .tables import check_problems, clean_text, fail, parse_number, read_table, read_text

TOTAL_NAMES = frozenset({"total", "all industries", "total employment", "all jobs"})
REST_PREFIXES = ("all other", "other industries", "rest of the economy")
REST_NAMES = frozenset({"other", "others"})


def is_rest(name: str) -> bool:
    """True for the row that holds all industries not listed ('All other industries')."""
    lowered = name.lower()
    return lowered in REST_NAMES or lowered.startswith(REST_PREFIXES)


@dataclass
class EmploymentTable:
    """Parsed table: column names, industry rows (name, values, rest?) and the Total values."""

    columns: list[str]  # the numeric columns' headers
    rows: list[tuple[str, list[float], bool]]
    total: list[float]
    total_row: int = 0  # the Total's 1-based data row, for messages

    def as_rows(self) -> list[list[object]]:
        """Header, industry rows and the Total row, as written back into a CSV or sheet."""
        return [["Industry", *self.columns],
                *[[name, *values] for name, values, _rest in self.rows],
                ["Total", *self.total]]


def rows_from_submission(form: Form, files: Files, text_field: str, file_field: str) -> tuple[
        list[list[str]], str]:
    """The table's cells from an uploaded file if one was sent, else from the pasted text."""
    upload = files.get(file_field) if files else None
    if upload and isinstance(upload, tuple) and len(upload) == 2 and (upload[0] or upload[1]):
        filename, data = upload
        return read_table(str(filename or "upload"), bytes(data)), ""
    values = form.get(text_field) or [""]
    pasted = values[0] if values and isinstance(values[0], str) else ""
    if not pasted.strip():
        raise fail("No table was given: paste your table into the box, or choose a CSV or "
                   "XLSX file to upload.", column="Table")
    return read_text(pasted), pasted


def parse_employment(rows: list[list[str]], *, min_columns: int, max_columns: int,
                     column_help: str) -> EmploymentTable:
    """Check the header and every cell; raise ToolInputError listing each problem."""
    header = rows[0]
    numeric = header[1:]
    if len(numeric) < min_columns:
        raise fail(f"The header row has {len(header)} columns; the tool needs at least "
                   f"{min_columns + 1}: {column_help}. Add the missing columns.", row=None,
                   column="Header")
    if len(numeric) > max_columns:
        raise fail(f"The header row has {len(header)} columns; the tool reads at most "
                   f"{max_columns + 1}: {column_help}. Remove the extra columns "
                   f"(from {numeric[max_columns]!r} on).", column=numeric[max_columns])
    problems: list[InputProblem] = []
    names_seen: set[str] = set()
    for index, head in enumerate(numeric, start=2):
        if not head:
            problems.append(InputProblem(f"Column {index} of the header row has no name: name "
                                         "it after the area and year, e.g. 'Region North 2022'.",
                                         None, f"column {index}"))
        elif head.lower() in names_seen:
            problems.append(InputProblem(f"Two columns are named {head!r}: give each column its "
                                         "own name.", None, head))
        names_seen.add(head.lower())
    check_problems(problems)
    parsed: list[tuple[str, list[float], bool]] = []
    total: list[float] | None = None
    total_row = 0
    industries_seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=1):
        name = clean_text(cells[0] if cells else "")
        place = f"Row {number}" + (f" ({name})" if name else "")
        if len(cells) > len(header):
            extra = cells[len(header):]
            problems.append(InputProblem(
                f"{place} has {len(cells)} cells but the header has {len(header)} columns: remove "
                f"the extra cells ({', '.join(repr(c) for c in extra[:3])}) or name the column "
                "in the header.", number, f"column {len(header) + 1}"))
            continue
        if not name:
            problems.append(InputProblem(f"{place} has no industry name in the first column: "
                                         "name the industry or delete the row.", number,
                                         header[0] or "Industry"))
            continue
        values: list[float] = []
        for column, head in enumerate(numeric, start=1):
            raw = cells[column] if column < len(cells) else ""
            value = parse_number(raw, number, head, problems=problems)
            values.append(value if value is not None else 0.0)
        if name.lower() in TOTAL_NAMES:
            if total is not None:
                problems.append(InputProblem(f"{place} is a second Total row: keep one.", number,
                                             header[0] or "Industry"))
            total, total_row = values, number
            continue
        key = name.lower()
        if key in industries_seen:
            problems.append(InputProblem(
                f"{place}: {name!r} appears twice (also in row {industries_seen[key]}): add the "
                "two rows together or give them different names.", number, header[0] or "Industry"))
        industries_seen[key] = number
        parsed.append((name, values, is_rest(name)))
    check_problems(problems)
    if total is None:
        raise fail("The table has no Total row: add a last row named 'Total' with all jobs in "
                   "each column (the region's and the reference area's totals).",
                   row=len(rows), column=header[0] or "Industry")
    if not any(not rest for _name, _values, rest in parsed):
        raise fail("The table lists no industry: add one row per industry above the Total row.",
                   column=header[0] or "Industry")
    table = EmploymentTable(list(numeric), parsed, total, total_row)
    check_totals(table, total_row)
    return table


def check_totals(table: EmploymentTable, total_row: int) -> None:
    """The industries may not add up to more than the Total; with an 'all other' row, exactly."""
    problems: list[InputProblem] = []
    has_rest = any(rest for _n, _v, rest in table.rows)
    for index, head in enumerate(table.columns):
        listed = sum(values[index] for _n, values, _r in table.rows)
        stated = table.total[index]
        if stated <= 0:
            problems.append(InputProblem(f"The Total in column {head!r} is {stated:g}: it must be "
                                         "above zero.", total_row, head))
        elif listed > stated + 1e-6:
            problems.append(InputProblem(
                f"Totals do not add up in column {head!r}: the rows add up to {listed:,.10g}, "
                f"more than the Total ({stated:,.10g}). Correct the Total or the rows.",
                total_row, head))
        elif has_rest and abs(listed - stated) > 1e-6:
            problems.append(InputProblem(
                f"Totals do not add up in column {head!r}: the rows, including 'All other "
                f"industries', add up to {listed:,.10g} but the Total is {stated:,.10g} "
                f"(a difference of {stated - listed:,.10g}). Correct the Total or the "
                "'All other industries' row.", total_row, head))
    check_problems(problems)


def check_within(table: EmploymentTable, pairs: Sequence[tuple[int, int]]) -> None:
    """Each (region column, reference column) pair: the region cannot have more jobs."""
    problems: list[InputProblem] = []
    for number, (name, values, _rest) in enumerate(table.rows, start=1):
        for region, reference in pairs:
            if values[region] > values[reference]:
                problems.append(InputProblem(
                    f"Row {number} ({name}): {table.columns[region]!r} has {values[region]:,.10g} "
                    f"jobs, more than {table.columns[reference]!r} ({values[reference]:,.10g}). "
                    "A region cannot have more jobs than the area it belongs to: check the "
                    "columns are in the right order and the figures are for the same year.",
                    number, table.columns[region]))
    for region, reference in pairs:
        if table.total[region] > table.total[reference]:
            problems.append(InputProblem(
                f"Total: {table.columns[region]!r} has more jobs than "
                f"{table.columns[reference]!r}: check the order of the columns.",
                table.total_row, table.columns[region]))
    check_problems(problems)


def raise_with_draft(exc: ToolInputError, draft: dict) -> ToolInputError:
    """The same problems, carrying what the learner typed so the form can be shown again."""
    return ToolInputError(exc.problems, draft)
