"""The canvas tool carries the lesson's nine blocks and questions, and the worked canvas."""

from __future__ import annotations

import re

import pytest

from lms.content.tools import ToolInputError, load_tools
from lms.content.tools.canvas import BLOCKS, MAX_BLOCK_CHARS
from tests.content.test_course_numbers_economics import read
from tests.content.tools.lessons import PACKAGE
from tests.content.tools.libreoffice import recalculate

LESSON = PACKAGE / "02-business-model" / "canvas.md"
TOOL = load_tools(False)["business-model-canvas"]


def lesson_blocks() -> list[tuple[str, str]]:
    """(heading, question) for each '### n. Block' section of the lesson."""
    return re.findall(r"^### \d\. (.+)\n\n\*(.+)\*$", read(LESSON), flags=re.M)


def worked_form() -> dict:
    """The Balearic tourism cluster's canvas, from the lesson's table."""
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", read(LESSON), flags=re.M)
    texts = {block: text for block, text in rows if block not in ("Block", "---")}
    keys = {title: key for key, title, _q in BLOCKS}
    keys["Key partnerships"] = "key-partners"
    return {keys[title]: [text] for title, text in texts.items() if title in keys}


def test_the_nine_blocks_and_questions_are_the_lessons():
    assert [(title, question) for _key, title, question in BLOCKS] == lesson_blocks()


def test_the_worked_canvas_renders_in_the_canvas_layout():
    form = worked_form()
    assert len(form) == 9
    inputs = TOOL.parse(form, {}, {})
    results = TOOL.compute(inputs, {})
    assert results["filled"] == 9 and TOOL.summary(results) == "9 of 9 blocks filled"
    html = str(TOOL.render_results(inputs, results, {}))
    order = [html.index(f"tool-canvas-block--{key}") for key in (
        "key-partners", "key-activities", "key-resources", "value-propositions",
        "customer-relationships", "channels", "customer-segments", "cost-structure",
        "revenue-streams")]
    assert order == sorted(order)
    assert "Quarterly &#34;living lab&#34; demo days" in html and "style=" not in html


def test_compute_normalises_the_text():
    form = {"channels": ["  Newsletter \r\n\r\n\r\n\r\nVisits\u0007  "],
            "value-propositions": ["Cafe\u0301"]}
    results = TOOL.compute(TOOL.parse(form, {}, {}), {})
    assert results["blocks"]["channels"] == "Newsletter\n\nVisits"
    assert results["blocks"]["value-propositions"] == "Café"
    assert results["words"]["channels"] == 2 and results["filled"] == 2


@pytest.mark.parametrize(("form", "message", "column"), [
    ({}, "canvas is empty", "Customer segments"),
    ({"channels": ["x" * (MAX_BLOCK_CHARS + 1)]}, "the limit is", "Channels"),
])
def test_bad_input_is_named_and_kept(form, message, column):
    with pytest.raises(ToolInputError) as caught:
        TOOL.parse(form, {}, {})
    assert any(message in p.message and p.column == column for p in caught.value.problems)
    again = str(TOOL.render_form(caught.value.draft, {}, caught.value.problems))
    assert 'role="alert"' in again and again.count("<textarea") == 9


def test_text_is_escaped_everywhere():
    form = {"channels": ["<script>alert(1)</script>"], "cost-structure": ["=HYPERLINK(\"x\")"]}
    inputs = TOOL.parse(form, {}, {})
    results = TOOL.compute(inputs, {})
    for html in (TOOL.render_results(inputs, results, {}), TOOL.render_form(inputs, {}, None)):
        assert "<script>" not in str(html) and "&lt;script&gt;" in str(html)
    assert "'=HYPERLINK" in TOOL.export_csv(inputs, results)


def test_export_xlsx_counts_words_with_formulas_in_libreoffice():
    inputs = TOOL.parse(worked_form() | {"cost-structure": ["=1+1 is text, not a formula"]},
                        {}, {})
    results = TOOL.compute(inputs, {})
    sheets = recalculate({"canvas": TOOL.export_xlsx(inputs, {})})["canvas"]
    rows = {row[0]: row for row in sheets["Canvas"] if row[0]}
    for key, title, _q in BLOCKS:
        assert rows[title][3] == results["words"][key], title
    assert rows["Cost structure"][2] == "=1+1 is text, not a formula"
    assert rows["Blocks filled"][3] == 9
    layout = [cell for row in sheets["Layout"] for cell in row if cell]
    assert any(cell.startswith("Value propositions\nHotels:") for cell in layout)
