"""Recompute the worked numbers in modules 3 (economics) and 4 (strategy) of the
cluster-management course and compare them with what the lessons state.

The tests read the Markdown and TOML files themselves: every table or sentence
they check is located by a heading or phrase that the lesson controls, the
inputs are parsed from the text, the results are recomputed with exact
fractions, and the stated results must match. A change to an input in a lesson
without a matching change to its stated results makes a test fail.

Pure Python: no import from the application.
"""

from __future__ import annotations

import math
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from tests.content.lesson_numbers import num, rounded, table_under

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "cluster-management"
ECON = COURSE / "03-economics"
STRAT = COURSE / "04-strategy"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def keyed(rows: list[list[str]]) -> dict[str, str]:
    """Two-column table (label | value) as a dict, header row skipped."""
    return {r[0]: r[1] for r in rows[1:]}




def decimals(cell: str) -> int:
    s = cell.replace("*", "").replace("%", "").replace(",", "").strip()
    return len(s.split(".")[1]) if "." in s else 0


def pct(part: Fraction, whole: Fraction) -> Fraction:
    return part / whole * 100


def break_even(fixed: Fraction, price: Fraction, variable: Fraction) -> tuple[Fraction, int]:
    margin = price - variable
    assert margin > 0, "no break-even when the margin is not positive"
    exact = fixed / margin
    return exact, math.ceil(exact)


def find(pattern: str, text: str) -> re.Match[str]:
    m = re.search(pattern, text)
    assert m, f"pattern not found in lesson: {pattern}"
    return m


# --------------------------------------------------------------------------
# Module 3, lesson "Where the money comes from": revenue mix
# --------------------------------------------------------------------------

PRIVATE_FUNDERS = {"Members", "Member and non-member firms"}


def revenue_mix() -> tuple[list[tuple[str, str, Fraction, str]], Fraction, str]:
    rows = table_under(read(ECON / "revenue-mix.md"), "### Revenue mix table")
    header, body = rows[0], rows[1:]
    assert header == ["Income source", "Funder", "Amount (EUR)", "Share of total"]
    lines = [(r[0], r[1], num(r[2]), r[3]) for r in body if "Total" not in r[0]]
    (total_row,) = [r for r in body if "Total" in r[0]]
    return lines, num(total_row[2]), total_row[3]


def test_revenue_mix_total_and_shares():
    lines, stated_total, stated_total_share = revenue_mix()
    assert len(lines) == 6
    total = sum(amount for _, _, amount, _ in lines)
    assert total == stated_total == 850_000
    assert num(stated_total_share) == 100
    for source, _, amount, stated in lines:
        assert decimals(stated) == 1, source
        assert rounded(pct(amount, total), 1) == num(stated), source


def test_revenue_mix_covers_the_four_sources_and_three_programme_levels():
    lines, _, _ = revenue_mix()
    sources = " ".join(source.lower() for source, *_ in lines)
    for word in ("core funding", "membership fees", "paid services", "regional", "national", "eu"):
        assert word in sources, word


def test_revenue_mix_rounding_note_matches_the_table():
    text = read(ECON / "revenue-mix.md")
    lines, _, _ = revenue_mix()
    stated_sum = sum(num(share) for *_, share in lines)
    m = find(r"rounded shares add up to ([\d.]+)% rather than", text)
    assert Fraction(m.group(1)) == stated_sum


def test_public_and_private_income():
    lines, total, _ = revenue_mix()
    rows = table_under(read(ECON / "revenue-mix.md"), "### Public and private income")
    assert rows[0] == ["Group", "Sources", "Amount (EUR)", "Share of total"]
    by_group = {r[0]: (num(r[2]), num(r[3])) for r in rows[1:]}
    assert set(by_group) == {"Public", "Private"}
    public = sum(a for _, funder, a, _ in lines if funder not in PRIVATE_FUNDERS)
    private = sum(a for _, funder, a, _ in lines if funder in PRIVATE_FUNDERS)
    assert public + private == total
    assert by_group["Public"] == (public, rounded(pct(public, total), 1))
    assert by_group["Private"] == (private, rounded(pct(private, total), 1))


