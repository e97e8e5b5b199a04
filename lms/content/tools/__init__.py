"""Workbook tools: the lms.tools entry-point group, built-in tools and plugins alike.

Built-in tools are entry points of this distribution (``lms``) and always load;
tools from other distributions load only when the config enables plugins
(TOOL_ENTRY_POINTS), so installing a package never changes a site by itself.
No process-wide registry: callers hold the mapping that ``load_tools`` returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from ..plugins import PluginError, load_entry_points
from .base import Files, Form, InputProblem, Tool, ToolInputError

__all__ = ["PLUGIN_GROUP", "Files", "Form", "InputProblem", "Tool", "ToolInputError",
           "ToolPluginError", "UnknownTool", "load_tools"]

PLUGIN_GROUP = "lms.tools"
BUILT_IN_DISTRIBUTION = "lms"


class ToolPluginError(PluginError):
    """A tool plugin failed to load or does not provide a usable Tool."""


class UnknownTool(LookupError):
    """A course names a tool that no loaded entry point provides."""


@lru_cache(maxsize=2)
def load_tools(plugins: bool) -> Mapping[str, Tool]:
    """Return the tools by name: the built-in ones, plus other distributions' if ``plugins``."""
    try:
        loaded = load_entry_points(PLUGIN_GROUP)
    except PluginError as exc:
        raise ToolPluginError(str(exc)) from exc
    tools: dict[str, Tool] = {}
    for entry_point, obj in loaded:
        dist = entry_point.dist.name if entry_point.dist is not None else ""
        if dist != BUILT_IN_DISTRIBUTION and not plugins:
            continue
        tool = obj() if isinstance(obj, type) else obj
        if not isinstance(tool, Tool) or tool.name != entry_point.name:
            raise ToolPluginError(
                f"tool plugin {entry_point.name!r} ({entry_point.value}) must be a Tool "
                f"whose name is {entry_point.name!r}")
        if tool.name in tools:
            raise ToolPluginError(f"tool {tool.name!r} is provided twice")
        tools[tool.name] = tool
    return MappingProxyType(tools)
