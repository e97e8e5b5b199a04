"""Recompute the numbers stated in the course's mapping and business-model lessons.

The lessons of modules 1 (``01-mapping``) and 2 (``02-business-model``) of the
``cluster-management`` package contain worked examples: employment tables with
location quotients and shift-share analyses, a small network, and service
portfolios with cost-recovery figures. These tests read the Markdown files,
parse the input tables and the stated results (tables found by their bold
captions, e.g. ``**Table 2. ...**``), recompute every result from the inputs and
assert that the text says what the arithmetic says. They also check every
inline calculation written as ``<expression> = <number>`` in those lessons.

Pure Python: nothing here imports the application.
"""

from __future__ import annotations

import ast
import csv
import operator
import re
from fractions import Fraction
from pathlib import Path

import pytest

from tests.content.lesson_numbers import table_under

PACKAGE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
MAPPING = PACKAGE / "01-mapping"
BUSINESS = PACKAGE / "02-business-model"
ASSETS = PACKAGE / "assets"

LQ_LESSON = MAPPING / "measuring-concentration.md"
SHIFT_SHARE_LESSON = MAPPING / "shift-share.md"
LINKAGES_LESSON = MAPPING / "actors-and-linkages.md"
MAPPING_CASE = MAPPING / "case-agri-food.md"
MAPPING_NOTES = MAPPING / "case-agri-food-notes.md"  # trainer-only: the worked numbers
DIAGNOSIS_LESSON = BUSINESS / "diagnosis.md"
INNOVATION_LESSON = BUSINESS / "innovation.md"
BUSINESS_CASE = BUSINESS / "case-maritime.md"
BUSINESS_NOTES = BUSINESS / "case-maritime-notes.md"  # trainer-only: the worked numbers

FIVE_INDUSTRIES = [
    "Food processing",
    "Machinery and equipment",
    "ICT services",
    "Logistics",
    "Tourism and hospitality",
]
CASE_INDUSTRIES = [
    "Food and beverage processing",
    "Paper and plastic packaging",
    "Food and packaging machinery",
    "Warehousing and logistics",
    "Agriculture",
]


# --------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def table(path: Path, caption: str) -> list[dict[str, str]]:
    """Return the rows of the Markdown table right after the bold caption.

    ``caption`` is the start of the caption, e.g. ``"Table 2."``; the caption
    line in the lesson reads ``**Table 2. Results for ...**``.
    """
    text = read(path)
    starts = [line.strip() for line in text.splitlines()
              if line.strip().startswith(f"**{caption}")]
    assert len(starts) == 1, f"{path.name}: expected one caption starting {caption!r}"
    header, *rows = table_under(text, starts[0])
    return [dict(zip(header, row, strict=True)) for row in rows]


def col(row: dict[str, str], prefix: str) -> str:
    """The cell of the one column whose header starts with ``prefix``."""
    keys = [key for key in row if key.startswith(prefix)]
    assert len(keys) == 1, f"expected one column starting {prefix!r}, got {keys}"
    return row[keys[0]]


