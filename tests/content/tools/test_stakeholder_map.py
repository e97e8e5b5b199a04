"""The stakeholder map tool reproduces the stakeholder map and the fee table of module 5."""

from __future__ import annotations

import math
import re

import pytest

from lms.content.tools import ToolInputError, load_tools
from tests.content.test_course_numbers_stakeholders import MAPS, MEMBERSHIP, read, table_under
from tests.content.tools.lessons import num, stated_equals
from tests.content.tools.libreoffice import recalculate

TOOL = load_tools(False)["stakeholder-map"]


def lesson_map_form() -> dict:
    rows = table_under(read(MAPS), "## Worked example: a bioeconomy cluster in eastern Finland")
    assert rows[0] == ["Stakeholder", "Helix", "Power", "Interest", "Quadrant"]
    form: dict[str, list[str]] = {k: [] for k in ("sh_name", "sh_helix", "sh_power",
                                                  "sh_interest", "sh_note")}
    for name, helix, power, interest, _quadrant in rows[1:]:
        form["sh_name"].append(name)
        form["sh_helix"].append(helix.split("(")[0].strip().lower().replace(" ", "-"))
        form["sh_power"].append(power)
        form["sh_interest"].append(interest)
        form["sh_note"].append("")
    return form


def lesson_tiers() -> list[dict]:
    """The fee table by company size as the item's options (size bands parsed from the text)."""
    rows = table_under(read(MEMBERSHIP), "## Worked example: a fee table by company size")
    tiers = []
    for name, size, fee, _gets in rows[1:]:
        tier = {"name": name, "fee": int(num(fee))}
        if match := re.fullmatch(r"(\d+)–(\d+)", size):
            tier.update(size_from=int(match.group(1)), size_to=int(match.group(2)))
        elif match := re.fullmatch(r"(\d+) or more", size):
            tier["size_from"] = int(match.group(1))
        tiers.append(tier)
    return tiers


def yields_table() -> list[list[str]]:
    return table_under(read(MEMBERSHIP), "## Worked example: what the fee table yields")


def test_every_stakeholder_lands_in_the_lessons_quadrant():
    inputs = TOOL.parse(lesson_map_form(), {}, {})
    results = TOOL.compute(inputs, {})
    stated = table_under(read(MAPS), "## Worked example: a bioeconomy cluster in eastern Finland")
    assert [s["quadrant"] for s in results["stakeholders"]] == [row[4] for row in stated[1:]]
    # "two to manage closely, two to keep satisfied, three to keep informed and three to monitor"
    assert results["quadrants"] == {"Manage closely": 2, "Keep satisfied": 2,
                                    "Keep informed": 3, "Monitor": 3}
    assert "two to manage closely, two to keep satisfied, three to keep informed and three to " \
           "monitor" in read(MAPS)
    borderline = {s["name"]: s["borderline"] for s in results["stakeholders"]}
    assert borderline["Municipality of the main town"] == ["power", "interest"]
    assert borderline["Largest member, a pulp and paper mill"] == ["interest"]
    assert results["helix"]["government"] == 3


def test_fee_tiers_reproduce_what_the_fee_table_yields():
    options = {"fee_tiers": lesson_tiers()}
    assert TOOL.validate_options(options) == []
    form = lesson_map_form()
    rows = yields_table()
    assert [row[0] for row in rows[1:-1]] == [t["name"] for t in options["fee_tiers"]]
    form["tier_members"] = [row[1] for row in rows[1:-1]]
    inputs = TOOL.parse(form, {}, options)
    fees = TOOL.compute(inputs, options)["fees"]
    for row, tier in zip(rows[1:-1], fees["tiers"], strict=True):
        assert num(row[2]) == tier["fee"]
        assert num(row[3]) == tier["income"]
        assert stated_equals(row[4], 100 * tier["share"]), row[0]
    total = rows[-1]
    assert num(total[1]) == fees["members"] and num(total[3]) == fees["income"]
    text = read(MEMBERSHIP)
    assert "163,500 ÷ 85 = 1,923.53" in text and stated_equals("1,923.53", fees["average"])
    top = fees["top"]  # "The 5 large firms and 2 partners are 7 of 85 members (8.2%) ..."
    assert set(top["names"]) == {"Partner", "Large"} and top["members"] == 7
    assert f"are 7 of 85 members ({100 * top['member_share']:.1f}%)" in text
    assert f"which is {100 * top['share']:.1f}% of fee income" in text
    assert f"{top['income']:,.0f}" == "67,500"
    # "Losing one partner (EUR 15,000) costs more than losing all 24 micro members together
    # (24 × 400 = EUR 9,600)": one partner weighs as much as 37.5 micro members, more than 24.
    one = fees["one_top_equals"]
    assert (one["top"], one["low"]) == ("Partner", "Micro")
    micro = next(t for t in fees["tiers"] if t["name"] == "Micro")
    assert "costs more than losing all 24 micro members together (24 × 400 = EUR 9,600)" in text
    assert micro["members"] == 24 and math.floor(one["count"]) == 37 > micro["members"]


