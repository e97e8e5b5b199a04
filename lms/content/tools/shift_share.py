"""Shift-share: a regional industry's job change split into national, industry-mix and local parts.

Method of the lesson "Explaining growth with shift-share analysis" (01-mapping):
with G the national total growth, g_i the industry's national growth and r_i
its regional growth, the national growth effect is e_ir,0 × G, the industry
mix effect e_ir,0 × (g_i − G) and the regional (competitive) shift
e_ir,0 × (r_i − g_i); the three add up to the actual change.
"""

from __future__ import annotations

import csv
import io
import re

from markupsafe import Markup

from .base import Files, Form, InputProblem, Tool, ToolInputError
from .employment import check_within, parse_employment, raise_with_draft, rows_from_submission
from .html import file_input, fmt, problems_list, section, table, textarea
from .svg import Bar, Group, bar_chart, figure
from .tables import MAX_ROWS, MAX_UPLOAD_BYTES
from .xlsx import BOLD, col, csv_safe, header, new_book, put_text, to_bytes

COLUMN_HELP = ("Industry, region base year, region end year, reference area (e.g. the country) "
               "base year, reference area end year")
EXAMPLE = """Industry,Region North 2017,Region North 2022,Country 2017,Country 2022
Food processing,12000,13200,100000,102000
Machinery and equipment,9000,8820,120000,114000
ICT services,5000,5500,160000,192000
Logistics,10000,11500,140000,151200
Tourism and hospitality,8000,7200,150000,157500
All other industries,196000,205780,3330000,3483300
Total,240000,252000,4000000,4200000
"""
LEGEND = [("tool-bar--national", "national growth"), ("tool-bar--mix", "industry mix"),
          ("tool-bar--shift", "regional shift")]


