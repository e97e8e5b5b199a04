"""The stakeholder map's form, power/interest grid (SVG), tables and XLSX export."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from markupsafe import Markup

from .base import InputProblem
from .forms import number_text
from .html import fmt, problems_list, section, select, table, text_input
from .svg import figure, svg
from .xlsx import BOLD, csv_safe, header, new_book, put_text, to_bytes

__all__ = ["HELIX", "QUADRANTS", "csv_safe", "export_xlsx", "fmt", "render_form",
           "render_results"]

HELIX = {"industry": "Industry", "research": "Research", "government": "Government",
         "civil-society": "Civil society", "other": "Other"}
QUADRANTS = ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")
SCORES = [("", "–"), *((str(n), str(n)) for n in range(1, 6))]


def _fields(inputs: dict | None) -> dict[str, list[str]]:
    if not inputs:
        return {}
    if "form" in inputs:
        return cast("dict[str, list[str]]", inputs["form"])
    rows = inputs.get("stakeholders", [])
    return {"sh_name": [s["name"] for s in rows], "sh_helix": [s["helix"] for s in rows],
            "sh_power": [str(s["power"]) for s in rows],
            "sh_interest": [str(s["interest"]) for s in rows],
            "sh_note": [s["note"] for s in rows],
            "tier_members": [str(t["members"]) for t in inputs.get("tiers", [])],
            "tier_fee": [number_text(t["fee"]) for t in inputs.get("tiers", [])]}


def render_form(tool: str, inputs: dict | None, options: dict,
                problems: list[InputProblem] | None) -> Markup:
    """Rows of stakeholder fields, then members and fee per tier if the options set tiers."""
    fields = _fields(inputs)

    def get(name: str, index: int) -> str:
        found = fields.get(name) or []
        return found[index] if index < len(found) else ""

    high = int(options.get("high_from", 4))
    count = min(max(len(fields.get("sh_name", [])) + 3, 8), 60)
    helix = [("", "Choose…"), *HELIX.items()]
    parts = [problems_list(problems), Markup(
        '<div class="tool-table-wrap"><table class="tool-rows"><caption>Stakeholders: power and '
        'interest from 1 (very low) to 5 (very high); {} and above count as high</caption>'
        '<thead><tr><th scope="col">Stakeholder</th><th scope="col">Helix</th>'
        '<th scope="col">Power</th><th scope="col">Interest</th>'
        '<th scope="col">Reason for the scores</th></tr></thead><tbody>').format(high)]
    for i in range(count):
        n = i + 1
        parts.append(Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>")
                     .format(
            text_input(tool, "sh_name", f"Stakeholder {n}: name", get("sh_name", i), index=n,
                       visible_label=False),
            select(tool, "sh_helix", f"Stakeholder {n}: helix", helix, get("sh_helix", i),
                   index=n, visible_label=False),
            select(tool, "sh_power", f"Stakeholder {n}: power", SCORES, get("sh_power", i),
                   index=n, visible_label=False),
            select(tool, "sh_interest", f"Stakeholder {n}: interest", SCORES,
                   get("sh_interest", i), index=n, visible_label=False),
            text_input(tool, "sh_note", f"Stakeholder {n}: reason", get("sh_note", i), index=n,
                       visible_label=False)))
    parts.append(Markup("</tbody></table></div>"))
    tiers = options.get("fee_tiers") or []
    if tiers:
        rows = [Markup('<div class="tool-table-wrap"><table class="tool-rows"><caption>Membership '
                       'fee tiers: members in each tier at the end of the year</caption><thead>'
                       '<tr><th scope="col">Tier</th><th scope="col">Members</th>'
                       '<th scope="col">Annual fee (EUR)</th></tr></thead><tbody>')]
        for i, tier in enumerate(tiers):
            n = i + 1
            rows.append(Markup('<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>').format(
                tier["name"],
                text_input(tool, "tier_members", f"{tier['name']}: members",
                           get("tier_members", i), index=n, visible_label=False),
                text_input(tool, "tier_fee", f"{tier['name']}: annual fee in EUR",
                           get("tier_fee", i) or number_text(tier["fee"]), index=n,
                           visible_label=False)))
        rows.append(Markup("</tbody></table></div>"))
        parts.append(section("Membership fees", Markup("").join(rows)))
    return Markup("").join(parts)


def render_results(results: dict) -> Markup:
    """The grid beside the table of stakeholders; the helix balance; the fee tiers check."""
    people = results["stakeholders"]
    data = table("Stakeholders by quadrant",
                 ["No.", "Stakeholder", "Helix", "Power", "Interest", "Quadrant"],
                 [[s["number"], s["name"], HELIX[s["helix"]], s["power"], s["interest"],
                   s["quadrant"] + (" (borderline " + " and ".join(s["borderline"]) + ")"
                                    if s["borderline"] else "")]
                  for s in sorted(people, key=lambda s: (QUADRANTS.index(s["quadrant"]),
                                                         s["number"]))], numeric_from=3)
    counts = results["quadrants"]
    desc = (", ".join(f"{counts[q]} to {q.lower()}" for q in QUADRANTS) + ". "
            + "; ".join(f"{s['number']}. {s['name']}: power {s['power']}, interest "
                        f"{s['interest']}" for s in people))
    parts = [section("Power and interest grid", figure(grid(people, results["high_from"], desc),
                                                       data))]
    helix = results["helix"]
    parts.append(section("Helix balance", table(
        "Stakeholders per helix strand", ["Strand", "Stakeholders"],
        [[HELIX[k], v] for k, v in helix.items()])))
    if results["fees"]:
        parts.append(section("Membership fee tiers", _fees(results["fees"])))
    return Markup("").join(parts)


def grid(people: list[dict], high: int, desc: str) -> Markup:
    """The power/interest grid: interest across, power up, a numbered dot per stakeholder."""
    left, top, size = 44.0, 8.0, 300.0
    cell = size / 5

    def x(interest: float) -> float:
        return left + (interest - 0.5) * cell

    def y(power: float) -> float:
        return top + (5.5 - power) * cell

    split_x, split_y = x(high - 0.5), y(high - 0.5)
    quads = [(split_x, top, left + size - split_x, split_y - top, "Manage closely", True),
             (left, top, split_x - left, split_y - top, "Keep satisfied", False),
             (split_x, split_y, left + size - split_x, top + size - split_y, "Keep informed",
              False),
             (left, split_y, split_x - left, top + size - split_y, "Monitor", False)]
    parts = []
    for qx, qy, w, h, label, manage in quads:
        parts.append(Markup('<rect class="tool-quadrant{}" x="{}" y="{}" width="{}" height="{}"/>'
                            '<text class="tool-quadrant-label" x="{}" y="{}">{}</text>').format(
            Markup(" tool-quadrant--manage") if manage else Markup(""), _n(qx), _n(qy), _n(w),
            _n(h), _n(qx + 4), _n(qy + 14), label))
    for score in range(1, 6):
        parts.append(Markup('<text class="tool-chart-value" x="{}" y="{}" text-anchor="middle">'
                            '{}</text><text class="tool-chart-value" x="{}" y="{}" '
                            'text-anchor="end">{}</text>').format(
            _n(x(score)), _n(top + size + 14), score, _n(left - 6), _n(y(score) + 4), score))
    parts.append(Markup('<text class="tool-chart-text" x="{}" y="{}" text-anchor="middle">'
                        'Interest</text><text class="tool-chart-text" x="12" y="{}" '
                        'text-anchor="middle" transform="rotate(-90 12 {})">Power</text>').format(
        _n(left + size / 2), _n(top + size + 32), _n(top + size / 2), _n(top + size / 2)))
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    offsets = [(0, 0), (-15, -12), (15, -12), (-15, 12), (15, 12), (0, -20), (0, 20), (-20, 0),
               (20, 0)]
    for s in people:
        key = (s["interest"], s["power"])
        k = crowd[key]
        crowd[key] += 1
        dx, dy = offsets[k % len(offsets)]
        cx, cy = x(s["interest"]) + dx, y(s["power"]) + dy
        border = Markup(" tool-dot--borderline") if s["borderline"] else Markup("")
        parts.append(Markup('<circle class="tool-dot{}" cx="{}" cy="{}" r="9"/>'
                            '<text class="tool-dot-text" x="{}" y="{}" text-anchor="middle">{}'
                            '</text>').format(border, _n(cx), _n(cy), _n(cx), _n(cy + 3.5),
                                              s["number"]))
    return svg("Power and interest grid",
               "Stakeholders placed by interest (across) and power (up), numbered as in the "
               f"table; borderline scores in orange. {desc}", Markup("").join(parts),
               left + size + 8, top + size + 40)


def _fees(fees: dict) -> Markup:
    rows = [[t["name"], fmt(t["members"]), fmt(t["fee"]), fmt(t["income"]),
             fmt(100 * t["share"], 1)] for t in fees["tiers"]]
    body = table("Membership income: members × annual fee, summed over the tiers",
                 ["Tier", "Members", "Annual fee (EUR)", "Income (EUR)",
                  "Share of fee income (%)"], rows,
                 footer=["Total", fmt(fees["members"]), "", fmt(fees["income"]), "100.0"])
    notes = []
    if fees["average"] is not None:
        notes.append(f"Average fee per member: EUR {fmt(fees['average'], 2)}.")
    top = fees["top"]
    if top["names"]:
        notes.append(f"The highest-fee tiers ({', '.join(top['names'])}) are {top['members']} of "
                     f"{fees['members']} members ({fmt(100 * top['member_share'], 1)}%) and bring "
                     f"{fmt(top['income'])}, {fmt(100 * top['share'], 1)}% of fee income.")
    one = fees["one_top_equals"]
    if one:
        notes.append(f"Losing one {one['top']} member costs as much as losing "
                     f"{fmt(one['count'], 1)} {one['low']} members.")
    notes.append("Income on paper: it assumes every member pays the full fee for the whole year.")
    return body + Markup("").join(Markup("<p>{}</p>").format(n) for n in notes)


def export_xlsx(inputs: dict, high: int) -> bytes:
    """Stakeholders with a quadrant formula; fee tiers with income formulas."""
    book, sheet = new_book("Stakeholders")
    header(sheet, 1, ["Number", "Stakeholder", "Helix", "Power", "Interest", "Quadrant",
                      "Reason", "High from"], [8, 36, 16, 8, 8, 18, 40, 10])
    sheet["I1"] = high
    for offset, s in enumerate(inputs["stakeholders"]):
        r = 2 + offset
        sheet.cell(row=r, column=1, value=offset + 1)
        put_text(sheet, r, 2, s["name"])
        sheet.cell(row=r, column=3, value=HELIX[s["helix"]])
        sheet.cell(row=r, column=4, value=s["power"])
        sheet.cell(row=r, column=5, value=s["interest"])
        sheet.cell(row=r, column=6, value=(
            f'=IF(D{r}>=$I$1,IF(E{r}>=$I$1,"Manage closely","Keep satisfied"),'
            f'IF(E{r}>=$I$1,"Keep informed","Monitor"))'))
        put_text(sheet, r, 7, s["note"])
    tiers = inputs.get("tiers") or []
    if tiers:
        fees = book.create_sheet("Fee tiers")
        header(fees, 1, ["Tier", "Members", "Annual fee (EUR)", "Income (EUR)",
                         "Share of fee income (%)"], [24, 10, 16, 16, 22])
        last = 1 + len(tiers)
        total = last + 1
        for offset, t in enumerate(tiers):
            r = 2 + offset
            put_text(fees, r, 1, t["name"])
            fees.cell(row=r, column=2, value=t["members"])
            fees.cell(row=r, column=3, value=t["fee"])
            fees.cell(row=r, column=4, value=f"=B{r}*C{r}")
            fees.cell(row=r, column=5, value=f"=IF(D${total}>0,D{r}/D${total}*100,0)")
        fees.cell(row=total, column=1, value="Total").font = BOLD
        fees.cell(row=total, column=2, value=f"=SUM(B2:B{last})")
        fees.cell(row=total, column=4, value=f"=SUM(D2:D{last})")
        fees.cell(row=total + 1, column=1, value="Average fee per member (EUR)").font = BOLD
        fees.cell(row=total + 1, column=4, value=f'=IF(B{total}>0,D{total}/B{total},"")')
    return to_bytes(book)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
