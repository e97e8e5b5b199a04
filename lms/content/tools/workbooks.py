"""Generate the course's spreadsheet calculators as XLSX workbooks with live formulas.

    python -m lms.content.tools.workbooks courses/cluster-management/assets

Each workbook holds a lesson's worked example (the numbers below are the
lessons' inputs; tests recalculate the files in LibreOffice and find the
lessons' results) and a "How to use" sheet. Most are the built-in tools' own
XLSX exports, so the course's downloads and the workbook tools compute alike.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from .location_quotient import EXAMPLE as LQ_EXAMPLE
from .location_quotient import LocationQuotient
from .revenue_mix import RevenueMix
from .shift_share import EXAMPLE as SHIFT_SHARE_EXAMPLE
from .shift_share import ShiftShare
from .xlsx import BOLD, header, new_book, to_bytes

# The composite medical technology cluster of module 3 (lessons "Revenue mix" and "Funding risk").
MEDTECH_STREAMS = [
    ("Public core funding", "core", "Regional government", "310000"),
    ("Membership fees (132 members)", "fees", "Members", "168000"),
    ("Paid services", "services", "Member and non-member firms", "96000"),
    ("Funded project: regional innovation programme", "projects", "Regional government", "54000"),
    ("Funded project: national programme", "projects", "National innovation agency", "72000"),
    ("Funded projects: EU programmes", "projects", "EU programmes", "150000"),
]
MEDTECH_COSTS = {"total_costs": "838000", "fixed_costs": "588000", "reserves": "147000"}
# The digital readiness audit and the membership break-even (lesson "Costs and break-even").
BREAK_EVENS: list[tuple[str, str, int, int, int, int | None]] = [
    ("Digital readiness audit", "audits", 36000, 1250, 450, None),
    ("Audit at the member price", "audits", 36000, 1150, 450, None),
    ("Membership", "members", 170000, 1400, 200, 132),
]
# The advanced manufacturing cluster's fee table (lesson "Membership models").
FEE_TIERS: list[tuple[str, str, str, int, int]] = [
    ("Micro", "1", "9", 400, 24), ("Small", "10", "49", 1200, 31),
    ("Medium", "50", "249", 3000, 14), ("Large", "250", "or more", 7500, 5),
    ("Associate", "research, education and public bodies", "", 800, 9),
    ("Partner", "strategic sponsors", "", 15000, 2),
]

HOW_TO = {
    "mapping-lq-calculator.xlsx": [
        "Location quotient calculator (lesson: Measuring concentration).",
        "The sheet holds Region North's 2022 table from the lesson; the LQ, size and focus "
        "columns are formulas.",
        "Overwrite the industries and jobs with your own. To add industries, insert rows above "
        "'All other industries' and copy the formulas down.",
        "'All other industries' holds the jobs not listed, so that the rows add up to the Total.",
        "Change the threshold in cell B2 (the lesson uses 1.25).",
    ],
    "mapping-shift-share-calculator.xlsx": [
        "Shift-share calculator (lesson: Explaining growth with shift-share analysis).",
        "The sheet holds Region North's 2017 and 2022 table; growth rates, the three effects, a "
        "check column and the LQs of both years are formulas.",
        "Overwrite the figures with your own; insert rows above 'All other industries' and copy "
        "the formulas down to add industries. The check column must equal the actual change.",
    ],
    "economics-revenue-mix-template.xlsx": [
        "Revenue mix template (lesson: Where the money comes from).",
        "Overwrite the income lines with your own; shares, the groups by source and the public "
        "and private totals are formulas. The Funders sheet groups the lines by funder.",
    ],
    "economics-funding-risk-check.xlsx": [
        "Funding risk check (lesson: Funding risk and dependence).",
        "The Funders sheet groups income by funder (each amount adds the lines of one funder) "
        "and computes the largest funder share, the HHI and the effective number of funders.",
        "The sheet 'Costs and break-even' runs the stress test: change the cut in B10.",
    ],
    "economics-break-even-calculator.xlsx": [
        "Break-even calculator (lesson: Costs and break-even).",
        "One row per calculation: enter fixed costs, price and variable cost; the contribution "
        "margin and the break-even (rounded up with ROUNDUP) are formulas.",
    ],
    "stakeholders-membership-fee-calculator.xlsx": [
        "Membership fee calculator (lesson: Membership models).",
        "Overwrite the tiers, size bands, fees and member counts with your own; income is "
        "members × annual fee, summed over the tiers. Bands should leave no gap and not "
        "overlap (EU headcount limits: micro under 10, small under 50, medium under 250).",
        "The result is income on paper: budget on the fees actually collected last year.",
    ],
}


def _with_how_to(data: bytes, name: str) -> bytes:
    book = load_workbook(BytesIO(data))
    sheet = book.create_sheet("How to use", 0)
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(HOW_TO[name], start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet["A1"].font = BOLD
    book.active = 1  # open on the calculator itself
    return to_bytes(book)


def _revenue_form(**extra: str) -> dict[str, list[str]]:
    form = {"stream_name": [s[0] for s in MEDTECH_STREAMS],
            "stream_type": [s[1] for s in MEDTECH_STREAMS],
            "stream_funder": [s[2] for s in MEDTECH_STREAMS],
            "stream_amount": [s[3] for s in MEDTECH_STREAMS]}
    form.update({key: [value] for key, value in extra.items()})
    return form


def break_even_book() -> bytes:
    """One break-even calculation per row, every result a formula."""
    book, sheet = new_book("Break-even")
    header(sheet, 1, ["Calculation", "Counted in", "Fixed costs per year (EUR)",
                      "Price or fee per unit (EUR)", "Variable cost per unit (EUR)",
                      "Contribution margin per unit (EUR)", "Break-even before rounding",
                      "Break-even, rounded up", "Current number", "Still to reach break-even"],
           [28, 12, 18, 18, 18, 20, 18, 18, 14, 18])
    for offset, (label, unit, fixed, price, variable, current) in enumerate(BREAK_EVENS):
        r = 2 + offset
        cells: tuple[str | int, ...] = (label, unit, fixed, price, variable)
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=r, column=column, value=value)
        sheet.cell(row=r, column=6, value=f"=D{r}-E{r}")
        sheet.cell(row=r, column=7, value=f'=IF(F{r}>0,C{r}/F{r},"no break-even")')
        sheet.cell(row=r, column=8, value=f'=IF(F{r}>0,ROUNDUP(C{r}/F{r},0),"no break-even")')
        if current is not None:
            sheet.cell(row=r, column=9, value=current)
            sheet.cell(row=r, column=10, value=f'=IF(F{r}>0,H{r}-I{r},"")')
    return to_bytes(book)


def fee_book() -> bytes:
    """The fee table with income, shares and the average fee as formulas."""
    book, sheet = new_book("Fee tiers")
    header(sheet, 1, ["Tier", "Company size from (employees)", "Company size to (employees)",
                      "Annual fee (EUR)", "Members", "Income (EUR)", "Share of fee income (%)"],
           [14, 34, 24, 16, 10, 14, 22])
    last = 1 + len(FEE_TIERS)
    total = last + 1
    for offset, (name, start, end, fee, members) in enumerate(FEE_TIERS):
        r = 2 + offset
        cells: tuple[str | int, ...] = (name, start, end, fee, members)
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=r, column=column, value=int(value) if str(value).isdigit() else value)
        sheet.cell(row=r, column=6, value=f"=D{r}*E{r}")
        sheet.cell(row=r, column=7, value=f"=F{r}/F${total}*100")
    sheet.cell(row=total, column=1, value="Total").font = BOLD
    sheet.cell(row=total, column=5, value=f"=SUM(E2:E{last})")
    sheet.cell(row=total, column=6, value=f"=SUM(F2:F{last})")
    sheet.cell(row=total, column=7, value=f"=F{total}/F${total}*100")
    sheet.cell(row=total + 1, column=1, value="Average fee per member (EUR)").font = BOLD
    sheet.cell(row=total + 1, column=6, value=f"=F{total}/E{total}")
    return to_bytes(book)


def build() -> dict[str, bytes]:
    """Every course workbook by file name."""
    lq, ss, mix = LocationQuotient(), ShiftShare(), RevenueMix()
    books = {
        "mapping-lq-calculator.xlsx": lq.export_xlsx(
            lq.parse({"table": [LQ_EXAMPLE]}, {}, {}), {}),
        "mapping-shift-share-calculator.xlsx": ss.export_xlsx(
            ss.parse({"table": [SHIFT_SHARE_EXAMPLE]}, {}, {}), {}),
        "economics-revenue-mix-template.xlsx": mix.export_xlsx(
            mix.parse(_revenue_form(), {}, {}), {}),
        "economics-funding-risk-check.xlsx": mix.export_xlsx(
            mix.parse(_revenue_form(**MEDTECH_COSTS, cut_line="Public core funding",
                                    cut_pct="30"), {}, {}), {}),
        "economics-break-even-calculator.xlsx": break_even_book(),
        "stakeholders-membership-fee-calculator.xlsx": fee_book(),
    }
    return {name: _with_how_to(data, name) for name, data in books.items()}


def write(folder: Path) -> list[Path]:
    """Write every workbook into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    """Command line: write the workbooks into the folder given (a course's assets/)."""
    if len(argv) != 1:
        print("usage: python -m lms.content.tools.workbooks ASSETS_FOLDER", file=sys.stderr)
        return 2
    for path in write(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