def by_first_column(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {next(iter(row.values())): row for row in rows}


def num(text: str) -> float:
    """Parse a number as written in the lessons: 13,200 / −360 / 5.24 / 12.94%."""
    cleaned = text.replace("**", "").replace("€", "").replace("%", "").replace(",", "")
    cleaned = cleaned.replace("−", "-").replace("\u2009", "").strip()
    return float(cleaned)


def decimals(text: str) -> int:
    cleaned = text.replace("%", "").replace(",", "").strip()
    return len(cleaned.split(".")[1]) if "." in cleaned else 0


def assert_stated(stated: str, computed: float, what: str) -> None:
    """The stated value equals ``computed`` rounded to the decimals shown."""
    tolerance = 0.5 * 10 ** -decimals(stated) + 1e-9
    assert abs(num(stated) - computed) <= tolerance, (
        f"{what}: text says {stated}, computation gives {computed:.6f}"
    )


def lq(e_ir: float, e_r: float, e_i: float, e: float) -> float:
    return (e_ir / e_r) / (e_i / e)


# --------------------------------------------------------------------------
# Module 1: location quotients (lesson "Measuring concentration")
# --------------------------------------------------------------------------


def north_2022() -> dict[str, dict[str, str]]:
    return by_first_column(table(LQ_LESSON, "Table 1."))


def test_lq_input_table_adds_up():
    rows = north_2022()
    for column in ("Region North", "Country"):
        parts = sum(num(rows[name][column]) for name in [*FIVE_INDUSTRIES, "All other industries"])
        assert parts == num(rows["Total"][column]), column


@pytest.mark.parametrize("industry", FIVE_INDUSTRIES)
def test_location_quotients_match_the_results_table(industry):
    inputs = north_2022()
    e_r, e = num(inputs["Total"]["Region North"]), num(inputs["Total"]["Country"])
    e_ir, e_i = num(inputs[industry]["Region North"]), num(inputs[industry]["Country"])
    result = by_first_column(table(LQ_LESSON, "Table 2."))[industry]

    assert_stated(col(result, "Regional share"), 100 * e_ir / e_r, f"{industry} regional share")
    assert_stated(col(result, "National share"), 100 * e_i / e, f"{industry} national share")
    assert_stated(col(result, "LQ"), lq(e_ir, e_r, e_i, e), f"{industry} LQ")
    assert_stated(col(result, "Region's share"), 100 * e_ir / e_i, f"{industry} size share")


def test_results_table_lists_every_industry():
    assert list(by_first_column(table(LQ_LESSON, "Table 2."))) == FIVE_INDUSTRIES


def test_size_focus_and_specialisation_comparison():
    north = north_2022()
    capital = by_first_column(table(LQ_LESSON, "Table 3."))
    # Both regions are compared against the same country.
    assert num(capital["Total"]["Country"]) == num(north["Total"]["Country"])
    for name in ("Food processing", "ICT services"):
        assert num(capital[name]["Country"]) == num(north[name]["Country"]), name

    regions = {
        "Region North": (north, "Region North"),
        "Capital Region": (capital, "Capital Region"),
    }
    rows = table(LQ_LESSON, "Table 4.")
    assert len(rows) == 4
    for row in rows:
        region, industry = (part.strip() for part in row["Region and industry"].split(",", 1))
        data, column = regions[region]
        industry_row = next(v for k, v in data.items() if k.lower() == industry.lower())
        e_ir, e_r = num(industry_row[column]), num(data["Total"][column])
        e_i, e = num(industry_row["Country"]), num(data["Total"]["Country"])
        what = f"{region}, {industry}"
        assert num(row["Jobs"]) == e_ir, what
        assert_stated(col(row, "Region's share"), 100 * e_ir / e_i, f"{what} size share")
        assert_stated(col(row, "Focus"), 100 * e_ir / e_r, f"{what} focus")
        assert_stated(row["LQ"], lq(e_ir, e_r, e_i, e), f"{what} LQ")


# --------------------------------------------------------------------------
# Module 1: shift-share (lesson "Explaining growth with shift-share analysis")
# --------------------------------------------------------------------------


def shift_share(e_ir0, e_ir1, e_i0, e_i1, e0, e1):
    """Return (actual change, national growth, industry mix, regional shift)."""
    big_g = (e1 - e0) / e0
    g = (e_i1 - e_i0) / e_i0
    r = (e_ir1 - e_ir0) / e_ir0
    return e_ir1 - e_ir0, e_ir0 * big_g, e_ir0 * (g - big_g), e_ir0 * (r - g)


def north_two_years() -> dict[str, dict[str, str]]:
    return by_first_column(table(SHIFT_SHARE_LESSON, "Table 5."))


def north_inputs(rows, industry):
    row = rows[industry]
    total = rows["Total"]
    return (
        num(row["Region North 2017"]),
        num(row["Region North 2022"]),
        num(row["Country 2017"]),
        num(row["Country 2022"]),
        num(total["Country 2017"]),
        num(total["Country 2022"]),
    )


def test_shift_share_input_table_adds_up():
    rows = north_two_years()
    for column in ("Region North 2017", "Region North 2022", "Country 2017", "Country 2022"):
        parts = sum(num(rows[name][column]) for name in [*FIVE_INDUSTRIES, "All other industries"])
        assert parts == num(rows["Total"][column]), column


def test_the_2022_figures_are_the_same_in_both_lessons():
    lq_rows, ss_rows = north_2022(), north_two_years()
    for name in [*FIVE_INDUSTRIES, "All other industries", "Total"]:
        assert num(lq_rows[name]["Region North"]) == num(ss_rows[name]["Region North 2022"]), name
        assert num(lq_rows[name]["Country"]) == num(ss_rows[name]["Country 2022"]), name


@pytest.mark.parametrize("industry", FIVE_INDUSTRIES)
def test_growth_rates(industry):
    e_ir0, e_ir1, e_i0, e_i1, e0, e1 = north_inputs(north_two_years(), industry)
    row = by_first_column(table(SHIFT_SHARE_LESSON, "Table 6."))[industry]
    assert_stated(col(row, "Regional industry growth"), 100 * (e_ir1 - e_ir0) / e_ir0, industry)
    assert_stated(col(row, "National industry growth"), 100 * (e_i1 - e_i0) / e_i0, industry)
    assert_stated(col(row, "National total growth"), 100 * (e1 - e0) / e0, industry)


@pytest.mark.parametrize("industry", FIVE_INDUSTRIES)
def test_shift_share_components(industry):
    actual, national, mix, shift = shift_share(*north_inputs(north_two_years(), industry))
    row = by_first_column(table(SHIFT_SHARE_LESSON, "Table 7."))[industry]
    assert_stated(row["Actual change"], actual, f"{industry} actual change")
    assert_stated(row["National growth effect"], national, f"{industry} national growth effect")
    assert_stated(row["Industry mix effect"], mix, f"{industry} industry mix effect")
    assert_stated(row["Regional shift"], shift, f"{industry} regional shift")
    # The decomposition is exact: the three stated components sum to the stated change.
    stated = [
        num(row[c]) for c in ("National growth effect", "Industry mix effect", "Regional shift")
    ]
    assert sum(stated) == num(row["Actual change"])


def test_shift_share_total_row():
    inputs = north_two_years()
    totals = [0.0, 0.0, 0.0, 0.0]
    for industry in FIVE_INDUSTRIES:
        for k, value in enumerate(shift_share(*north_inputs(inputs, industry))):
            totals[k] += value
    row = by_first_column(table(SHIFT_SHARE_LESSON, "Table 7."))["Five industries together"]
    columns = ["Actual change", "National growth effect", "Industry mix effect", "Regional shift"]
    for column, value in zip(columns, totals, strict=True):
        assert_stated(row[column], value, f"total {column}")


@pytest.mark.parametrize("industry", FIVE_INDUSTRIES)
def test_location_quotients_in_two_years(industry):
    rows = north_two_years()
    e_ir0, e_ir1, e_i0, e_i1, e0, e1 = north_inputs(rows, industry)
    r0, r1 = num(rows["Total"]["Region North 2017"]), num(rows["Total"]["Region North 2022"])
    lq0, lq1 = lq(e_ir0, r0, e_i0, e0), lq(e_ir1, r1, e_i1, e1)
    row = by_first_column(table(SHIFT_SHARE_LESSON, "Table 8."))[industry]
    assert_stated(row["LQ 2017"], lq0, f"{industry} LQ 2017")
    assert_stated(row["LQ 2022"], lq1, f"{industry} LQ 2022")
    assert_stated(row["Change"], lq1 - lq0, f"{industry} LQ change")
    # The lesson says the LQ rises exactly when the regional shift is positive.
    shift = shift_share(e_ir0, e_ir1, e_i0, e_i1, e0, e1)[3]
    assert (lq1 > lq0) == (shift > 0)


# --------------------------------------------------------------------------
# Module 1: network example (lesson "Mapping actors and linkages")
# --------------------------------------------------------------------------


def test_network_degrees_and_density():
    ties = table(LINKAGES_LESSON, "Table 9.")
    degree: dict[str, int] = {}
    for tie in ties:
        a, b = tie["Between"][0], tie["And"][0]
        assert a != b
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    stated = {
        row["Actor"][0]: int(num(row["Degree"])) for row in table(LINKAGES_LESSON, "Table 10.")
    }
    assert {actor: degree.get(actor, 0) for actor in stated} == stated
    assert set(degree) <= set(stated)
    n = len(stated)
    text = read(LINKAGES_LESSON)
    assert f"{n} × {n - 1} ÷ 2 = {n * (n - 1) // 2}" in text
    assert f"so density is {len(ties)} ÷ {n * (n - 1) // 2} = 0.31" in text
    assert round(len(ties) / (n * (n - 1) / 2), 2) == 0.31


# --------------------------------------------------------------------------
# Module 1: practical case (Region P)
# --------------------------------------------------------------------------


def test_case_input_table_adds_up():
    rows = by_first_column(table(MAPPING_CASE, "Table A."))
    for column in ("Region P 2018", "Region P 2023", "Country 2018", "Country 2023"):
        parts = sum(num(rows[name][column]) for name in [*CASE_INDUSTRIES, "All other industries"])
        assert parts == num(rows["Total"][column]), column


@pytest.mark.parametrize("industry", CASE_INDUSTRIES)
def test_case_check_your_numbers(industry):
    rows = by_first_column(table(MAPPING_CASE, "Table A."))
    row, total = rows[industry], rows["Total"]
    e_ir0, e_ir1 = num(row["Region P 2018"]), num(row["Region P 2023"])
    e_i0, e_i1 = num(row["Country 2018"]), num(row["Country 2023"])
    r0, r1 = num(total["Region P 2018"]), num(total["Region P 2023"])
    e0, e1 = num(total["Country 2018"]), num(total["Country 2023"])

    result = by_first_column(table(MAPPING_NOTES, "Table B."))[industry]
    assert_stated(result["LQ 2018"], lq(e_ir0, r0, e_i0, e0), f"{industry} LQ 2018")
    assert_stated(result["LQ 2023"], lq(e_ir1, r1, e_i1, e1), f"{industry} LQ 2023")
    actual, national, mix, shift = shift_share(e_ir0, e_ir1, e_i0, e_i1, e0, e1)
    assert_stated(result["Actual change"], actual, f"{industry} actual change")
    assert_stated(result["National growth effect"], national, f"{industry} national growth")
    assert_stated(result["Industry mix effect"], mix, f"{industry} industry mix")
    assert_stated(result["Regional shift"], shift, f"{industry} regional shift")


def test_case_rounding_warning_is_right():
    rows = by_first_column(table(MAPPING_CASE, "Table A."))
    machinery, total = rows["Food and packaging machinery"], rows["Total"]
    regional = 100 * num(machinery["Region P 2023"]) / num(total["Region P 2023"])
    national = 100 * num(machinery["Country 2023"]) / num(total["Country 2023"])
    text = read(MAPPING_NOTES)
    assert f"regional share is {regional:.3f}% and its national share {national:.3f}%" in text
    assert f"giving an LQ of {regional / national:.2f}" in text
    rounded = round(regional, 2) / round(national, 2)
    assert f"{round(regional, 2):.2f}% ÷ {round(national, 2):.2f}% = {rounded:.2f}" in text
    assert f"{rounded:.2f}" != f"{regional / national:.2f}"


# --------------------------------------------------------------------------
# Module 2: service diagnosis, proposal business case, maritime case
# --------------------------------------------------------------------------


def check_service_indicators(inputs, results):
    assert list(inputs) == list(results)
    for service, row in inputs.items():
        users = num(col(row, "Members using"))
        importance, satisfaction = num(col(row, "Importance")), num(col(row, "Satisfaction"))
        cost, revenue = num(col(row, "Annual cost")), num(col(row, "Service revenue"))
        result = results[service]
        assert_stated(col(result, "Gap"), importance - satisfaction, f"{service} gap")
        assert_stated(col(result, "Cost per user"), cost / users, f"{service} cost per user")
        assert_stated(col(result, "Cost recovery"), 100 * revenue / cost, f"{service} recovery")


def test_diagnosis_indicators():
    inputs = by_first_column(table(DIAGNOSIS_LESSON, "Table 1."))
    results = by_first_column(table(DIAGNOSIS_LESSON, "Table 2."))
    check_service_indicators(inputs, results)
    cost = sum(num(col(r, "Annual cost")) for r in inputs.values())
    revenue = sum(num(col(r, "Service revenue")) for r in inputs.values())
    text = read(DIAGNOSIS_LESSON)
    assert f"spends {cost:,.0f} euros and earns {revenue:,.0f} euros" in text


def test_service_portfolio_sheet_matches_the_diagnosis_lesson():
    inputs = by_first_column(table(DIAGNOSIS_LESSON, "Table 1."))
    results = by_first_column(table(DIAGNOSIS_LESSON, "Table 2."))
    with (ASSETS / "business-model-service-portfolio.csv").open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["service"].startswith("WORKED EXAMPLE")]
    assert [r["service"].split(":", 1)[1].strip() for r in rows] == list(inputs)
    for row in rows:
        service = row["service"].split(":", 1)[1].strip()
        values = list(row.values())
        given = inputs[service]
        assert num(values[3]) == num(col(given, "Members using"))
        assert num(values[4]) == num(col(given, "Importance"))
        assert num(values[5]) == num(col(given, "Satisfaction"))
        assert num(values[7]) == num(col(given, "Annual cost"))
        assert num(values[8]) == num(col(given, "Service revenue"))
        assert num(values[6]) == num(col(results[service], "Gap"))
        assert num(values[9]) == num(col(results[service], "Cost per user"))
        assert num(values[10]) == num(col(results[service], "Cost recovery"))