def test_regional_government_dependence_stated_in_revenue_lesson():
    text = read(ECON / "revenue-mix.md")
    lines, total, _ = revenue_mix()
    regional = sum(a for _, funder, a, _ in lines if funder == "Regional government")
    m = find(r"Together it pays ([\d,]+), which is ([\d.]+)% of total income", text)
    assert num(m.group(1)) == regional
    assert num(m.group(2)) == rounded(pct(regional, total), 1)


# --------------------------------------------------------------------------
# Module 3, lesson "Cost structure and break-even"
# --------------------------------------------------------------------------


def cost_table() -> tuple[list[tuple[str, str, Fraction]], Fraction]:
    rows = table_under(read(ECON / "costs-and-break-even.md"), "### Worked example: cost structure")
    assert rows[0] == ["Cost item", "Type", "Amount (EUR)"]
    items = [(r[0], r[1], num(r[2])) for r in rows[1:] if "Total" not in r[0]]
    (total_row,) = [r for r in rows[1:] if "Total" in r[0]]
    return items, num(total_row[2])


def test_cost_structure_summary():
    items, stated_total = cost_table()
    total = sum(a for *_, a in items)
    assert total == stated_total
    fixed = sum(a for _, kind, a in items if kind == "Fixed")
    staff = sum(a for name, _, a in items if name.startswith("Staff"))
    _, income, _ = revenue_mix()
    lesson = read(ECON / "costs-and-break-even.md")
    summary = keyed(table_under(lesson, "### Cost structure summary"))
    assert num(summary["Total costs (EUR)"]) == total
    assert num(summary["Fixed costs (EUR)"]) == fixed
    assert num(summary["Fixed costs as a share of total costs"]) == rounded(pct(fixed, total), 1)
    assert num(summary["Staff costs as a share of total costs"]) == rounded(pct(staff, total), 1)
    assert num(summary["Income (EUR)"]) == income
    assert num(summary["Surplus (EUR)"]) == income - total
    assert num(summary["Surplus as a share of income"]) == rounded(pct(income - total, income), 1)
    assert num(summary["Fixed costs per month (EUR)"]) == fixed / 12


@pytest.mark.parametrize(
    ("heading", "unit"),
    [
        ("### Break-even inputs: digital readiness audit", "audit"),
        ("### Break-even inputs: audit at the member price", "audit"),
        ("### Break-even inputs: membership", "member"),
    ],
)
def test_break_even_tables(heading, unit):
    table = keyed(table_under(read(ECON / "costs-and-break-even.md"), heading))

    def value(prefix: str) -> str:
        (key,) = [k for k in table if k.startswith(prefix)]
        return table[key]

    fixed = num(value("Fixed costs"))
    price = num(value("Price per") if unit == "audit" else value("Average annual fee"))
    variable = num(value("Variable cost per"))
    exact, whole = break_even(fixed, price, variable)
    assert num(value("Contribution margin per")) == price - variable
    stated_exact = value("Break-even before rounding")
    assert num(stated_exact) == rounded(exact, decimals(stated_exact))
    assert num(value("Break-even (")) == whole
    # Rounding up really covers the fixed costs, and one unit fewer does not.
    assert whole * (price - variable) >= fixed
    assert (whole - 1) * (price - variable) < fixed


def test_break_even_check_and_text_claims():
    text = read(ECON / "costs-and-break-even.md")
    audit = keyed(table_under(text, "### Break-even inputs: digital readiness audit"))
    fixed = num(audit["Fixed costs per year (EUR)"])
    price = num(audit["Price per audit (EUR)"])
    variable = num(audit["Variable cost per audit (EUR)"])
    units = num(audit["Break-even (audits, rounded up)"])
    m = find(r"45 audits bring in 45 × 1,250 = ([\d,]+)\. Costs are 36,000 \+ 45 × 450 = "
             r"36,000 \+ ([\d,]+) = ([\d,]+)\.", text)
    assert num(m.group(1)) == units * price
    assert num(m.group(2)) == units * variable
    assert num(m.group(3)) == fixed + units * variable == units * price

    member = keyed(table_under(text, "### Break-even inputs: audit at the member price"))
    margin = num(member["Contribution margin per audit (EUR)"])
    m = find(r"With 51 audits the contribution is 51 × 700 = ([\d,]+), which leaves ([\d,]+) of "
             r"fixed costs uncovered; 52 audits contribute ([\d,]+)\.", text)
    assert num(m.group(1)) == 51 * margin
    assert num(m.group(2)) == fixed - 51 * margin
    assert num(m.group(3)) == 52 * margin


