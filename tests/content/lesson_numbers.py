"""Reading numbers and tables the way the course lessons write them, shared by the number
tests (test_course_numbers_*.py)."""

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

_SEPARATOR_CELL = re.compile(r":?-{3,}:?")


def num(cell: str) -> Fraction:
    """Parse '1,200', '**163,500**', '91.25%', '−81,000', '+22,600', 'EUR 400' exactly."""
    s = cell.replace("*", "").replace("%", "").replace(",", "").replace("EUR", "")
    s = s.replace("−", "-").replace("+", "").strip()
    assert re.fullmatch(r"-?\d+(\.\d+)?", s), f"not a number: {cell!r}"
    return Fraction(s)


def rounded(value: Fraction, places: int) -> Fraction:
    """Round half up to `places` decimals, as the lessons say they do."""
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(value.numerator) / Decimal(value.denominator)
        q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Fraction(str(q))


def split_row(line: str) -> list[str]:
    """The stripped cell texts of one Markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables_under(text: str, heading: str) -> list[list[list[str]]]:
    """Every Markdown table between the line equal to `heading` (a heading or a caption) and
    the next heading of the same or a higher level: each a list of rows of cell texts,
    header first, its separator row checked and dropped."""
    lines = [line.strip() for line in text.splitlines()]
    if heading not in lines:
        pytest.fail(f"heading {heading!r} not found")
    level = len(heading) - len(heading.lstrip("#"))
    tables: list[list[list[str]]] = []
    block: list[str] = []
    for line in lines[lines.index(heading) + 1:] + [""]:
        above = re.match(r"(#+) ", line)
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            separator = split_row(block[1]) if len(block) > 1 else []
            assert separator and all(_SEPARATOR_CELL.fullmatch(c) for c in separator), \
                f"a table under {heading!r} has no separator row below its header"
            tables.append([split_row(row) for row in block[:1] + block[2:]])
            block = []
        if above and len(above.group(1)) <= level:
            break
    assert tables, f"no table under {heading!r}"
    return tables


def table_under(text: str, heading: str, index: int = 0) -> list[list[str]]:
    """The `index`-th table under `heading` (see tables_under), header row first."""
    tables = tables_under(text, heading)
    assert len(tables) > index, f"fewer than {index + 1} tables under {heading!r}"
    assert len(tables[index]) >= 2, f"table {index} under {heading!r} has no rows"
    return tables[index]
