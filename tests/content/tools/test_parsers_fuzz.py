"""Property tests: whatever a learner sends, a tool answers with ToolInputError or with inputs
that compute, render and export (JSON-serialisable) — never another exception."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.content.tools import ToolInputError, load_tools
from lms.content.tools.tables import read_table, read_text

TOOLS = load_tools(False)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

numberish = st.sampled_from(["0", "1", "10", "13,200", "1,5", "-3", "2.5", "1e9", "", "x",
                             "999999999999999", "NaN", "inf", "1 000", "€12", "30%", "−4"])
cell = numberish | st.text(max_size=12)
names = st.sampled_from(["Industry", "Food", "Total", "All other industries", "other", "",
                         "total", "=cmd()", "<b>x</b>"]) | st.text(max_size=10)
table_rows = st.lists(st.lists(cell, min_size=0, max_size=6).flatmap(
    lambda cells: names.map(lambda name: [name, *cells])), max_size=12)


def as_csv(rows: list[list[str]]) -> str:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def check_tool(name: str, form: dict, files: dict | None = None, options: dict | None = None):
    tool = TOOLS[name]
    options = options or {}
    try:
        inputs = tool.parse(form, files or {}, options)
    except ToolInputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        tool.render_form(exc.draft, options, exc.problems)
        return
    inputs = json.loads(json.dumps(inputs))  # what the platform stores and reads back
    results = json.loads(json.dumps(tool.compute(inputs, options), allow_nan=False))
    tool.render_results(inputs, results, options)
    tool.render_form(inputs, options, None)
    tool.summary(results)
    tool.export_csv(inputs, results)
    assert tool.export_xlsx(inputs, options)[:2] == b"PK"


@FAST
@given(st.text(max_size=400))
def test_read_text_only_raises_tool_input_error(text):
    try:
        rows = read_text(text)
    except ToolInputError:
        return
    assert rows and all(isinstance(c, str) for row in rows for c in row)


@FAST
@given(st.binary(max_size=600), st.sampled_from(["a.csv", "a.xlsx", "a.txt", "", "a.xlsm"]))
def test_read_table_only_raises_tool_input_error(data, filename):
    try:
        read_table(filename, data)
    except ToolInputError:
        pass


@FAST
@given(st.dictionaries(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml",
                                        "xl/worksheets/sheet1.xml", "xl/_rels/workbook.xml.rels",
                                        "docProps/app.xml"]), st.binary(max_size=200)))
def test_broken_xlsx_archives_only_raise_tool_input_error(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    try:
        read_table("book.xlsx", buffer.getvalue())
    except ToolInputError:
        pass


@FAST
@given(table_rows, st.sampled_from(["location-quotient", "shift-share"]))
def test_employment_tools_never_fail_unexpectedly(rows, name):
    header = [["Industry", "Region 2017", "Region 2022", "Country 2017", "Country 2022"][:5 if
              name == "shift-share" else 3]]
    check_tool(name, {"table": [as_csv(header + rows)]})


@FAST
@given(table_rows)
def test_employment_tables_with_any_header(rows):
    check_tool("location-quotient", {"table": [as_csv(rows)]})


form_values = st.lists(cell | st.sampled_from(["core", "fees", "services", "projects",
                                               "industry", "research", "government",
                                               "civil-society", "other", "members"]),
                       max_size=5)


@FAST
@given(st.fixed_dictionaries({}, optional={
    key: form_values for key in ("stream_name", "stream_type", "stream_funder", "stream_amount",
                                 "total_costs", "fixed_costs", "reserves", "cut_line", "cut_pct",
                                 "be_fixed", "be_price", "be_variable", "be_unit",
                                 "be_current")}))
def test_revenue_mix_never_fails_unexpectedly(form):
    check_tool("revenue-mix", form)


TIERS = {"fee_tiers": [{"name": "Micro", "fee": 400, "size_from": 1, "size_to": 9},
                       {"name": "Partner", "fee": 15000}]}


@FAST
@given(st.fixed_dictionaries({}, optional={
    key: form_values for key in ("sh_name", "sh_helix", "sh_power", "sh_interest", "sh_note",
                                 "tier_members", "tier_fee")}), st.booleans())
def test_stakeholder_map_never_fails_unexpectedly(form, tiers):
    check_tool("stakeholder-map", form, options=TIERS if tiers else {})


@FAST
@given(st.dictionaries(st.sampled_from(["channels", "value-propositions", "cost-structure",
                                        "other"]), st.lists(st.text(max_size=50), max_size=2)))
def test_canvas_never_fails_unexpectedly(form):
    check_tool("business-model-canvas", form)


@FAST
@given(table_rows)
def test_uploaded_xlsx_with_any_cells(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in [["Industry", "Region", "Country"], *rows]:
        book.active.append([_typed(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    check_tool("location-quotient", {}, {"file": ("upload.xlsx", buffer.getvalue())})


def _typed(value: str) -> object:
    """Numbers as numbers (as a spreadsheet stores them), the rest as text or formulas."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    try:
        return float(value)
    except ValueError:
        return ILLEGAL_CHARACTERS_RE.sub("", value)
