"""The revenue mix tool's form, results, summary and exports (kept apart from its arithmetic)."""

from __future__ import annotations

import csv
import io
from typing import cast

from markupsafe import Markup
from openpyxl import Workbook

from .base import InputProblem
from .forms import number_text
from .html import fmt, problems_list, section, select, table, text_input
from .svg import Bar, Group, Mark, bar_chart, figure
from .xlsx import BOLD, csv_safe, header, new_book, put_text, to_bytes

MAX_STREAMS = 40
TYPES = {"core": "Public core funding", "fees": "Membership fees", "services": "Paid services",
         "projects": "Funded projects"}
PUBLIC = ("core", "projects")
UNITS = {"members": "members", "participants": "participants", "units": "units sold"}
STREAM_FIELDS = ("stream_name", "stream_type", "stream_funder", "stream_amount")
SINGLE_FIELDS = ("total_costs", "fixed_costs", "reserves", "cut_line", "cut_pct", "be_fixed",
                 "be_price", "be_variable", "be_unit", "be_current")

RISK_TEXT = {
    "high": "above one half: one decision outside your control can halve the budget. "
            "Treat it as a high risk.",
    "medium": "between one third and one half: common in growth years. Watch it, and have a "
              "plan for a cut.",
    "low": "below one third: with several independent sources, room to manoeuvre.",
}


def _field_values(inputs: dict | None) -> dict[str, list[str]]:
    if not inputs:
        return {}
    if "form" in inputs:  # a draft: what the learner typed, shown again after a problem
        return cast("dict[str, list[str]]", inputs["form"])
    streams = inputs.get("streams", [])
    out = {"stream_name": [s["name"] for s in streams],
           "stream_type": [s["type"] for s in streams],
           "stream_funder": [s["funder"] if s["funder"] != s["name"] else "" for s in streams],
           "stream_amount": [number_text(s["amount"]) for s in streams]}
    for key in SINGLE_FIELDS:
        value = inputs.get(key)
        out[key] = [value if isinstance(value, str) else number_text(value)]
    return out


def render_form(tool: str, inputs: dict | None, problems: list[InputProblem] | None) -> Markup:
    """Income lines as rows of fields, then costs, the stress test and the break-even."""
    fields = _field_values(inputs)

    def get(name: str, index: int = 0) -> str:
        found = fields.get(name) or []
        return found[index] if index < len(found) else ""

    count = min(max(len(fields.get("stream_name", [])) + 3, 6), MAX_STREAMS)
    types = [("", "Choose…"), *TYPES.items()]
    body = [Markup('<div class="tool-table-wrap"><table class="tool-rows"><caption>Income '
                   'lines last year (EUR)</caption><thead><tr><th scope="col">Income line</th>'
                   '<th scope="col">Type</th><th scope="col">Funder (who decides)</th>'
                   '<th scope="col">Amount (EUR)</th></tr></thead><tbody>')]
    for i in range(count):
        n = i + 1
        body.append(Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            text_input(tool, "stream_name", f"Income line {n}: name", get("stream_name", i),
                       index=n, visible_label=False),
            select(tool, "stream_type", f"Income line {n}: type", types, get("stream_type", i),
                   index=n, visible_label=False),
            text_input(tool, "stream_funder", f"Income line {n}: funder",
                       get("stream_funder", i), index=n, visible_label=False),
            text_input(tool, "stream_amount", f"Income line {n}: amount in EUR",
                       get("stream_amount", i), index=n, visible_label=False,
                       hint="" if i else "")))
    body.append(Markup("</tbody></table></div><p class=\"tool-hint\">Lines paid by the same "
                       "funder (for example core funding and a project from the region) are "
                       "grouped by the funder's name to measure dependence; an empty funder "
                       "means the line is its own funder. Leave unused lines empty.</p>"))

    def num(name: str, label: str, hint: str = "") -> Markup:
        return Markup('<div class="tool-field">{}</div>').format(
            text_input(tool, name, label, get(name), hint=hint))

    costs = (num("total_costs", "Total costs per year (EUR)", "All costs, projects included.")
             + num("fixed_costs", "Fixed costs per year (EUR)",
                   "Staff, office and other costs that do not change with activity.")
             + num("reserves", "Reserves (EUR)"))
    stress = (num("cut_line", "Income line to cut (optional)",
                  "Its name as above; the tool always also tests losing the largest funder.")
              + num("cut_pct", "Cut (%)", "100 if the line stops entirely."))
    units = Markup('<div class="tool-field">{}</div>').format(
        select(tool, "be_unit", "What is counted", list(UNITS.items()),
               get("be_unit") or "members"))
    breakeven = (num("be_fixed", "Fixed costs of the activity per year (EUR)",
                     "E.g. the membership programme, or one paid service.")
                 + num("be_price", "Average fee or price per member or participant (EUR)")
                 + num("be_variable", "Variable cost per member or participant (EUR)")
                 + units + num("be_current", "Current number (optional)"))
    return (problems_list(problems) + Markup("").join(body)
            + section("Costs", Markup('<div class="tool-grid">{}</div>').format(costs))
            + section("Stress test", Markup('<div class="tool-grid">{}</div>').format(stress))
            + section("Break-even", Markup('<div class="tool-grid">{}</div>').format(breakeven)))