def test_proposal_business_case():
    rows = {row["Item"]: num(row["Value"]) for row in table(INNOVATION_LESSON, "Table 1.")}
    cost = rows["Staff days per proposal"] * rows["Staff cost per day, overheads included (€)"]
    assert rows["Cost per proposal (€)"] == cost
    expected_success_fee = rows["Success rate (%)"] / 100 * rows["Success fee if funded (€)"]
    assert rows["Expected success fee per proposal (€)"] == expected_success_fee
    revenue = rows["Upfront fee (€)"] + expected_success_fee
    assert rows["Expected revenue per proposal (€)"] == revenue
    assert rows["Expected shortfall per proposal (€)"] == cost - revenue
    assert rows["Expected shortfall per year (€)"] == rows["Proposals per year"] * (cost - revenue)


def test_maritime_case_revenue_table():
    rows = by_first_column(table(BUSINESS_CASE, "Table A."))
    total = num(rows["Total"]["Amount (€)"])
    sources = [name for name in rows if name != "Total"]
    assert sum(num(rows[name]["Amount (€)"]) for name in sources) == total
    for name in sources:
        assert_stated(rows[name]["Share (%)"], 100 * num(rows[name]["Amount (€)"]) / total, name)
    text = read(BUSINESS_CASE)
    # Membership fees: 15 large firms at 4,000 euros, 75 others at 1,000 euros.
    assert "15 large firms" in text and "4,000 euros a year for large firms" in text
    assert num(rows["Membership fees"]["Amount (€)"]) == 15 * 4_000 + (90 - 15) * 1_000


