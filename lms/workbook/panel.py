"""What a tool item's lesson page shows: the tool's form, the learner's last results, links."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app
from flask_login import current_user
from markupsafe import Markup, escape

from lms.access import course_cohorts_trained
from lms.content.tools import InputProblem, Tool
from lms.learn.queries import ItemState
from lms.models import Cohort, Course, Item, WorkbookEntry
from lms.services import workbook
from lms.services.errors import DomainError


@dataclass
class ToolPanel:
    """The tool item's panel for the current user."""

    tool: Tool | None
    unavailable: str = ""  # why the tool cannot be used here
    entry: WorkbookEntry | None = None
    form_html: Markup = Markup("")
    results_html: Markup | None = None
    problems: list[InputProblem] = field(default_factory=list)
    problems_in_form: bool = False  # the tool's form lists every problem itself
    has_template: bool = False
    cohorts: list[Cohort] = field(default_factory=list)


@lru_cache(maxsize=64)
def _has_template(tool: Tool) -> bool:
    """Tools build their template once per process, not on every page."""
    return tool.template() is not None


def tool_panel(course: Course, item: Item, state: ItemState | None,
               problems: list[InputProblem] | None = None, draft: dict | None = None) -> ToolPanel:
    """Build the panel; after a refused save, ``problems`` and the learner's ``draft``."""
    try:
        tool = workbook.tool_of(item, current_app.extensions["tools"])
    except DomainError as error:
        return ToolPanel(None, unavailable=error.message)
    options = workbook.options_of(item)
    entry = workbook.entry_of(current_user, item)
    shown = draft if problems else (entry.inputs if entry else None)
    form_html = tool.render_form(shown, options, problems or None)
    panel = ToolPanel(tool, entry=entry, problems=list(problems or []), form_html=form_html,
                      problems_in_form=bool(problems) and all(
                          str(escape(p.message)) in form_html for p in problems or ()),
                      has_template=_has_template(tool),
                      cohorts=course_cohorts_trained(current_user, course.id))
    if entry is not None and not problems:
        panel.results_html = tool.render_results(entry.inputs, entry.results, options)
    return panel