def test_fee_tiers_export_recomputes_in_libreoffice():
    options = {"fee_tiers": lesson_tiers()}
    form = lesson_map_form()
    form["tier_members"] = [row[1] for row in yields_table()[1:-1]]
    inputs = TOOL.parse(form, {}, options)
    sheets = recalculate({"map": TOOL.export_xlsx(inputs, options)})["map"]
    fees = {row[0]: row for row in sheets["Fee tiers"] if row[0]}
    assert fees["Total"][1] == 85 and fees["Total"][3] == 163_500
    assert stated_equals("1,923.53", fees["Average fee per member (EUR)"][3])
    assert stated_equals("18.3", fees["Partner"][4])
    stated = table_under(read(MAPS), "## Worked example: a bioeconomy cluster in eastern Finland")
    quadrants = [row[5] for row in sheets["Stakeholders"][1:]]
    assert quadrants == [row[4] for row in stated[1:]]


@pytest.mark.parametrize(("tiers", "message"), [
    ([{"name": "A", "fee": 1, "size_from": 1, "size_to": 9},
      {"name": "B", "fee": 2, "size_from": 12, "size_to": 49}], "leaves a gap"),
    ([{"name": "A", "fee": 1, "size_from": 1, "size_to": 9},
      {"name": "B", "fee": 2, "size_from": 5}], "an overlap"),
    ([{"name": "A", "fee": 1, "size_from": 1}, {"name": "B", "fee": 2, "size_from": 5}],
     "no upper limit"),
    ([{"name": "A", "fee": 1}, {"name": "a", "fee": 2}], "named twice"),
    ([{"name": "A", "fee": -1}], "0 or more"),
])
def test_fee_tier_options_are_checked(tiers, message):
    issues = TOOL.validate_options({"fee_tiers": tiers})
    assert any(message in text for _path, text in issues), issues


@pytest.mark.parametrize(("change", "message", "row", "column"), [
    ({"sh_power": ["6"]}, "from 1 (very low) to 5", 1, "Power"),
    ({"sh_interest": ["x"]}, "not a number", 1, "Interest"),
    ({"sh_helix": ["church"]}, "helix", 1, "Helix"),
    ({"sh_name": [""]}, "has no name", 1, "Stakeholder"),
])
def test_bad_rows_are_named(change, message, row, column):
    form = {"sh_name": ["Region"], "sh_helix": ["government"], "sh_power": ["5"],
            "sh_interest": ["4"], "sh_note": ["funds us"], **change}
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse(form, {}, {})
    found = caught.value.problems
    assert any(message in p.message and p.row == row and p.column == column for p in found), found
    assert 'role="alert"' in str(TOOL.render_form(caught.value.draft, {}, found))


def test_rendering_is_escaped_accessible_and_round_trips():
    form = lesson_map_form()
    form["sh_name"][0] = '"><svg onload=alert(1)>'
    options = {"fee_tiers": lesson_tiers()}
    form["tier_members"] = ["24", "31", "14", "5", "9", "2"]
    inputs = TOOL.parse(form, {}, options)
    results = TOOL.compute(inputs, options)
    html = str(TOOL.render_results(inputs, results, options))
    assert "<svg onload" not in html and "&lt;svg onload" in html
    assert 'role="img"' in html and "<title>Power and interest grid</title>" in html
    assert "style=" not in html and html.count("<circle") == 10
    shown = str(TOOL.render_form(inputs, options, None))
    assert "&#34;&gt;&lt;svg" in shown and 'value="24"' in shown
    assert TOOL.summary(results) == ("10 stakeholders: 2 manage closely, 2 keep satisfied, "
                                     "3 keep informed, 3 monitor; fee income 163,500")
    assert "Keep informed" in TOOL.export_csv(inputs, results)