def test_maritime_case_services_and_check_table():
    inputs = by_first_column(table(BUSINESS_CASE, "Table B."))
    results = by_first_column(table(BUSINESS_NOTES, "Table C."))
    check_service_indicators(inputs, results)
    cost = sum(num(col(r, "Annual cost")) for r in inputs.values())
    revenue = sum(num(col(r, "Service revenue")) for r in inputs.values())
    revenue_rows = by_first_column(table(BUSINESS_CASE, "Table A."))
    paid = num(revenue_rows["Paid services (events, matchmaking, missions)"]["Amount (€)"])
    overheads = num(revenue_rows["Overheads from funded projects"]["Amount (€)"])
    assert revenue == paid + overheads
    assert f"The six services cost {cost:,.0f} euros and earn {revenue:,.0f} euros" in read(
        BUSINESS_NOTES)
    match = re.search(
        r"Total costs are also ([\d,]+) euros: ([\d,]+) euros for the six services",
        read(BUSINESS_CASE))
    assert match, "the case must state total and service costs"
    assert num(match.group(1)) == num(revenue_rows["Total"]["Amount (€)"])
    assert num(match.group(2)) == cost


# --------------------------------------------------------------------------
# Inline calculations: every "<expression> = <number>" in the lessons
# --------------------------------------------------------------------------

