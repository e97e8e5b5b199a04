"""Formulas in course Markdown: `$...$` and `$$...$$` become MathML on the server, safely."""

import pytest

from lms.content.formulas import FormulaError, formula_problems, to_mathml
from lms.content.rendering import render_markdown


def test_inline_and_displayed_formulas_become_mathml():
    html = str(render_markdown(
        "The LQ, $\\mathrm{LQ} = \\frac{e_{ir}/e_r}{e_i/e}$, compares shares.\n\n"
        "$$\n\\mathrm{HHI} = \\sum_{k=1}^{n} s_k^2\n$$\n", formulas=True))
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<mfrac>" in html and "<msub><mi>e</mi>" in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert "<munderover>" in html and "$" not in html


@pytest.mark.parametrize("text", [
    "Between $5 and $10 a head.",          # prices, not a formula
    "Code: `$\\frac{a}{b}$` stays code.",   # code spans are left alone
    "A lone $ sign.",
    "Escaped \\$x\\$ stays as written.",
])
def test_text_that_is_not_a_formula_is_left_alone(text):
    html = str(render_markdown(text, formulas=True))
    assert "<math" not in html and "$" in html


def test_formulas_are_for_course_content_only():
    # what people post is not read as LaTeX, and MathML they type is removed
    post = str(render_markdown("$x_1$ and <math><mi>y</mi></math>"))
    assert "<math" not in post and "$x_1$" in post


@pytest.mark.parametrize("latex", [
    "\\href{javascript:alert(1)}{x}",
    "\\text{<script>alert(1)</script>}",
    "\\text{<img src=x onerror=alert(1)>}",
    "\\style{color:red}{x}",
])
def test_hostile_formulas_render_without_script_or_links(latex):
    html = str(render_markdown(f"${latex}$", formulas=True)).lower()
    for bad in ("javascript", "<script", "onerror", "href", "style="):
        assert bad not in html, (latex, html)


def test_mathml_survives_the_sanitizer_without_dangerous_attributes():
    html = str(render_markdown(
        '<math display="block" href="https://x.test"><mi style="x" mathvariant="bold">a</mi>'
        '<annotation-xml encoding="text/html"><p>hi</p></annotation-xml></math>\n\n$a$',
        formulas=True))
    assert "href" not in html and "style" not in html and "annotation-xml" not in html
    assert 'mathvariant="bold"' in html


@pytest.mark.parametrize("latex, message", [
    ("\\frac{a}{b", 'a "{" is never closed'),
    ("a}", 'a "}" closes nothing'),
    ("\\lq_{ir}", "unknown command \\lq"),
    ("\\frac{a}", "missing an argument"),
    ("   ", "empty"),
    ("x" * 501, "longer than 500"),
    ("\\begin{aligned} a &= b \\end{aligned}", "cannot turn into MathML"),
])
def test_formulas_that_cannot_be_read_say_why(latex, message):
    with pytest.raises(FormulaError, match=None) as raised:
        to_mathml(latex)
    assert message in str(raised.value)


def test_problems_carry_the_line_of_the_formula():
    text = "Fine $a_1$.\n\n```\n$\\nope$\n```\n\nBad $\\nope$ here.\n\nText\n$$x$$\n"
    assert formula_problems(text) == [
        (7, 'formula "\\nope": unknown command \\nope'),
        (10, 'a "$$" formula must be a paragraph of its own: leave a blank line before and '
             "after it"),
    ]


def test_every_formula_of_the_shipped_course_renders():
    from pathlib import Path

    course = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
    count = 0
    for path in course.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert formula_problems(text) == [], path.name
        count += str(render_markdown(text, formulas=True)).count("<math ")
    assert count >= 20  # LQ, shift-share, break-even, HHI, retention, KPI progress, glossary
