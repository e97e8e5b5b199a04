"""The revenue mix tool reproduces module 3: revenue mix, funding risk, costs and break-even."""

from __future__ import annotations

import pytest

from lms.content.tools import ToolInputError, load_tools
from tests.content.lesson_numbers import table_under
from tests.content.test_course_numbers_economics import ECON, keyed, read
from tests.content.tools.lessons import num, stated_equals
from tests.content.tools.libreoffice import recalculate

MIX, RISK, COSTS = (ECON / "revenue-mix.md", ECON / "funding-risk.md",
                    ECON / "costs-and-break-even.md")
TOOL = load_tools(False)["revenue-mix"]
TYPE_OF = {"Public core funding": "core", "Membership fees": "fees", "Paid services": "services",
           "Funded project": "projects"}


def lesson_form(**extra: str) -> dict:
    """The lesson's revenue mix table as the form's income lines, plus the cost figures."""
    rows = table_under(read(MIX), "### Revenue mix table")[1:]
    form: dict[str, list[str]] = {"stream_name": [], "stream_type": [], "stream_funder": [],
                                  "stream_amount": []}
    for name, funder, amount, _share in rows:
        if name.startswith("**"):
            continue  # the Total row
        form["stream_name"].append(name)
        form["stream_type"].append(next(v for k, v in TYPE_OF.items() if name.startswith(k)))
        form["stream_funder"].append(funder)
        form["stream_amount"].append(amount)
    costs = keyed(table_under(read(COSTS), "### Cost structure summary"))
    stress = keyed(table_under(read(RISK), "### Stress test results"))
    form["total_costs"] = [costs["Total costs (EUR)"]]
    form["fixed_costs"] = [costs["Fixed costs (EUR)"]]
    form["reserves"] = [stress["Reserves (EUR)"]]
    form.update({key: [value] for key, value in extra.items()})
    return form


def run(form: dict) -> tuple[dict, dict]:
    inputs = TOOL.parse(form, {}, {})
    return inputs, TOOL.compute(inputs, {})


def test_shares_and_public_private_split_match_the_revenue_mix_lesson():
    _inputs, results = run(lesson_form())
    rows = table_under(read(MIX), "### Revenue mix table")[1:]
    shares = {line["name"]: line["share"] for line in results["lines"]}
    for name, _funder, amount, share in rows:
        if name.startswith("**"):
            assert num(amount) == results["total"]
            continue
        assert stated_equals(share, 100 * shares[name]), name
    groups = {row[0]: row for row in table_under(read(MIX), "### Public and private income")[1:]}
    assert num(groups["Public"][2]) == results["public"]["amount"]
    assert stated_equals(groups["Public"][3], 100 * results["public"]["share"])
    assert stated_equals(groups["Private"][3], 100 * results["private"]["share"])


def test_funders_hhi_and_effective_number_match_the_funding_risk_lesson():
    _inputs, results = run(lesson_form())
    by_funder = table_under(read(RISK), "### Income by funder")[1:]
    got = {f["funder"]: f for f in results["funders"]}
    for funder, _lines, amount, share in by_funder:
        if funder.startswith("**"):
            continue
        assert num(amount) == got[funder]["amount"]
        assert stated_equals(share, 100 * got[funder]["share"]), funder
    assert [f["funder"] for f in results["funders"]] == [
        row[0] for row in by_funder if not row[0].startswith("**")]
    squares = table_under(read(RISK), "**HHI.** Square each funder's share (as a decimal, "
                          "unrounded) and add:")[1:]
    for funder, share, square in squares:
        assert stated_equals(share, got[funder]["share"])
        assert stated_equals(square, got[funder]["square"])
    measures = keyed(table_under(read(RISK), "### Concentration results"))
    assert stated_equals(measures["Largest funder share"], 100 * results["largest"]["share"])
    assert stated_equals(measures["HHI (funders)"], results["hhi"])
    assert stated_equals(measures["Effective number of funders (1 ÷ HHI)"],
                         results["effective_funders"])
    assert results["risk"] == "medium"  # 42.8%: between one third and one half


