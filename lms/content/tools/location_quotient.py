"""Location quotient, size and focus from a region × industry employment table.

Method of the lesson "Measuring concentration" (01-mapping): for industry i and
region r, LQ = (e_ir / e_r) / (e_i / e); size = e_ir / e_i (the region's share
of the industry's national jobs); focus = e_ir / e_r (the industry's share of
the region's jobs). An industry is flagged a specialisation when its LQ reaches
the threshold (1.25 in the lesson) and, optionally, a minimum number of jobs.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from markupsafe import Markup

from ..schema import Field
from .base import Files, Form, InputProblem, Tool, ToolInputError
from .employment import (
    EmploymentTable,
    check_within,
    parse_employment,
    raise_with_draft,
    rows_from_submission,
)
from .html import file_input, fmt, problems_list, section, table, textarea
from .svg import Bar, Group, Mark, bar_chart, describe, figure
from .tables import MAX_ROWS, MAX_UPLOAD_BYTES
from .xlsx import BOLD, col, csv_safe, header, new_book, put_text, to_bytes

DEFAULT_THRESHOLD = 1.25  # the lesson's threshold
MAX_REGIONS = 10
COLUMN_HELP = ("Industry, then one column of jobs per region, then the reference area "
               "(e.g. the country) last")

EXAMPLE = """Industry,Region North,Country
Food processing,13200,102000
Machinery and equipment,8820,114000
ICT services,5500,192000
Logistics,11500,151200
Tourism and hospitality,7200,157500
All other industries,205780,3483300
Total,252000,4200000
"""


class LocationQuotient(Tool):
    """The location quotient tool: specialisation, size and focus of a region's industries."""

    name = "location-quotient"
    title = "Location quotient, size and focus"
    option_fields = {
        "threshold": Field("number", default=DEFAULT_THRESHOLD, min=0, max=10),
        "min_jobs": Field("int", default=0, min=0),
    }

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Read the table (upload or paste) into areas, industries and totals."""
        pasted = ""
        try:
            rows, pasted = rows_from_submission(form, files, "table", "file")
            data = parse_employment(rows, min_columns=2, max_columns=MAX_REGIONS + 1,
                                    column_help=COLUMN_HELP)
            regions = len(data.columns) - 1
            check_within(data, [(r, regions) for r in range(regions)])
            self._check_reference(data)
        except ToolInputError as exc:
            raise raise_with_draft(exc, {"text": pasted}) from None
        return {
            "regions": data.columns[:-1],
            "reference": data.columns[-1],
            "industries": [{"name": name, "jobs": values[:-1], "reference": values[-1],
                            "rest": rest} for name, values, rest in data.rows],
            "total": {"jobs": data.total[:-1], "reference": data.total[-1]},
        }

    @staticmethod
    def _check_reference(data: EmploymentTable) -> None:
        problems = [
            InputProblem(f"Row {number} ({name}): {data.columns[-1]!r} has 0 jobs in this "
                         "industry, so its share cannot be compared: remove the row or add it "
                         "to 'All other industries'.", number, data.columns[-1])
            for number, (name, values, rest) in enumerate(data.rows, start=1)
            if not rest and values[-1] == 0]
        if problems:
            raise ToolInputError(problems)

    def compute(self, inputs: dict, options: dict) -> dict:
        """LQ, size and focus for every region and listed industry, sorted by LQ."""
        threshold = float(options.get("threshold", DEFAULT_THRESHOLD))
        min_jobs = int(options.get("min_jobs", 0))
        e = inputs["total"]["reference"]
        rows, regions = [], []
        for r, region in enumerate(inputs["regions"]):
            e_r = inputs["total"]["jobs"][r]
            listed = sum(item["jobs"][r] for item in inputs["industries"])
            region_rows = []
            for item in inputs["industries"]:
                if item["rest"]:
                    continue
                e_ir, e_i = item["jobs"][r], item["reference"]
                lq = (e_ir / e_r) / (e_i / e)
                passes = _at_least(lq, threshold, e_ir, e_r, e_i, e) and e_ir >= min_jobs
                region_rows.append({
                    "region": region, "industry": item["name"], "jobs": e_ir,
                    "reference_jobs": e_i, "focus": e_ir / e_r, "national_share": e_i / e,
                    "size": e_ir / e_i, "lq": lq, "specialised": passes})
            region_rows.sort(key=lambda row: (-row["lq"], row["industry"]))
            rows.extend(region_rows)
            regions.append({"name": region, "total": e_r, "share_of_reference": e_r / e,
                            "unlisted": max(e_r - listed, 0.0),
                            "specialisations": sum(row["specialised"] for row in region_rows)})
        return {"threshold": threshold, "min_jobs": min_jobs, "reference": inputs["reference"],
                "reference_total": e, "regions": regions, "rows": rows}

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """A paste box (filled with the last table) and a file upload, with the format stated."""
        text = ""
        if inputs:
            text = inputs.get("text") or (_to_csv(inputs) if "industries" in inputs else "")
        hint = (f"One row per industry, then a row named Total. Columns: {COLUMN_HELP}. "
                "Add an 'All other industries' row so the rows add up to the Total. "
                "Paste from a spreadsheet or type CSV.")
        upload_hint = (f"CSV or XLSX (first sheet, values only), up to "
                       f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB and {MAX_ROWS} rows. "
                       "A file replaces the pasted table.")
        return (problems_list(problems)
                + Markup('<div class="tool-field">')
                + textarea(self.name, "table", "Employment table", text, hint=hint, rows=10)
                + Markup('</div><div class="tool-field">')
                + file_input(self.name, "file", "Or upload a CSV or XLSX file", upload_hint)
                + Markup("</div>"))

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """Per region: a sorted table of LQ, size and focus, and a bar chart of the LQs."""
        threshold = results["threshold"]
        parts = []
        for region in results["regions"]:
            rows = [row for row in results["rows"] if row["region"] == region["name"]]
            # LQ first after the industry: on a phone it stays in view while the rest scrolls.
            caption = f"{region['name']} against {results['reference']}, sorted by LQ"
            data = table(caption, ["Industry", "LQ", "Specialisation", "Jobs",
                                   "Focus (% of the region's jobs)",
                                   "Size (% of the industry's national jobs)"],
                         [[row["industry"], fmt(row["lq"], 2),
                           "yes" if row["specialised"] else "no", fmt(row["jobs"]),
                           fmt(100 * row["focus"], 2), fmt(100 * row["size"], 2)]
                          for row in rows])
            groups = [Group(row["industry"], [Bar(row["lq"], "tool-bar--pass" if
                                                  row["specialised"] else "tool-bar--plain",
                                                  fmt(row["lq"], 2))]) for row in rows]
            chart = bar_chart(
                f"Location quotients, {region['name']}",
                f"Bar chart of the location quotient of each industry, sorted from highest; "
                f"reference lines at 1 and at the threshold {fmt(threshold, 2)}. "
                + describe([(row["industry"], row["lq"]) for row in rows],
                           lambda v: fmt(v, 2)),
                groups, marks=[Mark(1.0, "LQ 1"), Mark(threshold, f"threshold {fmt(threshold, 2)}")]
                if threshold != 1 else [Mark(1.0, "LQ 1")])
            note = Markup("<p>{}</p>").format(
                f"{region['name']} has {fmt(region['total'])} jobs, "
                f"{fmt(100 * region['share_of_reference'], 2)}% of {results['reference']}'s. "
                f"{region['specialisations']} of {len(rows)} industries reach the threshold "
                f"(specialisation: LQ of at least {fmt(threshold, 2)}"
                + (f" and at least {fmt(results['min_jobs'])} jobs" if results["min_jobs"] else "")
                + ")."
                + (f" {fmt(region['unlisted'])} jobs are in industries not listed."
                   if region["unlisted"] else ""))
            parts.append(section(region["name"], note + figure(chart, data)))
        return Markup("").join(parts)

    def summary(self, results: dict) -> str:
        """E.g. 'Region North: 3 of 5 industries reach LQ 1.25 (highest Food processing, 2.16)'."""
        lines = []
        for region in results["regions"]:
            rows = [row for row in results["rows"] if row["region"] == region["name"]]
            top = rows[0] if rows else None
            lines.append(f"{region['name']}: {region['specialisations']} of {len(rows)} "
                         f"industries reach LQ {fmt(results['threshold'], 2)}"
                         + (f" (highest {top['industry']}, {fmt(top['lq'], 2)})" if top else ""))
        return "; ".join(lines)

    def export_csv(self, inputs: dict, results: dict) -> str:
        """One row per region and industry with inputs and results at full precision."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Region", "Industry", "Jobs in region (e_ir)", "All jobs in region (e_r)",
                         f"Jobs in {results['reference']} (e_i)",
                         f"All jobs in {results['reference']} (e)", "Focus e_ir/e_r (%)",
                         "National share e_i/e (%)", "Size e_ir/e_i (%)", "LQ", "Specialisation"])
        totals = {region["name"]: region["total"] for region in results["regions"]}
        for row in results["rows"]:
            writer.writerow([csv_safe(row["region"]), csv_safe(row["industry"]), _num(row["jobs"]),
                             _num(totals[row["region"]]), _num(row["reference_jobs"]),
                             _num(results["reference_total"]), round(100 * row["focus"], 6),
                             round(100 * row["national_share"], 6), round(100 * row["size"], 6),
                             round(row["lq"], 6), "yes" if row["specialised"] else "no"])
        return out.getvalue()

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """The table with LQ, size and focus as formulas over its cells."""
        book, sheet = new_book("Location quotients")
        threshold = float(options.get("threshold", DEFAULT_THRESHOLD))
        sheet["A1"] = "Location quotient, size and focus"
        sheet["A1"].font = BOLD
        sheet["A2"], sheet["B2"] = "LQ threshold", threshold
        sheet["A3"], sheet["B3"] = "Minimum jobs", int(options.get("min_jobs", 0))
        regions, reference = inputs["regions"], inputs["reference"]
        ref_col = 2 + len(regions)
        labels = ["Industry", *regions, reference]
        for region in regions:
            labels += [f"{region}: focus e_ir/e_r (%)", f"{region}: size e_ir/e_i (%)",
                       f"{region}: LQ", f"{region}: specialisation"]
        start = 5
        header(sheet, start, labels, [34] + [16] * (len(labels) - 1))
        first = start + 1
        total_row = first + len(inputs["industries"])
        ref = col(ref_col)
        for offset, item in enumerate(inputs["industries"]):
            r = first + offset
            put_text(sheet, r, 1, item["name"])
            for index, jobs in enumerate(item["jobs"]):
                sheet.cell(row=r, column=2 + index, value=jobs)
            sheet.cell(row=r, column=ref_col, value=item["reference"])
            if item["rest"]:
                continue
            for index in range(len(regions)):
                c = col(2 + index)
                out = ref_col + 1 + 4 * index
                share, lq = f"{c}{r}/{c}${total_row}", f"({ref}{r}/{ref}${total_row})"
                sheet.cell(row=r, column=out, value=f"={share}*100")
                sheet.cell(row=r, column=out + 1, value=f"={c}{r}/{ref}{r}*100")
                sheet.cell(row=r, column=out + 2, value=f"=({share})/{lq}")
                sheet.cell(row=r, column=out + 3,
                           value=f'=IF(AND({col(out + 2)}{r}>=$B$2,{c}{r}>=$B$3),"yes","no")')
        put_text(sheet, total_row, 1, "Total")
        sheet.cell(row=total_row, column=1).font = BOLD
        for index, jobs in enumerate(inputs["total"]["jobs"]):
            sheet.cell(row=total_row, column=2 + index, value=jobs)
        sheet.cell(row=total_row, column=ref_col, value=inputs["total"]["reference"])
        check = total_row + 1
        sheet.cell(row=check, column=1, value="Check: sum of the rows (must not exceed the Total)")
        for index in range(len(regions) + 1):
            c = col(2 + index)
            sheet.cell(row=check, column=2 + index, value=f"=SUM({c}{first}:{c}{total_row - 1})")
        return to_bytes(book)

    def template(self) -> tuple[str, bytes] | None:
        """The lesson's Region North table as a CSV to overwrite with one's own figures."""
        return "location-quotient-template.csv", EXAMPLE.encode("utf-8")


def _at_least(lq: float, threshold: float, e_ir: float, e_r: float, e_i: float,
              e: float) -> bool:
    """LQ >= threshold, exactly when the float LQ is too close to tell (1.25 is 1.25)."""
    if abs(lq - threshold) > 1e-9:
        return lq > threshold
    return (Fraction(e_ir) * Fraction(e) >= Fraction(str(threshold)) * Fraction(e_r)
            * Fraction(e_i))


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _to_csv(inputs: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Industry", *inputs["regions"], inputs["reference"]])
    for item in inputs["industries"]:
        writer.writerow([item["name"], *map(_num, item["jobs"]), _num(item["reference"])])
    writer.writerow(["Total", *map(_num, inputs["total"]["jobs"]),
                     _num(inputs["total"]["reference"])])
    return out.getvalue()