def render_results(results: dict) -> Markup:
    """Shares, funders with a chart, costs, stress tests and the break-even."""
    total = results["total"]
    lines = table("Revenue mix: each line's share of total income",
                  ["Income line", "Type", "Funder", "Amount (EUR)", "Share (%)"],
                  [[s["name"], TYPES[s["type"]], s["funder"], fmt(s["amount"]),
                    fmt(100 * s["share"], 1)] for s in results["lines"]],
                  numeric_from=3, footer=["Total", "", "", fmt(total), "100.0"])
    types = table("By source and by who pays", ["Group", "Amount (EUR)", "Share (%)"],
                  [*[[TYPES[k], fmt(v["amount"]), fmt(100 * v["share"], 1)]
                     for k, v in results["by_type"].items()],
                   ["Public (core funding and funded projects)", fmt(results["public"]["amount"]),
                    fmt(100 * results["public"]["share"], 1)],
                   ["Private (fees and paid services)", fmt(results["private"]["amount"]),
                    fmt(100 * results["private"]["share"], 1)]])
    funders = table("Income by funder, with the squared shares of the HHI",
                    ["Funder", "Amount (EUR)", "Share (%)", "Share (decimal)", "Share squared"],
                    [[f["funder"], fmt(f["amount"]), fmt(100 * f["share"], 1),
                      fmt(f["share"], 5), fmt(f["square"], 5)] for f in results["funders"]],
                    footer=["HHI", "", "", "", fmt(results["hhi"], 4)])
    chart = bar_chart(
        "Share of income by funder",
        "Bar chart of each funder's share of total income in percent, largest first, with "
        "reference lines at one third and one half. "
        + "; ".join(f"{f['funder']}: {fmt(100 * f['share'], 1)}%" for f in results["funders"]),
        [Group(f["funder"], [Bar(100 * f["share"], "tool-bar--risk" if f["share"] > 0.5 else
                                 "tool-bar--public", fmt(100 * f["share"], 1) + "%")])
         for f in results["funders"]],
        marks=[Mark(100 / 3, "one third"), Mark(50.0, "one half")])
    largest = results["largest"]
    verdict = Markup('<p class="tool-verdict tool-verdict--{}">{}</p>').format(
        results["risk"], f"Largest funder: {largest['funder']}, {fmt(100 * largest['share'], 1)}% "
        f"of income, {RISK_TEXT[results['risk']]} HHI {fmt(results['hhi'], 4)}; effective "
        f"number of funders {fmt(results['effective_funders'], 1)} (1 ÷ HHI).")
    parts = [section("Revenue mix", lines + types),
             section("Dependence on funders", verdict + figure(chart, funders))]
    if results["costs"]:
        parts.append(section("Costs", _costs_table(results["costs"])))
    parts.append(section("Stress tests", _stress_table(results["stress"])))
    if results["break_even"]:
        parts.append(section("Break-even", _break_even_table(results["break_even"])))
    return Markup("").join(parts)


def _costs_table(costs: dict) -> Markup:
    rows = [["Total costs (EUR)", fmt(costs["total_costs"])],
            ["Fixed costs (EUR)", fmt(costs["fixed_costs"])],
            ["Fixed costs as a share of total costs (%)",
             fmt(None if costs["fixed_share"] is None else 100 * costs["fixed_share"], 1)],
            ["Surplus or deficit (EUR)", fmt(costs["result"])],
            ["Surplus or deficit as a share of income (%)",
             fmt(None if costs["result_share"] is None else 100 * costs["result_share"], 1)],
            ["Fixed costs per month (EUR)", fmt(costs["fixed_per_month"])],
            ["Reserves (EUR)", fmt(costs["reserves"])],
            ["Reserves in months of fixed costs", fmt(costs["reserve_months"], 1)]]
    return table("Cost structure", ["Measure", "Value"], rows)


