"""The lesson page's context, shared by the lesson view and views that re-render it."""

from flask_login import current_user

from lms.forms import EmptyForm
from lms.learn import queries
from lms.models import Course, Item
from lms.services import progress
from lms.workbook.panel import tool_panel

# Item kinds whose lesson page shows a panel the view builds (the template only renders it).
PANELS = {"tool": tool_panel}


def lesson_context(course: Course, item: Item, **panel_args) -> dict:
    """Outline states, prerequisites still missing, previous and next, and the kind's panel."""
    states = queries.item_states(current_user.id, course)
    done = {i.slug for m in course.modules for i in m.items
            if states.get(i.id, queries.ItemState()).completed}
    # Trainers preview everything; prerequisites guide learners.
    missing = [] if current_user.is_trainer else progress.missing_prerequisites(item, done)
    ordered = [i for m in course.modules for i in m.items]
    index = ordered.index(item)
    build = PANELS.get(item.kind)
    return dict(
        course=course, item=item, states=states, form=EmptyForm(), missing=missing,
        previous=ordered[index - 1] if index else None,
        next=ordered[index + 1] if index + 1 < len(ordered) else None,
        by_slug={i.slug: i for i in ordered},
        panel=build(item, **panel_args) if build and not missing else None,
    )
