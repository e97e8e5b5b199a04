"""The shift-share tool reproduces the lesson "Explaining growth with shift-share analysis"."""

from __future__ import annotations

import csv
import io

import pytest

from lms.content.tools import ToolInputError, load_tools
from tests.content.tools.lessons import (
    PACKAGE,
    by_first_column,
    col,
    stated_equals,
    table,
    table_csv,
)
from tests.content.tools.libreoffice import recalculate

LESSON = PACKAGE / "01-mapping" / "shift-share.md"
TOOL = load_tools(False)["shift-share"]


def run(text: str) -> tuple[dict, dict]:
    inputs = TOOL.parse({"table": [text]}, {}, {})
    return inputs, TOOL.compute(inputs, {})


def lesson_run() -> tuple[dict, dict]:
    return run(table_csv(LESSON, "Table 5."))


def test_growth_rates_match_table_6():
    _inputs, results = lesson_run()
    got = {row["industry"]: row for row in results["rows"]}
    for industry, row in by_first_column(table(LESSON, "Table 6.")).items():
        assert stated_equals(col(row, "Regional industry growth"), 100 * got[industry]["r"])
        assert stated_equals(col(row, "National industry growth"), 100 * got[industry]["g"])
        assert stated_equals(col(row, "National total growth"), 100 * results["G"])


def test_components_match_table_7_including_the_total_row():
    _inputs, results = lesson_run()
    got = {row["industry"]: row for row in results["rows"]}
    stated = by_first_column(table(LESSON, "Table 7."))
    together = stated.pop("Five industries together")
    assert set(got) == set(stated)
    keys = {"Actual change": "actual", "National growth effect": "national",
            "Industry mix effect": "mix", "Regional shift": "shift"}
    for industry, row in stated.items():
        for column, key in keys.items():
            assert stated_equals(row[column], got[industry][key]), (industry, column)
    for column, key in keys.items():
        assert stated_equals(together[column], results["together"][key]), column
    assert results["region"] == "Region North" and results["base_label"] == "2017"


def test_location_quotients_in_both_years_match_table_8():
    _inputs, results = lesson_run()
    got = {row["industry"]: row for row in results["rows"]}
    for industry, row in by_first_column(table(LESSON, "Table 8.")).items():
        assert stated_equals(row["LQ 2017"], got[industry]["lq_base"])
        assert stated_equals(row["LQ 2022"], got[industry]["lq_end"])
        assert stated_equals(row["Change"], got[industry]["lq_end"] - got[industry]["lq_base"])


def test_export_xlsx_recomputes_table_7_in_libreoffice():
    inputs, _results = lesson_run()
    rows = recalculate({"ss": TOOL.export_xlsx(inputs, {})})["ss"]["Shift-share"]
    head = rows[4]
    assert stated_equals("5.00", 100 * rows[2][1])  # G
    stated = by_first_column(table(LESSON, "Table 7."))
    seen = 0
    for row in rows[5:]:
        values = dict(zip(head, row, strict=True))
        name = "Five industries together" if row[0] == "Listed industries together" else row[0]
        if name not in stated:
            continue
        for column in ("Actual change", "National growth effect", "Industry mix effect",
                       "Regional shift"):
            assert stated_equals(stated[name][column], values[column]), (name, column)
        if name != "Five industries together":
            check = values["Check: sum of the three effects"]
            assert check == pytest.approx(values["Actual change"])
        seen += 1
    assert seen == 6


def test_export_csv_and_summary():
    inputs, results = lesson_run()
    rows = list(csv.DictReader(io.StringIO(TOOL.export_csv(inputs, results))))
    food = next(row for row in rows if row["Industry"] == "Food processing")
    assert float(food["Regional shift"]) == pytest.approx(960)
    assert TOOL.summary(results) == ("Region North 2017 to 2022: change +2,220 jobs, "
                                     "regional shift +230 (5 industries)")


def test_an_industry_new_to_the_region_still_decomposes():
    text = ("Industry,R 2017,R 2022,C 2017,C 2022\nBatteries,0,300,1000,2000\n"
            "Total,1000,1300,10000,12000\n")
    _inputs, results = run(text)
    row = results["rows"][0]
    assert row["r"] is None and row["national"] == 0 and row["shift"] == 300


@pytest.mark.parametrize(("text", "message", "row", "column"), [
    ("Industry,R 2017,R 2022,C 2017\nA,1,2,3\nTotal,5,5,5\n", "at least 5", None, "Header"),
    ("Industry,R 2017,R 2022,C 2017,C 2022,X\nA,1,2,3,4,5\nTotal,5,5,9,9,9\n", "at most 5",
     None, "X"),
    ("Industry,R 2017,R 2022,C 2017,C 2022\nA,10,2,3,40\nTotal,50,50,90,90\n", "more jobs",
     1, "R 2017"),
    ("Industry,R 2017,R 2022,C 2017,C 2022\nA,0,0,0,40\nTotal,50,50,90,90\n", "0 jobs in the base",
     1, "C 2017"),
    ("Industry,R 2017,R 2022,C 2017,C 2022\nA,1,2,3,x\nTotal,50,50,90,90\n", "not a number",
     1, "C 2022"),
])
def test_bad_tables_name_the_row_and_column(text, message, row, column):
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse({"table": [text]}, {}, {})
    found = caught.value.problems
    assert any(message in p.message and p.row == row and p.column == column for p in found), found


def test_results_render_escaped_with_an_accessible_chart():
    text = ("Industry,R 2017,R 2022,C 2017,C 2022\n<img src=x>,10,20,100,150\n"
            "Total,100,120,1000,1100\n")
    inputs, results = run(text)
    html = str(TOOL.render_results(inputs, results, {}))
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert html.count('role="img"') == 1 and "<desc>" in html and "style=" not in html
    assert "&lt;img" in str(TOOL.render_form(inputs, {}, None))
    filename, data = TOOL.template()
    assert TOOL.parse({}, {"file": (filename, data)}, {})["columns"][0] == "Region North 2017"
