"""docs/tools.md's minimal plugin works as written, and the built-in tools all load."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from lms.content.tools import Tool, ToolInputError, load_tools
from tests.content.tools.libreoffice import recalculate

DOC = Path(__file__).resolve().parents[3] / "docs" / "tools.md"
BUILT_IN = {"location-quotient", "shift-share", "business-model-canvas", "revenue-mix",
            "stakeholder-map"}


def example_module() -> types.ModuleType:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete minimal plugin", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    module = types.ModuleType("cluster_tools_pricing")
    exec(compile(code, str(DOC), "exec"), module.__dict__)  # noqa: S102 - our own documentation
    return module


def test_the_documented_plugin_works():
    tool = example_module().ServicePrice()
    assert isinstance(tool, Tool) and tool.validate_options({"margin_pct": 10}) == []
    assert tool.validate_options({"margin_pct": 200})
    form = {"fixed": ["36,000"], "variable": ["450"], "units": ["45"]}
    inputs = tool.parse(form, {}, {})
    results = tool.compute(inputs, {"margin_pct": 0})
    assert results["price"] == 1250  # the audit of "Costs and break-even" at break-even
    assert "1,250.00" in str(tool.render_results(inputs, results, {}))
    assert tool.summary(results) == "Lowest price EUR 1,250.00"
    assert "Price,1250.0" in tool.export_csv(inputs, results)
    sheet = recalculate({"p": tool.export_xlsx(inputs, {"margin_pct": 10})})["p"]["Service price"]
    assert sheet[4][1] == pytest.approx(1375)
    with pytest.raises(ToolInputError) as caught:
        tool.parse({"fixed": ["lots"], "variable": ["-1"], "units": ["0"]}, {}, {})
    assert len(caught.value.problems) == 2
    again = str(tool.render_form(caught.value.draft, {}, caught.value.problems))
    assert 'value="lots"' in again and 'role="alert"' in again


def test_every_built_in_tool_loads_with_valid_default_options():
    tools = load_tools(False)
    assert BUILT_IN <= set(tools)
    for name in BUILT_IN:
        tool = tools[name]
        assert tool.name == name and tool.title
        assert tool.validate_options({}) == []
        assert tool.validate_options({"no-such-option": 1})
        assert str(tool.render_form(None, {}, None)).strip()
        template = tool.template()
        if template is not None:
            filename, data = template
            assert tool.parse({}, {"file": (filename, data)}, {})