def _stress_table(stress: list[dict]) -> Markup:
    heads = ["Test", "Income line or funder (EUR)", "Cut (%)", "Lost income (EUR)",
             "Lost income as a share of total (%)", "Result before (EUR)", "Result after (EUR)",
             "Years the reserves cover the new deficit"]
    rows = [[s["label"], fmt(s["base"]), fmt(s["pct"], 0), fmt(s["lost"]),
             fmt(100 * s["lost_share"], 1), fmt(s["before"]), fmt(s["after"]),
             fmt(s["years_covered"], 1)] for s in stress]
    return table("What happens if a funder cuts its payment (if nothing else changes)", heads,
                 rows)


def _break_even_table(be: dict) -> Markup:
    unit = be["unit"]
    rows = [["Fixed costs per year (EUR)", fmt(be["fixed"])],
            [f"Price or fee per {unit.removesuffix('s')} (EUR)", fmt(be["price"], 2)],
            ["Variable cost per unit (EUR)", fmt(be["variable"], 2)],
            ["Contribution margin per unit (EUR)", fmt(be["margin"], 2)],
            [f"Break-even before rounding ({unit})", fmt(be["raw"], 2)],
            [f"Break-even ({unit}, rounded up)", fmt(be["units"])]]
    if be["current"] is not None:
        rows.append([f"Current number of {unit}", fmt(be["current"])])
        rows.append([f"Still to reach break-even ({unit})", fmt(be["gap"])])
    caption = ("Break-even" if be["units"] is not None else
               "No break-even: the price is not above the variable cost, so every unit sold "
               "makes the loss larger")
    return table(caption, ["Item", "Value"], rows)


def summary(results: dict) -> str:
    """E.g. 'Income 850,000; largest funder Regional government 42.8%; HHI 0.2735'."""
    largest = results["largest"]
    text = (f"Income {fmt(results['total'])}; largest funder {largest['funder']} "
            f"{fmt(100 * largest['share'], 1)}%; HHI {fmt(results['hhi'], 4)}")
    if results["break_even"] and results["break_even"]["units"] is not None:
        text += f"; break-even {results['break_even']['units']} {results['break_even']['unit']}"
    return text