def test_membership_break_even_at_todays_average_fee():
    text = read(ECON / "costs-and-break-even.md")
    lines, _, _ = revenue_mix()
    (fees,) = [a for source, _, a, _ in lines if source.startswith("Membership fees")]
    revenue_lesson = read(ECON / "revenue-mix.md")
    members = int(find(r"Membership fees \((\d+) members\)", revenue_lesson).group(1))
    table = keyed(table_under(text, "### Break-even inputs: membership"))
    fixed = num(table["Fixed costs of the membership programme per year (EUR)"])
    variable = num(table["Variable cost per member per year (EUR)"])
    avg_fee = fees / members
    exact, whole = break_even(fixed, avg_fee, variable)
    m = find(r"it is ([\d,]+) ÷ (\d+) = ([\d,.]+)\. At that fee the margin is [\d,.]+ − \d+ = "
             r"([\d,.]+), and the break-even is [\d,]+ ÷ [\d,.]+ = ([\d.]+), rounded up to "
             r"\*\*(\d+) members\*\*", text)
    assert num(m.group(1)) == fees and int(m.group(2)) == members
    assert num(m.group(3)) == rounded(avg_fee, 2)
    assert num(m.group(4)) == rounded(avg_fee - variable, 2)
    assert num(m.group(5)) == rounded(exact, 2)
    assert int(m.group(6)) == whole
    m = find(r"or recruit (\d+) more members", text)
    assert int(m.group(1)) == whole - members


# --------------------------------------------------------------------------
# Module 3, lesson "Dependence on one funder"
# --------------------------------------------------------------------------


def funder_totals() -> tuple[dict[str, Fraction], Fraction]:
    lines, total, _ = revenue_mix()
    by_funder: dict[str, Fraction] = {}
    for _, funder, amount, _ in lines:
        by_funder[funder] = by_funder.get(funder, Fraction(0)) + amount
    return by_funder, total


def test_income_by_funder_table_matches_revenue_mix():
    by_funder, total = funder_totals()
    rows = table_under(read(ECON / "funding-risk.md"), "### Income by funder")
    body = [r for r in rows[1:] if "Total" not in r[0]]
    (total_row,) = [r for r in rows[1:] if "Total" in r[0]]
    assert {r[0] for r in body} == set(by_funder)
    for funder, _, amount, share in body:
        assert num(amount) == by_funder[funder], funder
        assert num(share) == rounded(pct(by_funder[funder], total), 1), funder
    assert num(total_row[2]) == total


def test_concentration_measures():
    by_funder, total = funder_totals()
    text = read(ECON / "funding-risk.md")
    shares = {f: a / total for f, a in by_funder.items()}
    hhi = sum(s * s for s in shares.values())

    # The table of squared shares has no heading of its own; find it by its header row.
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Funder | Share (decimal)"))
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        funder, share, squared = (c.strip() for c in line.strip().strip("|").split("|"))
        assert num(share) == rounded(shares[funder], 5), funder
        assert num(squared) == rounded(shares[funder] ** 2, 5), funder

    results = keyed(table_under(text, "### Concentration results"))
    largest = max(by_funder.values())
    assert num(results["Largest funder share"]) == rounded(pct(largest, total), 1)
    assert num(results["HHI (funders)"]) == rounded(hhi, 4)
    assert num(results["Effective number of funders (1 ÷ HHI)"]) == rounded(1 / hhi, 1)
    m = find(r"Its inverse is 1 ÷ 0\.2735 = ([\d.]+)", text)
    assert Fraction(m.group(1)) == rounded(1 / hhi, 3)
    # The note about squaring rounded percentages instead.
    m = find(r"square the rounded percentages instead, you may get ([\d.]+)", text)
    rounded_pcts = [rounded(pct(a, total), 1) / 100 for a in by_funder.values()]
    assert Fraction(m.group(1)) == rounded(sum(p * p for p in rounded_pcts), 4)


