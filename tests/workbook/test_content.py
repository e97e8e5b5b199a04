"""Tool items in course packages: checked with file:line messages, stored at sync."""

import shutil

import pytest

from config import TestConfig
from lms import create_app
from lms.content.loader import load_package
from lms.content.tools import load_tools
from tests.fixtures.workbook import WORKSHOP, tool_item


@pytest.fixture
def config_overrides(tool_plugin):
    return {"TOOL_ENTRY_POINTS": True}


@pytest.fixture
def workshop_copy(tmp_path):
    target = tmp_path / "workshop"
    shutil.copytree(WORKSHOP, target)
    return target


def _edit(folder, old: str, new: str) -> None:
    manifest = folder / "course.toml"
    text = manifest.read_text()
    assert old in text
    manifest.write_text(text.replace(old, new, 1))


def test_tool_items_load_with_options_and_defaults(app):
    package, problems = load_package(WORKSHOP, app.extensions["tools"])
    assert problems == []
    tools = {item.slug: item for item in package.items if item.kind == "tool"}
    assert tools["growth-tool"].tool == "growth-rate"
    assert tools["growth-tool"].options["decimals"] == 2
    assert tools["growth-tool"].options["list_problems"] is False  # a default
    assert tools["members-tool"].options == {"decimals": 1, "unit": "jobs",
                                             "list_problems": True}
    assert tools["members-tool"].body == ""  # a tool needs no file


def test_unknown_tool_names_the_line_and_the_known_tools(app, workshop_copy):
    _edit(workshop_copy, 'tool = "growth-rate"', 'tool = "growth-rat"')
    package, problems = load_package(workshop_copy, app.extensions["tools"])
    assert package is None
    assert [str(p) for p in problems] == [
        'workshop/course.toml:27: module "growth", item "growth-tool": unknown tool '
        '"growth-rat"; known tools: business-model-canvas, growth-rate, location-quotient, '
        'naive-growth, revenue-mix, shift-share, stakeholder-map']


def test_tool_options_are_checked_by_the_tool(app, workshop_copy):
    _edit(workshop_copy, "decimals = 2", "decimals = 9\ncolour = \"red\"")
    problems = [str(p) for p in load_package(workshop_copy, app.extensions["tools"])[1]]
    assert problems == [
        'workshop/course.toml:30: module "growth", item "growth-tool": options: '
        '"decimals" is 9; it must be between 0 and 4',
        'workshop/course.toml:31: module "growth", item "growth-tool": options: '
        'unknown key "colour"']


def test_tool_keys_belong_to_tool_items_and_a_tool_needs_its_name(app, workshop_copy):
    _edit(workshop_copy, 'file = "01-growth/intro.md"\n',
          'file = "01-growth/intro.md"\ntool = "growth-rate"\n')
    _edit(workshop_copy, 'minutes = 10\ntool = "growth-rate"\n', "minutes = 10\n")
    problems = [str(p) for p in load_package(workshop_copy, app.extensions["tools"])[1]]
    assert problems == [
        'workshop/course.toml:19: module "growth", item "growth-intro": "tool" is only for '
        'items of kind "tool"',
        'workshop/course.toml:34: module "growth", item "members-tool": missing required key '
        '"tool" (the name of a tool)']


def test_other_kinds_still_need_a_file(app, workshop_copy):
    _edit(workshop_copy, 'file = "01-growth/intro.md"\n', "")
    problems = [str(p) for p in load_package(workshop_copy, app.extensions["tools"])[1]]
    assert problems == ['workshop/course.toml:14: module "growth", item "growth-intro": '
                        'missing required key "file"']


def test_plugin_tools_load_only_when_the_config_enables_them(tool_plugin):
    app = create_app(TestConfig)
    assert "growth-rate" not in app.extensions["tools"]
    assert "growth-rate" in load_tools(plugins=True)
    problems = [str(p) for p in load_package(WORKSHOP, app.extensions["tools"])[1]]
    assert problems and all("unknown tool" in p for p in problems)


def test_courses_check_and_sync_use_the_enabled_tools(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "check", str(WORKSHOP)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_sync_stores_the_tool_and_its_options(workshop):
    item = tool_item()
    assert (item.kind, item.tool, item.tool_options) == (
        "tool", "growth-rate", {"decimals": 2, "unit": "jobs", "list_problems": False})
    assert "Enter each industry" in item.body_html
    assert tool_item("members-tool").body_html == ""
