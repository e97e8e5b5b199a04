"""Revenue mix, funding risk and break-even of a cluster organisation (module 3's methods).

Lessons of 03-economics: shares of each income line and of the four sources
("Revenue mix"); income grouped by funder, the largest funder's share, the
Herfindahl-Hirschman index and its inverse, the effective number of funders,
and a stress test ("Funding risk"); contribution margin and break-even units
rounded up ("Costs and break-even").
"""

from __future__ import annotations

import math
from fractions import Fraction

from markupsafe import Markup

from . import revenue_mix_output as output
from .base import Files, Form, InputProblem, Tool, ToolInputError
from .forms import number, rows, text, values
from .revenue_mix_output import MAX_STREAMS, PUBLIC, SINGLE_FIELDS, STREAM_FIELDS, TYPES, UNITS
from .tables import check_problems, parse_number

HIGH_SHARE, MEDIUM_SHARE = 0.5, 1 / 3  # the lesson's rules of thumb for the largest funder


class RevenueMix(Tool):
    """The revenue mix tool: where the money comes from, how fragile it is, what must be sold."""

    name = "revenue-mix"
    title = "Revenue mix, funding risk and break-even"
    option_fields = {}

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Read the income lines, costs, stress test and break-even fields."""
        try:
            return self._parse(form)
        except ToolInputError as exc:
            draft = {"form": {name: values(form, name) for name in
                              (*STREAM_FIELDS, *SINGLE_FIELDS)}}
            raise ToolInputError(exc.problems, draft) from None

    def _parse(self, form: Form) -> dict:
        problems: list[InputProblem] = []
        streams: list[dict] = []
        submitted = rows(form, STREAM_FIELDS, MAX_STREAMS)
        if len(submitted) > MAX_STREAMS:
            raise ToolInputError([InputProblem(f"At most {MAX_STREAMS} income lines: group "
                                               "small ones together.", None, "Income lines")])
        for number_, row in submitted:
            name = row["stream_name"]
            if not name:
                problems.append(InputProblem(f"Income line {number_} has no name: name it or "
                                             "clear the line.", number_, "Income line"))
            kind = row["stream_type"]
            if kind not in TYPES:
                problems.append(InputProblem(
                    f"Income line {number_} ({name or 'unnamed'}): choose its type, one of "
                    f"{', '.join(TYPES.values())}.", number_, "Type"))
            amount = _cell_number(row["stream_amount"], number_, "Amount (EUR)", problems)
            streams.append({"name": name, "type": kind, "funder": row["stream_funder"] or name,
                            "amount": amount})
        if not submitted:
            problems.append(InputProblem("Enter at least one income line with its amount.", None,
                                         "Income lines"))
        single = {
            "total_costs": number(form, "total_costs", "Total costs per year", problems),
            "fixed_costs": number(form, "fixed_costs", "Fixed costs per year", problems),
            "reserves": number(form, "reserves", "Reserves", problems),
            "cut_pct": number(form, "cut_pct", "Cut (%)", problems),
            "be_fixed": number(form, "be_fixed", "Fixed costs of the activity", problems),
            "be_price": number(form, "be_price", "Price or fee per unit", problems),
            "be_variable": number(form, "be_variable", "Variable cost per unit", problems),
            "be_current": number(form, "be_current", "Current number", problems),
        }
        check_problems(problems)
        if sum(stream["amount"] for stream in streams) <= 0:
            problems.append(InputProblem("The income lines add up to 0: enter the amounts "
                                         "received in the year.", None, "Amount (EUR)"))
        cut_line = text(form, "cut_line")
        if cut_line and not any(s["name"].lower() == cut_line.lower() for s in streams):
            problems.append(InputProblem(f"The income line to cut, {cut_line!r}, is not in the "
                                         "list: type its name exactly as above.", None,
                                         "Income line to cut"))
        if single["cut_pct"] is not None and single["cut_pct"] > 100:
            problems.append(InputProblem("The cut is above 100%: enter a percentage from 0 to "
                                         "100.", None, "Cut (%)"))
        be = [single[key] for key in ("be_fixed", "be_price", "be_variable")]
        if any(v is not None for v in be) and any(v is None for v in be):
            problems.append(InputProblem("For the break-even, fill in all three: fixed costs, "
                                         "price or fee per unit, and variable cost per unit.",
                                         None, "Break-even"))
        if (single["fixed_costs"] is not None and single["total_costs"] is not None
                and single["fixed_costs"] > single["total_costs"]):
            problems.append(InputProblem("Fixed costs are higher than total costs: total costs "
                                         "include the fixed ones.", None, "Fixed costs per year"))
        check_problems(problems)
        unit = text(form, "be_unit")
        return {"streams": streams, **single, "cut_line": cut_line,
                "be_unit": unit if unit in UNITS else "members"}

    def compute(self, inputs: dict, options: dict) -> dict:
        """Shares, groupings, concentration, costs, stress tests and break-even."""
        streams = inputs["streams"]
        total = sum(s["amount"] for s in streams)
        lines = [{**s, "share": s["amount"] / total} for s in streams]
        by_type = {key: sum(s["amount"] for s in streams if s["type"] == key) for key in TYPES}
        public = sum(by_type[key] for key in PUBLIC)
        funders: dict[str, dict] = {}
        for s in streams:
            entry = funders.setdefault(s["funder"].lower(), {"funder": s["funder"], "amount": 0.0,
                                                             "lines": []})
            entry["amount"] += s["amount"]
            entry["lines"].append(s["name"])
        grouped = sorted(funders.values(), key=lambda f: (-f["amount"], f["funder"]))
        for entry in grouped:
            entry["share"] = entry["amount"] / total
            entry["square"] = entry["share"] ** 2
        hhi = sum(entry["square"] for entry in grouped)
        largest = grouped[0]
        level = ("high" if largest["share"] > HIGH_SHARE else
                 "medium" if largest["share"] >= MEDIUM_SHARE else "low")
        result = {"total": total, "lines": lines,
                  "by_type": {k: {"amount": v, "share": v / total} for k, v in by_type.items()},
                  "public": {"amount": public, "share": public / total},
                  "private": {"amount": total - public, "share": (total - public) / total},
                  "funders": grouped, "hhi": hhi, "effective_funders": 1 / hhi,
                  "largest": {"funder": largest["funder"], "amount": largest["amount"],
                              "share": largest["share"]}, "risk": level}
        result["costs"] = _costs(inputs, total)
        result["stress"] = [_stress(f"Lose the largest funder ({largest['funder']})",
                                    largest["amount"], 100.0, largest["amount"], total, result)]
        if inputs.get("cut_line"):
            line = next(s for s in streams if s["name"].lower() == inputs["cut_line"].lower())
            pct = inputs["cut_pct"] if inputs["cut_pct"] is not None else 100.0
            result["stress"].append(_stress(f"Cut {line['name']} by {pct:g}%", line["amount"],
                                            pct, line["amount"] * pct / 100, total, result))
        result["break_even"] = _break_even(inputs)
        return result

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """Income lines as rows of fields, then costs, the stress test and the break-even."""
        return output.render_form(self.name, inputs, problems)

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """Tables of shares and funders with a chart, stress tests and the break-even."""
        return output.render_results(results)

    def summary(self, results: dict) -> str:
        """E.g. 'Income 850,000; largest funder 42.8% (Regional government); HHI 0.2735'."""
        return output.summary(results)

    def export_csv(self, inputs: dict, results: dict) -> str:
        """Income lines, funders and the computed measures as CSV."""
        return output.export_csv(inputs, results)

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """Income, funders, stress test and break-even with live formulas."""
        return output.export_xlsx(inputs)


def _cell_number(raw: str, row: int, column: str, problems: list[InputProblem]) -> float:
    value = parse_number(raw, row, column, problems=problems)
    return value if value is not None else 0.0


def _costs(inputs: dict, income: float) -> dict | None:
    total_costs, fixed, reserves = (inputs.get("total_costs"), inputs.get("fixed_costs"),
                                    inputs.get("reserves"))
    if total_costs is None and fixed is None and reserves is None:
        return None
    out: dict = {"total_costs": total_costs, "fixed_costs": fixed, "reserves": reserves,
                 "result": None, "result_share": None, "fixed_share": None,
                 "fixed_per_month": None, "reserve_months": None}
    if total_costs is not None:
        out["result"] = income - total_costs
        out["result_share"] = out["result"] / income
        if fixed is not None and total_costs:
            out["fixed_share"] = fixed / total_costs
    if fixed:
        out["fixed_per_month"] = fixed / 12
        if reserves is not None:
            out["reserve_months"] = reserves / (fixed / 12)
    return out


def _stress(label: str, base: float, pct: float, lost: float, total: float, result: dict) -> dict:
    costs = result["costs"] or {}
    before = costs.get("result")
    after = None if before is None else before - lost
    reserves = costs.get("reserves")
    years = (reserves / -after) if (after is not None and after < 0 and reserves is not None) \
        else None
    return {"label": label, "base": base, "pct": pct, "lost": lost, "lost_share": lost / total,
            "before": before, "after": after, "years_covered": years}


def _break_even(inputs: dict) -> dict | None:
    fixed, price, variable = inputs.get("be_fixed"), inputs.get("be_price"), \
        inputs.get("be_variable")
    if fixed is None or price is None or variable is None:
        return None
    margin = price - variable
    out = {"fixed": fixed, "price": price, "variable": variable, "margin": margin,
           "unit": UNITS[inputs.get("be_unit") or "members"], "current": inputs.get("be_current"),
           "raw": None, "units": None, "gap": None}
    if margin > 0:
        exact = Fraction(str(fixed)) / (Fraction(str(price)) - Fraction(str(variable)))
        out["raw"] = float(exact)
        out["units"] = math.ceil(exact)  # round up: fewer units leave fixed costs uncovered
        if out["current"] is not None:
            out["gap"] = out["units"] - out["current"]
    return out