def export_csv(inputs: dict, results: dict) -> str:
    """Income lines, funders and measures as one CSV in three blocks."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Income line", "Type", "Funder", "Amount (EUR)", "Share (%)"])
    for s in results["lines"]:
        writer.writerow([csv_safe(s["name"]), TYPES[s["type"]], csv_safe(s["funder"]),
                         s["amount"], round(100 * s["share"], 6)])
    writer.writerow([])
    writer.writerow(["Funder", "Amount (EUR)", "Share (decimal)", "Share squared"])
    for f in results["funders"]:
        writer.writerow([csv_safe(f["funder"]), f["amount"], round(f["share"], 8),
                         round(f["square"], 8)])
    writer.writerow([])
    writer.writerow(["Measure", "Value"])
    writer.writerow(["HHI", round(results["hhi"], 8)])
    writer.writerow(["Effective number of funders", round(results["effective_funders"], 6)])
    for s in results["stress"]:
        writer.writerow([csv_safe(s["label"] + ": result after (EUR)"), s["after"]])
    be = results["break_even"]
    if be:
        writer.writerow([f"Break-even ({be['unit']}, rounded up)", be["units"]])
    return out.getvalue()


def export_xlsx(inputs: dict) -> bytes:
    """Sheets with the mix, the funders and the measures; every result a formula."""
    book, sheet = new_book("Revenue mix")
    streams = inputs["streams"]
    first, last = 4, 3 + len(streams)
    total = last + 1
    sheet["A1"] = "Revenue mix"
    sheet["A1"].font = BOLD
    header(sheet, 3, ["Income line", "Type", "Funder", "Amount (EUR)", "Share of total (%)"],
           [40, 22, 30, 16, 18])
    for offset, s in enumerate(streams):
        r = first + offset
        put_text(sheet, r, 1, s["name"])
        sheet.cell(row=r, column=2, value=TYPES[s["type"]])
        put_text(sheet, r, 3, s["funder"])
        sheet.cell(row=r, column=4, value=s["amount"])
        sheet.cell(row=r, column=5, value=f"=D{r}/D${total}*100")
    sheet.cell(row=total, column=1, value="Total").font = BOLD
    sheet.cell(row=total, column=4, value=f"=SUM(D{first}:D{last})")
    sheet.cell(row=total, column=5, value=f"=D{total}/D${total}*100")
    r = total + 2
    header(sheet, r, ["Group", "", "", "Amount (EUR)", "Share of total (%)"])
    groups = [(label, [i for i, s in enumerate(streams) if s["type"] == key])
              for key, label in TYPES.items()]
    groups.append(("Public (core funding and funded projects)",
                   [i for i, s in enumerate(streams) if s["type"] in PUBLIC]))
    groups.append(("Private (fees and paid services)",
                   [i for i, s in enumerate(streams) if s["type"] not in PUBLIC]))
    for label, members in groups:
        r += 1
        sheet.cell(row=r, column=1, value=label)
        sheet.cell(row=r, column=4, value=_sum_of(members, first))
        sheet.cell(row=r, column=5, value=f"=D{r}/D${total}*100")
    _funders_sheet(book, streams, first, total)
    _measures_sheet(book, inputs, streams, first, total)
    return to_bytes(book)


def _sum_of(indexes: list[int], first: int, sheet: str = "") -> str:
    if not indexes:
        return "=0"
    return "=" + "+".join(f"{sheet}D{first + i}" for i in indexes)


def _funders_sheet(book: Workbook, streams: list[dict], first: int, total: int) -> None:
    sheet = book.create_sheet("Funders")
    header(sheet, 1, ["Funder", "Amount (EUR)", "Share (decimal)", "Share squared"],
           [34, 16, 16, 16])
    order: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for i, s in enumerate(streams):
        order.setdefault(s["funder"].lower(), []).append(i)
        names.setdefault(s["funder"].lower(), s["funder"])
    last = 1 + len(order)
    for offset, (key, members) in enumerate(order.items()):
        r = 2 + offset
        put_text(sheet, r, 1, names[key])
        sheet.cell(row=r, column=2, value=_sum_of(members, first, "'Revenue mix'!"))
        sheet.cell(row=r, column=3, value=f"=B{r}/'Revenue mix'!D${total}")
        sheet.cell(row=r, column=4, value=f"=C{r}^2")
    rows = [("Largest funder share (%)", f"=MAX(C2:C{last})*100"),
            ("HHI (sum of squared shares)", f"=SUM(D2:D{last})"),
            ("Effective number of funders (1 ÷ HHI)", f"=1/B{last + 3}")]
    for offset, (label, formula) in enumerate(rows):
        sheet.cell(row=last + 2 + offset, column=1, value=label).font = BOLD
        sheet.cell(row=last + 2 + offset, column=2, value=formula)


def _measures_sheet(book: Workbook, inputs: dict, streams: list[dict], first: int,
                    total: int) -> None:
    sheet = book.create_sheet("Costs and break-even")
    header(sheet, 1, ["Item", "Value"], [52, 18])
    cut = (inputs.get("cut_line") or "").lower()
    cut_index = next((i for i, s in enumerate(streams) if cut and s["name"].lower() == cut), None)
    cut_base = (f"='Revenue mix'!D{first + cut_index}" if cut_index is not None
                else "=MAX(Funders!B:B)")
    cut_pct = inputs.get("cut_pct") if cut_index is not None and inputs.get("cut_pct") is not None \
        else 100
    items = [
        ("Income (EUR)", f"='Revenue mix'!D{total}"),              # B2
        ("Total costs (EUR)", inputs.get("total_costs") or 0),       # B3
        ("Surplus or deficit (EUR)", "=B2-B3"),                     # B4
        ("Fixed costs per year (EUR)", inputs.get("fixed_costs") or 0),  # B5
        ("Fixed costs per month (EUR)", "=B5/12"),                  # B6
        ("Reserves (EUR)", inputs.get("reserves") or 0),            # B7
        ("Reserves in months of fixed costs", '=IF(B6>0,B7/B6,"")'),  # B8
        ("Stress test: income line or funder that is cut (EUR)", cut_base),  # B9
        ("Cut (%)", cut_pct),                                       # B10
        ("Lost income (EUR)", "=B9*B10/100"),                       # B11
        ("Lost income as a share of total income (%)", "=B11/B2*100"),  # B12
        ("Result after the cut (EUR)", "=B4-B11"),                  # B13
        ("Years the reserves cover the new deficit", '=IF(B13<0,B7/(0-B13),"")'),  # B14
        ("Break-even: fixed costs of the activity (EUR)", inputs.get("be_fixed") or 0),  # B15
        ("Price or fee per unit (EUR)", inputs.get("be_price") or 0),  # B16
        ("Variable cost per unit (EUR)", inputs.get("be_variable") or 0),  # B17
        ("Contribution margin per unit (EUR)", "=B16-B17"),         # B18
        ("Break-even before rounding", '=IF(B18>0,B15/B18,"no break-even")'),  # B19
        ("Break-even, rounded up", '=IF(B18>0,ROUNDUP(B15/B18,0),"no break-even")'),  # B20
        ("Current number", inputs.get("be_current") or 0),         # B21
        ("Still to reach break-even", '=IF(B18>0,B20-B21,"")'),     # B22
    ]
    for offset, (label, value) in enumerate(items):
        sheet.cell(row=2 + offset, column=1, value=label)
        sheet.cell(row=2 + offset, column=2, value=value)