def test_stress_test_matches_the_lesson_table():
    stated = keyed(table_under(read(RISK), "### Stress test results"))
    cut = stated["Cut"]
    _inputs, results = run(lesson_form(cut_line="Public core funding", cut_pct=cut))
    test = results["stress"][1]
    assert num(stated["Income line that is cut: regional core funding (EUR)"]) == test["base"]
    assert stated_equals(stated["Lost income (EUR)"], test["lost"])
    assert stated_equals(stated["Lost income as a share of total income"],
                         100 * test["lost_share"])
    assert stated_equals(stated["Result before the cut (EUR)"], test["before"])
    assert stated_equals(stated["Result after the cut (EUR)"], test["after"])
    assert stated_equals(stated["Years the reserves cover the new deficit"], test["years_covered"])
    assert stated_equals(stated["Fixed costs per month (EUR)"],
                         results["costs"]["fixed_per_month"])
    assert stated_equals(stated["Reserves in months of fixed costs"],
                         results["costs"]["reserve_months"])
    largest = results["stress"][0]  # "lose the largest funder": the region's 364,000
    assert largest["lost"] == results["largest"]["amount"] == 364_000
    assert largest["after"] == 12_000 - 364_000


def test_cost_structure_matches_the_costs_lesson():
    stated = keyed(table_under(read(COSTS), "### Cost structure summary"))
    _inputs, results = run(lesson_form())
    costs = results["costs"]
    assert stated_equals(stated["Surplus (EUR)"], costs["result"])
    assert stated_equals(stated["Surplus as a share of income"], 100 * costs["result_share"])
    assert stated_equals(stated["Fixed costs as a share of total costs"],
                         100 * costs["fixed_share"])
    assert stated_equals(stated["Fixed costs per month (EUR)"], costs["fixed_per_month"])


BREAK_EVENS = [
    ("### Break-even inputs: digital readiness audit", "Price per audit (EUR)",
     "Variable cost per audit (EUR)", "Fixed costs per year (EUR)", "audits", "units"),
    ("### Break-even inputs: audit at the member price", "Price per audit (EUR)",
     "Variable cost per audit (EUR)", "Fixed costs per year (EUR)", "audits", "units"),
    ("### Break-even inputs: membership", "Average annual fee per member (EUR)",
     "Variable cost per member per year (EUR)",
     "Fixed costs of the membership programme per year (EUR)", "members", "members"),
]


@pytest.mark.parametrize(("heading", "price", "variable", "fixed", "noun", "unit"), BREAK_EVENS)
def test_break_even_tables(heading, price, variable, fixed, noun, unit):
    stated = keyed(table_under(read(COSTS), heading))
    form = lesson_form(be_fixed=stated[fixed], be_price=stated[price],
                       be_variable=stated[variable], be_unit=unit)
    _inputs, results = run(form)
    be = results["break_even"]
    margin = next(v for k, v in stated.items() if k.startswith("Contribution margin"))
    assert stated_equals(margin, be["margin"])
    assert stated_equals(stated[f"Break-even before rounding ({noun})"], be["raw"])
    assert num(stated[f"Break-even ({noun}, rounded up)"]) == be["units"]


def test_todays_average_fee_needs_159_members_ten_more_than_at_1400():
    text = read(COSTS)
    assert "rounded up to **159 members**" in text and "ten more than today's 132" in text
    _i, at_1400 = run(lesson_form(be_fixed="170,000", be_price="1,400", be_variable="200",
                                  be_current="132"))
    assert at_1400["break_even"]["units"] == 142 and at_1400["break_even"]["gap"] == 10
    _i, today = run(lesson_form(be_fixed="170,000", be_price="1272.73", be_variable="200"))
    assert today["break_even"]["units"] == 159