LESSONS_WITH_CALCULATIONS = [
    LQ_LESSON,
    SHIFT_SHARE_LESSON,
    LINKAGES_LESSON,
    MAPPING_NOTES,
    DIAGNOSIS_LESSON,
    INNOVATION_LESSON,
    BUSINESS_NOTES,
]

_EXPRESSION_CHARS = set("0123456789.,%()×÷+−- ")
_NUMBER = re.compile(r"[−-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError(f"unsupported expression: {ast.dump(node)}")


def _to_python(expression: str) -> str:
    def number(match: re.Match[str]) -> str:
        token = match.group(0).replace(",", "")
        return f"({token[:-1]} / 100)" if token.endswith("%") else token

    expression = re.sub(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?", number, expression)
    return expression.replace("×", "*").replace("÷", "/").replace("−", "-")


def inline_calculations(text: str) -> list[tuple[str, str]]:
    """(expression, stated result) pairs for every 'expr = number' in the text."""
    found = []
    for match in re.finditer(r" = ", text):
        start = match.start()
        while start > 0 and text[start - 1] in _EXPRESSION_CHARS:
            start -= 1
        expression = text[start : match.start()].strip(" ,")
        # Drop unbalanced opening text, e.g. a stray ")" at the left edge.
        while expression and expression.count("(") < expression.count(")"):
            expression = expression[1:].strip(" ,")
        right = _NUMBER.match(text, match.end())
        if not right or not re.search(r"\d\s*%?\)?\s*[×÷+−-]\s*\(?\s*[−-]?\s*\d", expression):
            continue
        found.append((expression, right.group(0)))
    return found


@pytest.mark.parametrize("path", LESSONS_WITH_CALCULATIONS, ids=lambda p: p.name)
def test_inline_calculations(path):
    calculations = inline_calculations(read(path))
    assert calculations, f"{path.name}: expected inline calculations"
    for expression, stated in calculations:
        value = _evaluate(ast.parse(_to_python(expression), mode="eval"))
        if stated.endswith("%"):
            value *= 100
        assert_stated(stated, value, f"{path.name}: {expression} = {stated}")


def test_inline_calculations_are_found():
    counts = {p.name: len(inline_calculations(read(p))) for p in LESSONS_WITH_CALCULATIONS}
    # Guards the parser itself: the lessons hold dozens of worked steps.
    assert counts["measuring-concentration.md"] >= 16, counts
    assert counts["shift-share.md"] >= 20, counts
    assert sum(counts.values()) >= 60, counts


def test_one_staff_cost_across_the_austrian_example():
    """Diagnosis and innovation describe the same organisation: one cost per staff day and post."""
    diagnosis, innovation = read(DIAGNOSIS_LESSON), read(INNOVATION_LESSON)
    rows = {row["Item"]: num(row["Value"]) for row in table(INNOVATION_LESSON, "Table 1.")}
    day_rate = rows["Staff cost per day, overheads included (€)"]
    m = re.search(r"costs its staff time at ([\d,]+) euros a day, .*?about ([\d,]+) euros for a "
                  r"full-time post of (\d+) working days\), so the newsletter takes the equivalent "
                  r"of about (\d+) staff days a year, since ([\d,]+) ÷ ([\d,]+) = ([\d.]+): "
                  r"a fifth",
                  diagnosis)
    assert m, "the diagnosis lesson must state its staff cost assumption"
    stated_rate, post, days, staff_days, cost, divisor, exact = m.groups()
    assert num(stated_rate) == num(divisor) == day_rate
    assert num(post) == day_rate * num(days)
    newsletter = by_first_column(table(DIAGNOSIS_LESSON, "Table 1."))[
        "Newsletter and market intelligence"]
    assert num(cost) == num(col(newsletter, "Annual cost"))
    assert_stated(exact, num(cost) / day_rate, "newsletter staff days")
    assert int(staff_days) == round(num(cost) / day_rate)
    assert abs(num(cost) / num(post) - Fraction(1, 5)) < Fraction(1, 50)  # "a fifth of a post"
    assert f"at the same {day_rate:,.0f} euros per staff day" in innovation


def test_matchmaking_willingness_to_pay_is_not_read_as_a_total():
    text = read(DIAGNOSIS_LESSON)
    m = re.search(r"(\d+) of the (\d+) users said they would pay .*? the median amount they named "
                  r"was ([\d,]+) euros a year", text)
    assert m
    payers, users, median = (num(g) for g in m.groups())
    assert "is not the total they named" in text
    cautious = re.search(r"if only half of the (\d+) signed up at the median price, (\d+) × "
                         r"([\d,]+) = ([\d,]+) euros", text)
    assert cautious and num(cautious.group(1)) == payers
    assert num(cautious.group(2)) == payers / 2 and num(cautious.group(3)) == median
    assert num(cautious.group(4)) == payers / 2 * median
    assert payers <= users


def test_premium_matchmaking_at_the_median_price_is_an_upper_bound():
    """The maritime case: at the median stated price only about half would pay."""
    case, notes = read(BUSINESS_CASE), read(BUSINESS_NOTES)
    m = re.search(r"(\d+) respondents, mostly small firms, would pay for a premium offshore wind "
                  r"matchmaking package.*?Their median stated price is ([\d,]+) euros", case, re.S)
    assert m
    respondents, median = num(m.group(1)), num(m.group(2))
    gap = re.search(r"a gap of [\d,]+ − [\d,]+ = ([\d,]+) euros", notes)
    assert gap
    upper = re.search(r"(\d+) × ([\d,]+) = ([\d,]+) euros, which would close \3 ÷ ([\d,]+) = "
                      r"([\d.]+)% of the gap\. That is an upper bound", notes)
    assert upper and num(upper.group(1)) == respondents and num(upper.group(2)) == median
    assert num(upper.group(4)) == num(gap.group(1))
    half = re.search(r"perhaps (\d+) would buy: \1 × ([\d,]+) = ([\d,]+) euros, or \3 ÷ "
                     r"([\d,]+) = ([\d.]+)% of the gap", notes)
    assert half and num(half.group(1)) == respondents / 2 and num(half.group(2)) == median
    assert num(half.group(3)) == respondents / 2 * median
    assert num(half.group(5)) == respondents / 2 * median / num(gap.group(1)) * 100


def _mapping_quiz() -> dict:
    import tomllib

    return tomllib.loads(read(MAPPING / "quiz.toml"))


def test_pooled_lq_questions_on_fresh_data():
    """Every question of the LQ pool: the answer and both feedbacks follow from the prompt."""
    quiz = _mapping_quiz()
    pool = [q for q in quiz["questions"] if q.get("pool") == "lq-transfer"]
    assert len(pool) >= 3 and quiz["draw"]["lq-transfer"] < len(pool)
    for q in pool:
        m = re.search(r"A region has ([\d,]+) jobs, of which ([\d,]+) are in ([\w -]+)\. The "
                      r"country has ([\d,]+) jobs, of which ([\d,]+) are in \3\.", q["prompt"])
        assert m, q["slug"]
        e_r, e_ir, _, e, e_i = (num(g) if i != 2 else g for i, g in enumerate(m.groups()))
        value = lq(e_ir, e_r, e_i, e)
        assert abs(Fraction(str(q["answer"])) - value) <= Fraction(str(q["tolerance"])), q["slug"]
        for key in ("feedback_correct", "feedback_incorrect"):
            assert f"= {float(value):.2f}" in q[key], (q["slug"], key)


def test_pooled_regional_shift_questions_on_fresh_data():
    quiz = _mapping_quiz()
    pool = [q for q in quiz["questions"] if q.get("pool") == "shift-transfer"]
    assert len(pool) >= 2 and quiz["draw"]["shift-transfer"] < len(pool)
    for q in pool:
        m = re.search(r"employs ([\d,]+) people\. Over the period, total national employment "
                      r"grows by (\d+)%, [\w -]+ grows by (\d+)% nationally and by (\d+)% in the "
                      r"region", q["prompt"])
        assert m, q["slug"]
        base, big_g, g_i, r_i = (num(x) for x in m.groups())
        shift = base * (r_i - g_i) / 100
        assert q["answer"] == shift, q["slug"]
        national, mix = base * big_g / 100, base * (g_i - big_g) / 100
        text = q["feedback_incorrect"].replace(",", "")
        assert f"= {int(shift)} jobs" in text.replace("−", "-")
        assert f"national growth effect is {base:.0f} × {big_g:.0f}% = {national:.0f}" in text
        assert f"industry mix effect {base:.0f} × ({g_i:.0f}% − {big_g:.0f}%) = {mix:.0f}" in text
        assert f"actual change of {national + mix + shift:.0f}" in text
        assert national + mix + shift == base * r_i / 100
