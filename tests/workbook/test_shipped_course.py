"""The shipped course places one tool item where each module's lesson says "Try it", with
the lessons' settings (the LQ threshold, the membership fee tiers)."""

from pathlib import Path

import pytest

from lms.content.loader import load_package
from lms.content.tools import ToolInputError, load_tools
from tests.content.tools.test_stakeholder_map import lesson_tiers

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"

# tool -> (module, the lesson that teaches its method and says "Try it" just before it)
PLACES = {
    "location-quotient": ("mapping", "01-mapping/measuring-concentration.md"),
    "shift-share": ("mapping", "01-mapping/shift-share.md"),
    "business-model-canvas": ("business-model", "02-business-model/canvas.md"),
    "revenue-mix": ("economics", "03-economics/costs-and-break-even.md"),
    "stakeholder-map": ("stakeholders", "05-stakeholders/stakeholder-maps.md"),
}


def _package():
    package, problems = load_package(COURSE, load_tools(False))
    assert package is not None, [str(p) for p in problems]
    return package


def test_each_built_in_tool_follows_the_lesson_that_says_try_it():
    placed = {}
    for module in _package().modules:
        for before, item in zip(module.items, module.items[1:], strict=False):
            if item.kind == "tool":
                placed[item.tool] = (module.slug, before.file)
                last = [line for line in before.body.splitlines() if line.strip()][-1]
                assert last.startswith("**Try it:**") and "(the next lesson)" in last, last
                assert item.prerequisites == ()  # a learner may try it before or after
    assert placed == PLACES
    assert sorted(placed) == sorted(load_tools(False))


def test_the_tools_use_the_lessons_threshold_and_fee_tiers():
    tools = {item.tool: item for item in _package().items if item.kind == "tool"}
    assert tools["location-quotient"].options["threshold"] == 1.25
    assert tools["stakeholder-map"].options["fee_tiers"] == lesson_tiers()


def test_an_empty_stakeholder_map_is_refused_even_with_fee_tiers_set():
    tools = {item.tool: item for item in _package().items if item.kind == "tool"}
    options = tools["stakeholder-map"].options
    tool = load_tools(False)["stakeholder-map"]
    with pytest.raises(ToolInputError, match="Enter at least one stakeholder"):
        tool.parse({"tier_members": ["", "0"]}, {}, options)
    inputs = tool.parse({"tier_members": ["30", "20"]}, {}, options)  # fees alone are fine
    assert tool.compute(inputs, options)["fees"]["income"] == 30 * 400 + 20 * 1200