def test_stress_test():
    text = read(ECON / "funding-risk.md")
    st = keyed(table_under(text, "### Stress test results"))
    lines, total, _ = revenue_mix()
    (core,) = [a for source, _, a, _ in lines if source == "Public core funding"]
    items, costs_total = cost_table()
    fixed = sum(a for _, kind, a in items if kind == "Fixed")
    cut_line = num(st["Income line that is cut: regional core funding (EUR)"])
    cut = num(st["Cut"]) / 100
    assert cut_line == core
    lost = cut_line * cut
    before = total - costs_total
    after = before - lost
    monthly = fixed / 12
    reserves = num(st["Reserves (EUR)"])
    assert num(st["Lost income (EUR)"]) == lost
    assert num(st["Lost income as a share of total income"]) == rounded(pct(lost, total), 1)
    assert num(st["Result before the cut (EUR)"]) == before
    assert num(st["Result after the cut (EUR)"]) == after
    assert num(st["Fixed costs per month (EUR)"]) == monthly
    assert num(st["Reserves in months of fixed costs"]) == rounded(reserves / monthly, 1)
    assert after < 0
    assert num(st["Years the reserves cover the new deficit"]) == rounded(reserves / -after, 1)


# --------------------------------------------------------------------------
# Module 3, lesson "The cluster life cycle"
# --------------------------------------------------------------------------


def test_life_cycle_mix_columns_add_to_100():
    text = read(ECON / "life-cycle.md")
    rows = table_under(text, "### Illustrative revenue mix by life-cycle stage")
    header = rows[0]
    assert header[1:] == ["Emergence", "Growth", "Maturity", "Renewal"]
    body = {r[0]: [num(c) for c in r[1:]] for r in rows[1:] if "Total" not in r[0]}
    totals = [num(c) for c in next(r for r in rows[1:] if "Total" in r[0])[1:]]
    for col in range(4):
        assert sum(v[col] for v in body.values()) == totals[col] == 100, header[col + 1]
    private = [body["Membership fees"][c] + body["Paid services"][c] for c in range(4)]
    m = find(r"together they go from (\d+)% in emergence to (\d+)% in growth and (\d+)% in "
             r"maturity\. In renewal they fall back to (\d+)%", text)
    assert [Fraction(g) for g in m.groups()] == private


# --------------------------------------------------------------------------
# Module 3, practical case
# --------------------------------------------------------------------------


