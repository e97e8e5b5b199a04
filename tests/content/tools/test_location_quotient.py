"""The location quotient tool reproduces the lesson "Measuring concentration" from its tables."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from lms.content.tools import ToolInputError, load_tools
from tests.content.tools.lessons import (
    PACKAGE,
    by_first_column,
    col,
    num,
    stated_equals,
    table,
    table_csv,
)
from tests.content.tools.libreoffice import recalculate, resave, values

LESSON = PACKAGE / "01-mapping" / "measuring-concentration.md"
TOOL = load_tools(False)["location-quotient"]


def run(text: str, options: dict | None = None) -> tuple[dict, dict]:
    inputs = TOOL.parse({"table": [text]}, {}, options or {})
    return inputs, TOOL.compute(inputs, options or {})


def problems(text: str | None = None, files: dict | None = None) -> list:
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse({"table": [text or ""]}, files or {}, {})
    assert caught.value.problems
    return caught.value.problems


def test_region_north_gives_the_lesson_results():
    _inputs, results = run(table_csv(LESSON, "Table 1."))
    stated = by_first_column(table(LESSON, "Table 2."))
    got = {row["industry"]: row for row in results["rows"]}
    assert set(got) == set(stated)  # "All other industries" counts in totals, not as a result
    for industry, row in stated.items():
        assert stated_equals(col(row, "LQ"), got[industry]["lq"]), industry
        assert stated_equals(col(row, "Regional share"), 100 * got[industry]["focus"]), industry
        assert stated_equals(col(row, "National share"), 100 * got[industry]["national_share"])
        assert stated_equals(col(row, "Region's share"), 100 * got[industry]["size"]), industry
    # "With a threshold of 1.25, three industries qualify": the flags follow the stated LQs.
    flagged = {row["industry"] for row in results["rows"] if row["specialised"]}
    assert flagged == {name for name, row in stated.items() if num(col(row, "LQ")) >= 1.25}
    assert len(flagged) == 3 and results["regions"][0]["specialisations"] == 3
    lqs = [row["lq"] for row in results["rows"]]
    assert lqs == sorted(lqs, reverse=True)
    assert stated_equals("6.00", 100 * results["regions"][0]["share_of_reference"])


def test_capital_region_compared_in_table_4():
    # Table 3 lists two industries and the total: the rest is reported, not an error.
    _inputs, results = run(table_csv(LESSON, "Table 3."))
    got = {row["industry"].lower(): row for row in results["rows"]}
    for row in table(LESSON, "Table 4."):
        region, industry = (part.strip() for part in row["Region and industry"].split(",", 1))
        if region != "Capital Region":
            continue
        mine = got[industry.lower()]
        assert num(row["Jobs"]) == mine["jobs"]
        assert stated_equals(row["LQ"], mine["lq"])
        assert stated_equals(col(row, "Focus"), 100 * mine["focus"])
        assert stated_equals(col(row, "Region's share"), 100 * mine["size"])
    assert results["regions"][0]["unlisted"] == 1_050_000 - 14_280 - 57_600
    assert not any(row["specialised"] for row in results["rows"])  # ICT 1.20 stays below 1.25


def test_threshold_and_minimum_jobs_come_from_the_options():
    options = {"threshold": 1.5, "min_jobs": 1000}
    assert TOOL.validate_options(options) == []
    _inputs, results = run(table_csv(LESSON, "Table 1."), options)
    assert [r["industry"] for r in results["rows"] if r["specialised"]] == ["Food processing"]
    assert TOOL.validate_options({"threshold": "high"})
    assert TOOL.validate_options({"treshold": 1.5})


def test_several_regions_in_one_table():
    text = ("Industry,Region North,Capital Region,Country\n"
            "Food processing,13200,14280,102000\nICT services,5500,57600,192000\n"
            "Total,252000,1050000,4200000\n")
    _inputs, results = run(text)
    lq = {(r["region"], r["industry"]): r["lq"] for r in results["rows"]}
    assert stated_equals("2.16", lq["Region North", "Food processing"])
    assert stated_equals("1.20", lq["Capital Region", "ICT services"])


def test_a_file_upload_reads_csv_and_xlsx_the_same_as_a_paste():
    text = table_csv(LESSON, "Table 1.")
    book = Workbook()
    for row in csv.reader(io.StringIO(text)):
        book.active.append([row[0], *[int(num(v)) for v in row[1:]]] if row[0] != "Industry"
                           else row)
    buffer = io.BytesIO()
    book.save(buffer)
    pasted = TOOL.parse({"table": [text]}, {}, {})
    assert TOOL.parse({}, {"file": ("north.xlsx", buffer.getvalue())}, {}) == pasted
    assert TOOL.parse({}, {"file": ("north.csv", text.encode())}, {}) == pasted
    tabbed = text.replace(",", "\t")  # as pasted from a spreadsheet (no commas in the numbers)
    assert TOOL.parse({"table": [tabbed]}, {}, {}) == pasted


BAD_TABLES = [
    ("Industry,Region North\nFood,10\nTotal,100\n", "at least 3", None, "Header"),
    ("Industry,North,Country\nFood,10,100,7\nTotal,100,1000\n", "extra cells", 1, "column 4"),
    ("Industry,North,Country\nFood,10\nTotal,100,1000\n", "is empty", 1, "Country"),
    ("Industry,North,Country\nFood,ten,100\nTotal,100,1000\n", "not a number", 1, "North"),
    ("Industry,North,Country\nFood,-10,100\nTotal,100,1000\n", "negative", 1, "North"),
    ("Industry,North,Country\nFood,200,100\nTotal,300,1000\n", "more jobs", 1, "North"),
    ("Industry,North,Country\nFood,60,100\nTools,50,100\nTotal,100,1000\n", "do not add up",
     3, "North"),
    ("Industry,North,Country\nFood,60,100\nAll other industries,30,900\nTotal,100,1000\n",
     "do not add up", 3, "North"),
    ("Industry,North,Country\nFood,60,100\nOther things,30,900\n", "no Total row", 3, "Industry"),
    ("Industry,North,Country\nFood,0,0\nTotal,100,1000\n", "0 jobs", 1, "Country"),
    ("Industry,North,Country\nFood,1,10\nfood,1,10\nTotal,100,1000\n", "appears twice", 2,
     "Industry"),
    ("Industry,North,Country\nFood,\"1,5\",10\nTotal,100,1000\n", "Use a point", 1, "North"),
]


@pytest.mark.parametrize(("text", "message", "row", "column"), BAD_TABLES)
def test_bad_tables_name_the_row_and_column(text, message, row, column):
    found = problems(text)
    assert any(message in p.message and p.row == row and p.column == column for p in found), found


def test_a_failed_parse_keeps_the_pasted_text_for_the_form():
    text = "Industry,North,Country\nFood,-1,10\nTotal,100,1000\n"
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse({"table": [text]}, {}, {})
    form = str(TOOL.render_form(caught.value.draft, {}, caught.value.problems))
    assert "Food,-1,10" in form and 'role="alert"' in form and "negative" in form


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b" \n\n", "is empty"),
    ("macro.xlsm", b"PK\x03\x04whatever", "macros"),
    ("macro.xlsx", _zip({"[Content_Types].xml": b"<x/>", "xl/vbaProject.bin": b"\x00"}),
     "macros"),
    ("links.xlsx", _zip({"[Content_Types].xml": b"<x/>",
                         "xl/externalLinks/externalLink1.xml": b"<x/>"}), "external links"),
    ("broken.xlsx", b"PK\x03\x04not really a zip", "not a valid XLSX"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old"),
    ("huge.csv", b"Industry,North,Country\n" + b"x,1,2\n" * 400_000, "limit"),
    ("long.csv", b"Industry,North,Country\n" + b"x,1,2\n" * 1500, "limit is 1000"),
    ("binary.csv", bytes(range(256)) * 4, ""),
])
def test_bad_files_are_refused_with_a_clear_message(filename, data, message):
    found = problems(files={"file": (filename, data)})
    assert message in found[0].message


def test_formula_cells_are_read_as_their_saved_values_never_evaluated():
    book = Workbook()
    book.active.append(["Industry", "North", "Country"])
    book.active.append(["Food", "=5+5", 100])
    book.active.append(["Total", 100, 1000])
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl saves the formula without a computed value
    found = problems(files={"file": ("f.xlsx", buffer.getvalue())})
    assert found[0].row == 1 and found[0].column == "North" and "empty" in found[0].message
    saved = resave({"f": buffer.getvalue()})["f"]  # LibreOffice saves the value 10 with it
    assert values(saved)["Sheet"][1] == ("Food", 10, 100)
    inputs = TOOL.parse({}, {"file": ("f.xlsx", saved)}, {})
    assert inputs["industries"][0]["jobs"] == [10]


def test_export_xlsx_recomputes_the_lesson_numbers_in_libreoffice():
    inputs, results = run(table_csv(LESSON, "Table 1."))
    sheets = recalculate({"lq": TOOL.export_xlsx(inputs, {})})["lq"]
    rows = sheets["Location quotients"]
    head = rows[4]
    stated = by_first_column(table(LESSON, "Table 2."))
    seen = 0
    for row in rows[5:]:
        if row[0] in stated:
            values = dict(zip(head, row, strict=True))
            lesson = stated[row[0]]
            assert stated_equals(col(lesson, "LQ"), values["Region North: LQ"])
            assert stated_equals(col(lesson, "Regional share"),
                                 values["Region North: focus e_ir/e_r (%)"])
            assert stated_equals(col(lesson, "Region's share"),
                                 values["Region North: size e_ir/e_i (%)"])
            expected = "yes" if num(col(lesson, "LQ")) >= 1.25 else "no"
            assert values["Region North: specialisation"] == expected
            seen += 1
    assert seen == 5


def test_export_csv_lists_every_result():
    inputs, results = run(table_csv(LESSON, "Table 1."))
    rows = list(csv.DictReader(io.StringIO(TOOL.export_csv(inputs, results))))
    assert [row["Industry"] for row in rows] == [row["industry"] for row in results["rows"]]
    food = next(row for row in rows if row["Industry"] == "Food processing")
    assert stated_equals("2.16", float(food["LQ"])) and food["Specialisation"] == "yes"


def test_the_template_is_a_table_the_tool_reads():
    filename, data = TOOL.template()
    assert filename.endswith(".csv")
    assert TOOL.parse({}, {"file": (filename, data)}, {})["regions"] == ["Region North"]


def test_results_render_escaped_with_an_accessible_chart():
    text = "Industry,<b>North</b>,Country\n<script>alert(1)</script>,10,100\nTotal,100,1000\n"
    inputs, results = run(text)
    html = str(TOOL.render_results(inputs, results, {}))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html
    assert 'role="img"' in html and "<title>" in html and "<desc>" in html
    assert "style=" not in html and "width=\"100%\"" not in html and "<table" in html
    assert 'viewBox="0 0 360' in html
    form = str(TOOL.render_form(inputs, {}, None))
    assert "&lt;script&gt;" in form and "<script>" not in form
    assert TOOL.summary(results).startswith("<b>North</b>: 0 of 1")


def test_three_hundred_industries_compute_well_under_50_ms():
    lines = ["Industry,Region,Country"]
    lines += [f"Industry {i},{100 + i},{10_000 + 7 * i}" for i in range(300)]
    region, country = sum(100 + i for i in range(300)), sum(10_000 + 7 * i for i in range(300))
    lines.append(f"Total,{region},{country}")
    inputs = TOOL.parse({"table": ["\n".join(lines)]}, {}, {})
    best = min(_timed(lambda: TOOL.compute(inputs, {})) for _ in range(5))
    assert best < 0.05, f"{best * 1000:.1f} ms"
    results = TOOL.compute(inputs, {})
    assert len(results["rows"]) == 300
    # A saved entry's page renders the results: generous bound, the page budget is ~100 ms.
    rendering = min(_timed(lambda: TOOL.render_results(inputs, results, {})) for _ in range(3))
    assert rendering < 0.25, f"{rendering * 1000:.1f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_an_lq_exactly_at_the_threshold_counts():
    # Shift-share lesson: "machinery was exactly at it in 2017" (LQ 1.25).
    lesson = PACKAGE / "01-mapping" / "shift-share.md"
    text = table_csv(lesson, "Table 5.", ["Industry", "Region North 2017", "Country 2017"])
    _inputs, results = run(text)
    machinery = next(r for r in results["rows"] if r["industry"] == "Machinery and equipment")
    assert machinery["lq"] == pytest.approx(1.25) and machinery["specialised"]


def test_learner_text_never_becomes_a_formula_in_the_export():
    text = "Industry,=HYPERLINK(\"http://x\"),Country\n@SUM(1),10,100\nTotal,100,1000\n"
    inputs, _results = run(text)
    rows = values(TOOL.export_xlsx(inputs, {}))["Location quotients"]
    assert rows[4][1] == '=HYPERLINK("http://x")' and rows[5][0] == "@SUM(1)"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(TOOL.export_xlsx(inputs, {})))
    sheet = book.active
    assert sheet.cell(row=5, column=2).data_type == "s" and sheet.cell(6, 1).data_type == "s"
    assert sheet.cell(row=6, column=6).data_type == "f"  # results stay formulas


def test_a_zip_bomb_is_refused_before_it_is_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (25 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    found = problems(files={"file": ("bomb.xlsx", buffer.getvalue())})
    assert "expands to more than 20 MB" in found[0].message


def test_the_total_row_is_named_wherever_it_stands():
    text = "Industry,North,Country\nTotal,100,1000\nFood,60,100\nTools,50,100\n"
    found = problems(text)
    assert any("do not add up" in p.message and p.row == 1 for p in found), found
