"""Stakeholder map: the power/interest grid, and the membership fee tiers check when set.

Methods of module 5: "Stakeholder maps" scores power and interest from 1 to 5,
4 and 5 count as high, a 3 is flagged borderline, and the four quadrants are
manage closely, keep satisfied, keep informed and monitor. "Membership models"
computes fee income as members × fee summed over the tiers, each tier's share,
the average fee, and who carries the income.
"""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from ..schema import Field
from . import stakeholder_output as output
from .base import Files, Form, InputProblem, Tool, ToolInputError
from .fee_tiers import TIER_FIELDS, check_tiers, fee_income
from .forms import rows, values
from .stakeholder_output import HELIX, QUADRANTS
from .tables import check_problems, clean_text, parse_number

MAX_STAKEHOLDERS = 60
ROW_FIELDS = ("sh_name", "sh_helix", "sh_power", "sh_interest", "sh_note")
TIER_INPUTS = ("tier_members", "tier_fee")


class StakeholderMap(Tool):
    """The stakeholder map tool: whom to manage closely, and who carries the fee income."""

    name = "stakeholder-map"
    title = "Stakeholder map"
    option_fields = {"high_from": Field("int", default=4, min=2, max=5),
                     "fee_tiers": Field("tables", fields=TIER_FIELDS)}

    def validate_options(self, options: dict) -> list[tuple[str, str]]:
        """Check the schema, then that the tiers' size bands leave no gap and do not overlap."""
        issues = super().validate_options(options)
        if issues or not options.get("fee_tiers"):
            return issues
        return check_tiers(options["fee_tiers"])

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Read the stakeholder rows and, if the options set tiers, members and fee per tier."""
        try:
            return self._parse(form, options)
        except ToolInputError as exc:
            draft = {"form": {n: values(form, n) for n in (*ROW_FIELDS, *TIER_INPUTS)}}
            raise ToolInputError(exc.problems, draft) from None

    def _parse(self, form: Form, options: dict) -> dict:
        problems: list[InputProblem] = []
        submitted = rows(form, ROW_FIELDS[:4], MAX_STAKEHOLDERS)
        notes = values(form, "sh_note")
        if len(submitted) > MAX_STAKEHOLDERS:
            raise ToolInputError([InputProblem(f"At most {MAX_STAKEHOLDERS} stakeholders: "
                                               "group similar ones.", None, "Stakeholders")])
        stakeholders = []
        for number, row in submitted:
            name = row["sh_name"]
            if not name:
                problems.append(InputProblem(f"Stakeholder {number} has no name: name it or "
                                             "clear the row.", number, "Stakeholder"))
            if row["sh_helix"] not in HELIX:
                problems.append(InputProblem(f"Stakeholder {number} ({name or 'unnamed'}): "
                                             "choose its helix strand.", number, "Helix"))
            scores = {}
            for field, label in (("sh_power", "Power"), ("sh_interest", "Interest")):
                value = parse_number(row[field], number, label, problems=problems)
                if value is not None and (value not in (1, 2, 3, 4, 5)):
                    problems.append(InputProblem(f"Stakeholder {number} ({name or 'unnamed'}): "
                                                 f"{label.lower()} is {value:g}; score it as a "
                                                 "whole number from 1 (very low) to 5 (very "
                                                 "high).", number, label))
                scores[field] = int(value) if value is not None else 0
            note = notes[number - 1] if number - 1 < len(notes) else ""
            stakeholders.append({"name": name, "helix": row["sh_helix"], "power":
                                 scores["sh_power"], "interest": scores["sh_interest"],
                                 "note": clean_text(note, 300)})
        tiers = []
        members, fees = values(form, "tier_members"), values(form, "tier_fee")
        for index, tier in enumerate(options.get("fee_tiers") or [], start=1):
            label = f"{tier['name']}: members"
            count = parse_number((members[index - 1] if index - 1 < len(members) else "") or "0",
                                 index, label, problems=problems)
            if count is not None and not float(count).is_integer():
                problems.append(InputProblem(f"Tier {tier['name']}: enter a whole number of "
                                             "members.", index, label))
            raw_fee = fees[index - 1] if index - 1 < len(fees) and fees[index - 1].strip() else ""
            fee = (parse_number(raw_fee, index, f"{tier['name']}: annual fee", problems=problems)
                   if raw_fee else float(tier["fee"]))
            tiers.append({"name": tier["name"], "members": int(count or 0), "fee": fee or 0.0})
        if not stakeholders and not any(tier["members"] for tier in tiers):
            problems.append(InputProblem("Enter at least one stakeholder with its helix, power "
                                         "and interest.", None, "Stakeholders"))
        check_problems(problems)
        return {"stakeholders": stakeholders, "tiers": tiers}

    def compute(self, inputs: dict, options: dict) -> dict:
        """Each stakeholder's quadrant and borderline flags; the fee tiers' income if any."""
        high = int(options.get("high_from", 4))
        placed = []
        for number, s in enumerate(inputs["stakeholders"], start=1):
            power_high, interest_high = s["power"] >= high, s["interest"] >= high
            quadrant = QUADRANTS[(0 if interest_high else 1) if power_high else
                                 (2 if interest_high else 3)]
            placed.append({**s, "number": number, "quadrant": quadrant,
                           "borderline": [axis for axis in ("power", "interest")
                                          if s[axis] == high - 1]})
        counts = {q: sum(1 for s in placed if s["quadrant"] == q) for q in QUADRANTS}
        helix = {key: sum(1 for s in placed if s["helix"] == key) for key in HELIX}
        return {"high_from": high, "stakeholders": placed, "quadrants": counts, "helix": helix,
                "fees": fee_income(inputs["tiers"])}

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """Rows of stakeholder fields, then members and fee per tier if the options set tiers."""
        return output.render_form(self.name, inputs, options, problems)

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """The grid as SVG beside the table of stakeholders, and the fee tiers check."""
        return output.render_results(results)

    def summary(self, results: dict) -> str:
        """E.g. '10 stakeholders: 2 manage closely, 2 keep satisfied, 3 keep informed, ...'."""
        counts = results["quadrants"]
        text = (f"{len(results['stakeholders'])} stakeholders: "
                + ", ".join(f"{counts[q]} {q.lower()}" for q in QUADRANTS))
        if results["fees"]:
            text += f"; fee income {output.fmt(results['fees']['income'])}"
        return text

    def export_csv(self, inputs: dict, results: dict) -> str:
        """One row per stakeholder with its quadrant; the tiers below if any."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Number", "Stakeholder", "Helix", "Power", "Interest", "Quadrant",
                         "Borderline", "Reason"])
        for s in results["stakeholders"]:
            writer.writerow([s["number"], output.csv_safe(s["name"]), HELIX[s["helix"]],
                             s["power"], s["interest"], s["quadrant"], " ".join(s["borderline"]),
                             output.csv_safe(s["note"])])
        if results["fees"]:
            writer.writerow([])
            writer.writerow(["Tier", "Members", "Annual fee (EUR)", "Income (EUR)",
                             "Share of fee income (%)"])
            for t in results["fees"]["tiers"]:
                writer.writerow([output.csv_safe(t["name"]), t["members"], t["fee"], t["income"],
                                 round(100 * t["share"], 6)])
        return out.getvalue()

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """Stakeholders with quadrant formulas; tiers with income formulas."""
        return output.export_xlsx(inputs, int(options.get("high_from", 4)))