def test_case_numbers():
    # the inputs from the case, the results from its trainer-only teaching notes
    text = read(ECON / "case-start-up-grant-ends.md") + "\n" + read(
        ECON / "case-start-up-grant-ends-notes.md")

    income_rows = table_under(text, "### Income last year")[1:]
    income = {r[0]: (r[1], num(r[2])) for r in income_rows if "Total" not in r[0]}
    income_total = num(next(r for r in income_rows if "Total" in r[0])[2])
    assert sum(a for _, a in income.values()) == income_total

    member_rows = table_under(text, "### Members and fees")[1:]
    tiers = [(r[0], int(num(r[1])), num(r[2]), num(r[3]))
             for r in member_rows if "Total" not in r[0]]
    member_total = next(r for r in member_rows if "Total" in r[0])
    for name, count, fee, fee_income in tiers:
        assert count * fee == fee_income, name
    assert sum(c for _, c, _, _ in tiers) == num(member_total[1])
    assert sum(i for *_, i in tiers) == num(member_total[3])
    (fees_line,) = [a for k, (_, a) in income.items() if k.startswith("Membership fees")]
    assert fees_line == num(member_total[3])

    cost_rows = table_under(text, "### Costs last year")[1:]
    costs = [(r[0], r[1], num(r[2])) for r in cost_rows if "Total" not in r[0]]
    cost_total = num(next(r for r in cost_rows if "Total" in r[0])[2])
    assert sum(a for *_, a in costs) == cost_total
    surplus = num(find(r"closed with a surplus of ([\d,]+)", text).group(1))
    assert surplus == income_total - cost_total

    fixed = sum(a for _, kind, a in costs if kind == "Fixed")
    reserves = num(find(r"\*\*reserves of ([\d,]+)\*\*", text).group(1))
    first_year = find(r"\*\*(\d+)% of the fixed \(core\) costs in the first year\*\*", text)
    first_year_rate = num(first_year.group(1)) / 100
    audit_fixed = num(find(r"fixed costs of ([\d,]+) a year \(staff time", text).group(1))
    audit_var = num(find(r"a variable cost of ([\d,]+) per audit", text).group(1))
    audit_price = num(find(r"price of \*\*([\d,]+)\*\* per audit", text).group(1))
    audit_member = num(find(r"and \*\*([\d,]+)\*\* for members", text).group(1))
    reform = find(r"\*\*([\d,]+)\*\* for large firms, \*\*([\d,]+)\*\* for small and medium-sized "
                  r"firms and \*\*([\d,]+)\*\* for micro firms", text)
    new_fees = [num(g) for g in reform.groups()]
    interreg = find(r"Its eligible costs are ([\d,]+) a year.*?reimburses (\d+)% of eligible costs",
                    text)
    eligible, rate = num(interreg.group(1)), num(interreg.group(2)) / 100
    (interreg_income,) = [a for k, (_, a) in income.items() if k.startswith("Interreg")]
    assert eligible * rate == interreg_income

    by_funder: dict[str, Fraction] = {}
    for funder, amount in income.values():
        by_funder[funder] = by_funder.get(funder, Fraction(0)) + amount
    hhi = sum((a / income_total) ** 2 for a in by_funder.values())

    def share_of(prefix: str) -> Fraction:
        (a,) = [a for k, (_, a) in income.items() if k.startswith(prefix)]
        return rounded(pct(a, income_total), 1)

    results = keyed(table_under(text, "### Case results"))
    expected = {
        "Total income (EUR)": income_total,
        "Start-up grant share of total income": share_of("Start-up grant"),
        "Membership fees share of total income": share_of("Membership fees"),
        "Paid services share of total income": share_of("Paid services"),
        "Interreg project share of total income": share_of("Interreg"),
        "Largest funder share": rounded(pct(max(by_funder.values()), income_total), 1),
        "HHI (funders)": rounded(hhi, 4),
        "Effective number of funders": rounded(1 / hhi, 1),
        "Fixed costs per year (EUR)": fixed,
        "Fixed costs per month (EUR)": fixed / 12,
        "Reserves in months of fixed costs": rounded(reserves / (fixed / 12), 1),
        "Follow-up funding in the first year after the grant (EUR)": fixed * first_year_rate,
        "Fixed costs left to cover in the first year after the grant (EUR)":
            fixed * (1 - first_year_rate),
        "Fee income after the reform if all members stay (EUR)":
            sum(count * fee for (_, count, _, _), fee in zip(tiers, new_fees, strict=True)),
        "Break-even audits at 2,400": break_even(audit_fixed, audit_price, audit_var)[1],
        "Break-even audits at 2,100": break_even(audit_fixed, audit_member, audit_var)[1],
        "Own co-financing of the Interreg project per year (EUR)": eligible * (1 - rate),
    }
    assert audit_price == 2400 and audit_member == 2100  # the labels name these prices
    assert set(results) == set(expected)
    for label, value in expected.items():
        assert num(results[label]) == value, label

    # The explanations under the results table.
    m = find(r"In the second year the programme pays 40% \(([\d,]+)\) and ([\d,]+) is left; in the "
             r"third year 30% \(([\d,]+)\) and ([\d,]+) is left", text)
    assert [num(g) for g in m.groups()] == [
        fixed * Fraction(40, 100), fixed * Fraction(60, 100),
        fixed * Fraction(30, 100), fixed * Fraction(70, 100),
    ]
    old_fees = sum(fee_income for *_, fee_income in tiers)
    new_total = expected["Fee income after the reform if all members stay (EUR)"]
    m = find(r"an increase of ([\d,]+)\. If (\d+) of the (\d+) micro firms left, fee income would "
             r"fall by ([\d,]+) to ([\d,]+)\.", text)
    leavers, micro_count = int(m.group(2)), int(m.group(3))
    assert num(m.group(1)) == new_total - old_fees
    assert micro_count == tiers[2][1] and leavers * 4 == micro_count
    assert num(m.group(4)) == leavers * new_fees[2]
    assert num(m.group(5)) == new_total - leavers * new_fees[2]

    # The reform raises each category by a different proportion; the text must say by how much.
    m = find(r"large firms \+(\d+)% \(([\d,]+) to ([\d,]+)\), small and medium-sized firms "
             r"\+(\d+)% \(([\d,]+) to ([\d,]+)\), micro firms and start-ups \+([\d.]+)% "
             r"\(([\d,]+) to ([\d,]+)\)", text)
    stated = [m.groups()[i:i + 3] for i in (0, 3, 6)]
    rises = set()
    for (rise, old, new), (_, _, old_fee, _), new_fee in zip(stated, tiers, new_fees, strict=True):
        assert (num(old), num(new)) == (old_fee, new_fee)
        assert num(rise) == rounded(pct(new_fee - old_fee, old_fee), decimals(rise))
        rises.add(num(rise))
    assert len(rises) == 3  # not "the same proportion for every category"


