"""The cluster workbook: tool items, learners' saved work, sharing and trainers' comments."""

from flask import Flask

from lms.content.tools import load_tools


def init_app(app: Flask) -> None:
    """Load the workbook tools once (built-ins, plus plugins when the config enables them)."""
    app.extensions["tools"] = load_tools(app.config.get("TOOL_ENTRY_POINTS", False))