def test_no_break_even_when_the_price_does_not_cover_the_variable_cost():
    _i, results = run(lesson_form(be_fixed="1000", be_price="100", be_variable="100"))
    assert results["break_even"]["units"] is None
    assert "No break-even" in str(TOOL.render_results(_i, results, {}))


def test_export_xlsx_recomputes_in_libreoffice():
    stated = keyed(table_under(read(RISK), "### Stress test results"))
    inputs, results = run(lesson_form(cut_line="Public core funding", cut_pct=stated["Cut"],
                                      be_fixed="170000", be_price="1400", be_variable="200",
                                      be_current="132"))
    sheets = recalculate({"mix": TOOL.export_xlsx(inputs, {})})["mix"]
    mix = {row[0]: row for row in sheets["Revenue mix"] if row[0]}
    assert mix["Total"][3] == 850_000
    assert stated_equals("36.5", mix["Public core funding"][4])
    assert stated_equals("68.9", mix["Public (core funding and funded projects)"][4])
    funders = {row[0]: row[1] for row in sheets["Funders"] if row[0]}
    measures = keyed(table_under(read(RISK), "### Concentration results"))
    assert funders["Regional government"] == 364_000
    assert stated_equals(measures["HHI (funders)"], funders["HHI (sum of squared shares)"])
    assert stated_equals(measures["Largest funder share"], funders["Largest funder share (%)"])
    values = {row[0]: row[1] for row in sheets["Costs and break-even"] if row[0]}
    assert stated_equals(stated["Result after the cut (EUR)"], values["Result after the cut (EUR)"])
    assert stated_equals(stated["Years the reserves cover the new deficit"],
                         values["Years the reserves cover the new deficit"])
    assert values["Break-even, rounded up"] == 142 and values["Still to reach break-even"] == 10


@pytest.mark.parametrize(("change", "message", "row", "column"), [
    ({"stream_amount": ["310,000", "abc"]}, "not a number", 2, "Amount (EUR)"),
    ({"stream_amount": ["310,000", "-5"]}, "negative", 2, "Amount (EUR)"),
    ({"stream_type": ["core", "gift"]}, "choose its type", 2, "Type"),
    ({"stream_name": ["Core", ""]}, "has no name", 2, "Income line"),
    ({"cut_line": ["Lottery"]}, "not in the list", None, "Income line to cut"),
    ({"cut_pct": ["150"]}, "above 100%", None, "Cut (%)"),
    ({"be_fixed": ["1000"]}, "fill in all three", None, "Break-even"),
    ({"fixed_costs": ["900,000"]}, "higher than total costs", None, "Fixed costs per year"),
    ({"stream_name": [], "stream_type": [], "stream_funder": [], "stream_amount": []},
     "at least one income line", None, "Income lines"),
])
def test_bad_input_is_named_and_kept_for_the_form(change, message, row, column):
    form = {"stream_name": ["Core", "Fees"], "stream_type": ["core", "fees"],
            "stream_funder": ["Region", ""], "stream_amount": ["310,000", "168000"],
            "total_costs": ["838000"], "fixed_costs": ["588000"], **change}
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse(form, {}, {})
    found = caught.value.problems
    assert any(message in p.message and p.row == row and p.column == column for p in found), found
    again = str(TOOL.render_form(caught.value.draft, {}, found))
    assert 'value="838000"' in again and 'role="alert"' in again


def test_rendering_escapes_and_round_trips_the_form():
    form = lesson_form()
    form["stream_name"][0] = "<script>x</script>"
    inputs, results = run(form)
    html = str(TOOL.render_results(inputs, results, {}))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'role="img"' in html and "<desc>" in html and "style=" not in html
    shown = str(TOOL.render_form(inputs, {}, None))
    assert "&lt;script&gt;x&lt;/script&gt;" in shown and 'value="310000"' in shown
    assert TOOL.summary(results).startswith("Income 850,000; largest funder Regional government")
    assert "Regional government" in TOOL.export_csv(inputs, results)
