"""The lesson page's context, shared by the lesson view and views that re-render it."""

from flask import abort
from flask_login import current_user

from lms.extensions import db
from lms.forum.embeds import discussion_box
from lms.forum.queries import NOT_READ, NotRead
from lms.i18n import current_language
from lms.learn import queries
from lms.learn.outline import outline_for
from lms.learn.panels import PANELS
from lms.learn.translated import course_texts, translate_outline, translated_course, view
from lms.models import Course, Item, Thread
from lms.services import progress


def lesson_context(course: Course, item_slug: str,
                   thread: Thread | None | NotRead = NOT_READ, **panel_args) -> dict:
    """Outline and states, prerequisites still missing, previous and next, the kind's panel
    and the discussion box: everything the page shows, so its templates run no query.

    ``thread`` is the item's discussion thread when the view read it with the course.
    The outline is the same for every learner (built once per content version); trainer-only
    items are in it only for the course's trainers and admins, so they are 404 for others.
    """
    language = current_language()
    plan = translate_outline(outline_for(course, current_user), course, language)
    lesson = plan.by_slug.get(item_slug) or abort(404)
    # A quiz or a tool: its panel and template read the settings of the full row.
    item = view(db.session.get(Item, lesson.id), "item", course_texts(course, language)) \
        if lesson.kind_info.settings else lesson
    states = queries.item_states(current_user.id, course)
    done = {i.slug for i in plan.items if states.get(i.id, queries.ItemState()).completed}
    # Trainers preview everything; prerequisites guide learners.
    missing = [] if current_user.is_trainer else progress.missing_prerequisites(lesson, done)
    locks = {} if current_user.is_trainer else progress.locked_items(plan.items, done)
    index = plan.items.index(lesson)
    shown = not missing  # a locked lesson shows only what to complete first
    return dict(
        course=translated_course(course, language), modules=plan.modules, item=item,
        lesson=lesson, states=states, missing=missing, locks=locks,
        previous=plan.items[index - 1] if index else None,
        next=plan.items[index + 1] if index + 1 < len(plan.items) else None,
        by_slug=plan.by_slug,
        panel=PANELS[lesson.kind](course, item, states.get(lesson.id), **panel_args)
        if shown else None,
        discussion=discussion_box(current_user, lesson, thread)
        if shown and not lesson.for_trainers else None,
    )