# --------------------------------------------------------------------------
# Module 3 quiz: numeric answers recomputed from the prompts
# --------------------------------------------------------------------------


def quiz(path: Path) -> dict[str, dict]:
    data = tomllib.loads(read(path))
    return {q["slug"]: q for q in data["questions"]}


# The module 3 quiz draws its calculations from pools on fresh data: they are recomputed,
# question by question, in test_course_quiz_transfer.py.


# --------------------------------------------------------------------------
# Module 4: KPI progress review, case and quiz
# --------------------------------------------------------------------------


def test_kpi_progress_review():
    text = read(STRAT / "action-plan-and-kpis.md")
    rows = table_under(text, "### KPI progress review")
    header = rows[0]
    assert header == ["Objective", "KPI", "Baseline (2024)", "Target", "Target year",
                      "Value end of 2026", "Progress", "Time elapsed"]
    start_year, review_year = 2025, 2026
    for r in rows[1:]:
        baseline, target, year, current = num(r[2]), num(r[3]), int(r[4]), num(r[5])
        progress = pct(current - baseline, target - baseline)
        elapsed = pct(Fraction(review_year - start_year + 1), Fraction(year - start_year + 1))
        assert num(r[6]) == rounded(progress, 1), r[0]
        assert num(r[7]) == rounded(elapsed, 1), r[0]


def test_strategy_case_progress():
    text = read(STRAT / "case-strategy-nobody-reads.md") + "\n" + read(
        STRAT / "case-strategy-nobody-reads-notes.md")
    target = num(find(r"Support (\d+) SMEs to become export-ready by 2024", text).group(1))
    now, baseline = find(r"(\d+) SMEs are now export-ready by the 2019 definition \(there were "
                         r"(\d+) in 2019\)", text).groups()
    m = find(r"progress = \((\d+) − (\d+)\) ÷ \((\d+) − (\d+)\) × 100 = \d+ ÷ \d+ × 100 = "
             r"([\d.]+)%", text)
    assert (num(m.group(1)), num(m.group(2)), num(m.group(3))) == (num(now), num(baseline), target)
    assert num(m.group(5)) == rounded(pct(num(now) - num(baseline), target - num(baseline)), 1)


# The module 4 quiz's progress questions are pooled: see test_course_quiz_transfer.py.


# Each module's introduction against the manifest (items, kinds, minutes, total time):
# test_course_introductions.py.