class ShiftShare(Tool):
    """The shift-share tool: why a region's industries gained or lost jobs between two years."""

    name = "shift-share"
    title = "Shift-share analysis"
    option_fields = {}

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Read the two-year table (upload or paste) into industries and totals."""
        pasted = ""
        try:
            rows, pasted = rows_from_submission(form, files, "table", "file")
            data = parse_employment(rows, min_columns=4, max_columns=4, column_help=COLUMN_HELP)
            check_within(data, [(0, 2), (1, 3)])
            problems = [
                InputProblem(f"Row {number} ({name}): {data.columns[2]!r} has 0 jobs in the base "
                             "year, so the industry's national growth cannot be computed: remove "
                             "the row or add it to 'All other industries'.", number,
                             data.columns[2])
                for number, (name, values, rest) in enumerate(data.rows, start=1)
                if not rest and values[2] == 0]
            if problems:
                raise ToolInputError(problems)
        except ToolInputError as exc:
            raise raise_with_draft(exc, {"text": pasted}) from None
        return {"columns": data.columns,
                "industries": [{"name": name, "jobs": values, "rest": rest}
                               for name, values, rest in data.rows],
                "total": data.total}

    def compute(self, inputs: dict, options: dict) -> dict:
        """Growth rates, the three effects, and the LQ in both years, per listed industry."""
        r0, r1, e0, e1 = inputs["total"]
        big_g = (e1 - e0) / e0
        rows = []
        for item in inputs["industries"]:
            if item["rest"]:
                continue
            a0, a1, n0, n1 = item["jobs"]
            g = (n1 - n0) / n0
            national, mix = a0 * big_g, a0 * (g - big_g)
            actual = a1 - a0
            rows.append({
                "industry": item["name"], "base": a0, "end": a1, "actual": actual,
                "national": national, "mix": mix, "shift": actual - national - mix,
                "r": (a1 - a0) / a0 if a0 else None, "g": g,
                "lq_base": (a0 / r0) / (n0 / e0), "lq_end": (a1 / r1) / (n1 / e1)})
        together = {key: sum(row[key] for row in rows)
                    for key in ("actual", "national", "mix", "shift")}
        base_label, end_label = _years(inputs["columns"])
        return {"G": big_g, "rows": rows, "together": together,
                "region": _area(inputs["columns"][0]), "reference": _area(inputs["columns"][2]),
                "base_label": base_label, "end_label": end_label}

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """A paste box (filled with the last table) and a file upload, with the format stated."""
        text = ""
        if inputs:
            text = inputs.get("text") or (_to_csv(inputs) if "industries" in inputs else "")
        hint = (f"One row per industry, then a row named Total. Columns: {COLUMN_HELP}. "
                "Add an 'All other industries' row so the rows add up to the Total.")
        upload_hint = (f"CSV or XLSX (first sheet, values only), up to "
                       f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB and {MAX_ROWS} rows. "
                       "A file replaces the pasted table.")
        return (problems_list(problems)
                + Markup('<div class="tool-field">')
                + textarea(self.name, "table", "Employment in two years", text, hint=hint, rows=10)
                + Markup('</div><div class="tool-field">')
                + file_input(self.name, "file", "Or upload a CSV or XLSX file", upload_hint)
                + Markup("</div>"))

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """The effects table with a chart, the growth rates and the LQs in both years."""
        rows, span = results["rows"], f"{results['base_label']} to {results['end_label']}"
        effects = table(
            f"Shift-share, {results['region']}, {span} (jobs)",
            ["Industry", "Actual change", "National growth effect", "Industry mix effect",
             "Regional shift"],
            [[row["industry"], fmt(row["actual"]), fmt(row["national"]), fmt(row["mix"]),
              fmt(row["shift"])] for row in rows],
            footer=["Listed industries together", *(fmt(results["together"][key]) for key in
                                                    ("actual", "national", "mix", "shift"))])
        groups = [Group(f"{row['industry']} (change {fmt(row['actual'])})", [
            Bar(row["national"], "tool-bar--national", fmt(row["national"])),
            Bar(row["mix"], "tool-bar--mix", fmt(row["mix"])),
            Bar(row["shift"], "tool-bar--shift", fmt(row["shift"]))]) for row in rows]
        chart = bar_chart(
            f"Shift-share components, {results['region']}, {span}",
            "For each industry three bars, in jobs: national growth effect, industry mix effect "
            "and regional shift; bars left of the axis are losses. "
            + "; ".join(f"{row['industry']}: {fmt(row['national'])}, {fmt(row['mix'])}, "
                        f"{fmt(row['shift'])}" for row in rows),
            groups, legend=LEGEND)
        rates = table(
            f"Growth rates, {span} (%); national total growth G = {fmt(100 * results['G'], 2)}%",
            ["Industry", "Regional industry growth r_i", "National industry growth g_i"],
            [[row["industry"], fmt(None if row["r"] is None else 100 * row["r"], 2),
              fmt(100 * row["g"], 2)] for row in rows])
        lqs = table(
            "Location quotients in both years",
            ["Industry", f"LQ {results['base_label']}", f"LQ {results['end_label']}", "Change"],
            [[row["industry"], fmt(row["lq_base"], 2), fmt(row["lq_end"], 2),
              fmt(row["lq_end"] - row["lq_base"], 2)] for row in rows])
        return (section("Where the change came from", figure(chart, effects))
                + section("Growth rates", rates) + section("Specialisation over time", lqs))

    def summary(self, results: dict) -> str:
        """E.g. 'Region North 2017 to 2022: change +2,220 jobs, regional shift +230'."""
        together = results["together"]
        return (f"{results['region']} {results['base_label']} to {results['end_label']}: "
                f"change {_signed(together['actual'])} jobs, regional shift "
                f"{_signed(together['shift'])} ({len(results['rows'])} industries)")

    def export_csv(self, inputs: dict, results: dict) -> str:
        """One row per industry: inputs, growth rates, the three effects and the LQs."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Industry", *inputs["columns"], "r_i (%)", "g_i (%)", "G (%)",
                         "Actual change", "National growth effect", "Industry mix effect",
                         "Regional shift", "LQ base", "LQ end"])
        jobs = {item["name"]: item["jobs"] for item in inputs["industries"]}
        for row in results["rows"]:
            writer.writerow([csv_safe(row["industry"]), *jobs[row["industry"]],
                             "" if row["r"] is None else round(100 * row["r"], 6),
                             round(100 * row["g"], 6), round(100 * results["G"], 6),
                             round(row["actual"], 6), round(row["national"], 6),
                             round(row["mix"], 6), round(row["shift"], 6),
                             round(row["lq_base"], 6), round(row["lq_end"], 6)])
        return out.getvalue()

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """The two-year table with growth rates, effects, a check column and LQs as formulas."""
        book, sheet = new_book("Shift-share")
        sheet["A1"] = "Shift-share analysis"
        sheet["A1"].font = BOLD
        labels = ["Industry", *inputs["columns"], "r_i regional growth", "g_i national growth",
                  "Actual change", "National growth effect", "Industry mix effect",
                  "Regional shift", "Check: sum of the three effects", "LQ base", "LQ end"]
        start = 5
        header(sheet, start, labels, [34] + [16] * (len(labels) - 1))
        first = start + 1
        total = first + len(inputs["industries"])
        sheet["A3"] = "G national total growth"
        sheet["B3"] = f"=(E{total}-D{total})/D{total}"
        for offset, item in enumerate(inputs["industries"]):
            r = first + offset
            put_text(sheet, r, 1, item["name"])
            for index, value in enumerate(item["jobs"]):
                sheet.cell(row=r, column=2 + index, value=value)
            if item["rest"]:
                continue
            formulas = [
                f'=IF(B{r}=0,"",(C{r}-B{r})/B{r})', f"=(E{r}-D{r})/D{r}", f"=C{r}-B{r}",
                f"=B{r}*$B$3", f"=B{r}*(G{r}-$B$3)", f"=H{r}-B{r}*G{r}", f"=I{r}+J{r}+K{r}",
                f"=(B{r}/B${total})/(D{r}/D${total})", f"=(C{r}/C${total})/(E{r}/E${total})"]
            for index, formula in enumerate(formulas):
                sheet.cell(row=r, column=6 + index, value=formula)
        put_text(sheet, total, 1, "Total")
        sheet.cell(row=total, column=1).font = BOLD
        for index, value in enumerate(inputs["total"]):
            sheet.cell(row=total, column=2 + index, value=value)
        together = total + 1
        sheet.cell(row=together, column=1, value="Listed industries together").font = BOLD
        for column in range(8, 13):
            c = col(column)
            sheet.cell(row=together, column=column, value=f"=SUM({c}{first}:{c}{total - 1})")
        sheet.cell(row=together + 2, column=1,
                   value="Regional shift = e_ir,0 × (r_i − g_i), written as actual change − "
                         "e_ir,0 × g_i so that it also works when e_ir,0 is 0.")
        return to_bytes(book)

    def template(self) -> tuple[str, bytes] | None:
        """The lesson's Region North table for 2017 and 2022, to overwrite with one's own."""
        return "shift-share-template.csv", EXAMPLE.encode("utf-8")


def _years(columns: list[str]) -> tuple[str, str]:
    base = re.search(r"(\d{4})\s*$", columns[0])
    end = re.search(r"(\d{4})\s*$", columns[1])
    return (base.group(1), end.group(1)) if base and end else ("base year", "end year")


def _area(column: str) -> str:
    return re.sub(r"\s*\d{4}\s*$", "", column) or column


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + fmt(value)


def _to_csv(inputs: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Industry", *inputs["columns"]])
    for item in inputs["industries"]:
        writer.writerow([item["name"], *(_num(v) for v in item["jobs"])])
    writer.writerow(["Total", *(_num(v) for v in inputs["total"])])
    return out.getvalue()


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
