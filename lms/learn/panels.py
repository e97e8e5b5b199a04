"""Each item kind's panel on the lesson page: what shows under the body, built by the view.

One explicit table from kind name to builder (the kinds themselves are in
lms.content.kinds). The lesson view calls the item's builder and hands the panel to the
kind's template (templates/learn/_item_<kind>.html), which only renders it. A builder takes
the course row, the item (its outline entry; the row in the reader's language for kinds with
settings), the learner's state of it, and any extra arguments of a view that re-renders the
page (a refused tool save passes its problems and draft).
"""

from collections.abc import Callable
from dataclasses import dataclass

from lms.learn.queries import ItemState
from lms.models import Course
from lms.quiz.panels import quiz_panel, reflection_panel
from lms.workbook.panel import tool_panel


@dataclass
class DonePanel:
    """A lesson the learner marks done: whether they have, and whether they may."""

    completed: bool
    markable: bool  # trainer-only material is part of no one's progress


def done_panel(course: Course, item, state: ItemState | None) -> DonePanel:
    """The mark-done button's state (no query: the view has read the learner's states)."""
    return DonePanel(completed=bool(state and state.completed), markable=not item.for_trainers)


PanelBuilder = Callable[..., object]

PANELS: dict[str, PanelBuilder] = {
    "theory": done_panel,
    "case": done_panel,
    "quiz": quiz_panel,
    "reflection": reflection_panel,
    "tool": tool_panel,
}
