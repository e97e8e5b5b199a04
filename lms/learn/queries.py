"""Reads for the learning pages, each a fixed number of queries whatever the course size."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import defer, joinedload

from lms.access import Viewer, may_study, sees_trainer_items
from lms.extensions import db
from lms.i18n.lookup import gettext as _
from lms.learn.translated import view
from lms.models import Course, CoursePage, Item, ItemProgress, Module, Thread, User


def course_or_404(slug: str) -> Course:
    """A live course by slug, with modules and items loaded."""
    course = db.session.execute(
        sa.select(Course).where(Course.slug == slug, Course.is_live)
        .options(joinedload(Course.modules).joinedload(Module.items)
                 .defer(Item.body_html).defer(Item.quiz))
    ).unique().scalar_one_or_none()  # one query: the outline is a few dozen rows
    return course or abort(404)


def studied_lesson_or_404(slug: str, item_slug: str, user: User) -> tuple[Course, Thread | None]:
    """A live course by slug that the user may study, the row alone, with the access check
    and the discussion thread of its item ``item_slug`` (None if it has none) in the same
    query: 404 if there is no such course, 403 if it is not theirs."""
    row = db.session.execute(_studied_lesson(user.role), {
        "slug": slug, "user_id": user.id, "item_slug": item_slug}).one_or_none()
    if row is None:
        abort(404)
    if not row[1]:
        abort(403, _("Join a cohort of this course to study it."))
    return row[0], row[2]


@cache
def _studied_lesson(role: str) -> sa.Select:
    """The course row, `may_study` for someone of the role and the item's thread: built once
    per process, as the lesson page runs it on every view."""
    viewer = Viewer(sa.bindparam("user_id", type_=sa.Integer), role)
    return (sa.select(Course, may_study(viewer), Thread)
            .outerjoin(Item, sa.and_(Item.course_id == Course.id,
                                     Item.slug == sa.bindparam("item_slug", type_=sa.String)))
            .outerjoin(Thread, Thread.item_id == Item.id)  # one at most: item_id is unique
            .where(Course.slug == sa.bindparam("slug", type_=sa.String), Course.is_live))


def studied_item_or_404(slug: str, item_slug: str, user: User,
                        refused: int = 403) -> tuple[Course, Item]:
    """A live course the user may study and its live item by slug, in one query: 404 if
    either is missing (or the item is trainers' and the user does not see those), `refused`
    if the course is not theirs. For the writes on one item, which need neither the outline
    nor the other items (loading them all was a third of "mark done")."""
    row = db.session.execute(_studied_item(user.role), {
        "slug": slug, "user_id": user.id, "item_slug": item_slug}).one_or_none()
    if row is None:
        abort(404)
    course, may, item = row
    if not may:
        abort(refused, _("Join a cohort of this course to study it."))
    if item is None or (item.for_trainers and not sees_trainer_items(user, course)):
        abort(404)  # trainers' notes stay unknown to others
    return course, item


@cache
def _studied_item(role: str) -> sa.Select:
    """The statement of `studied_item_or_404`, built once per process and role."""
    viewer = Viewer(sa.bindparam("user_id", type_=sa.Integer), role)
    live_module = sa.select(Module.id).where(Module.id == Item.module_id, Module.is_live)
    live_item = sa.and_(Item.course_id == Course.id, Item.is_live, live_module.exists(),
                        Item.slug == sa.bindparam("item_slug", type_=sa.String))
    return (sa.select(Course, may_study(viewer), Item).outerjoin(Item, live_item)
            .where(Course.slug == sa.bindparam("slug", type_=sa.String), Course.is_live)
            .options(defer(Item.body_html), defer(Item.quiz)))


def course_row_or_404(slug: str) -> Course:
    """A live course by slug, the row alone: its outline comes from `lms.learn.outline`."""
    course = db.session.scalar(
        sa.select(Course).where(Course.slug == slug, Course.is_live))
    return course or abort(404)


@dataclass
class Outline:
    """The modules and items one person may see, in course order (trainer-only ones or not)."""

    modules: list[tuple[Module, list[Item]]]

    @property
    def items(self) -> list[Item]:
        """Every visible item, in course order."""
        return [item for _, items in self.modules for item in items]

    @property
    def learner_items(self) -> list[Item]:
        """The items that count for progress: those learners study."""
        return [item for item in self.items if not item.for_trainers]


def outline(course: Course, user, texts: dict | None = None) -> Outline:
    """The course as ``user`` may see it: trainer-only items only for its trainers and admins.

    A module left without visible items is left out too. ``texts`` (lms.learn.translated)
    put titles and summaries in the reader's language.
    """
    everything = [item for module in course.modules for item in module.items]
    # ask who the user trains only when the course has trainer-only items at all
    trainer = any(i.for_trainers for i in everything) and sees_trainer_items(user, course)
    shown = (lambda row, target: view(row, target, texts)) if texts else (lambda row, _: row)
    modules = [(shown(module, "module"),
                [shown(i, "item") for i in module.items if trainer or not i.for_trainers])
               for module in course.modules]
    return Outline([(module, items) for module, items in modules if items])


def item_or_404(course: Course, slug: str, user) -> Item:
    """A live item of the course by slug that ``user`` may see; others are 404.

    Trainer-only items answer 404, not 403, to everyone else: their titles stay unknown.
    """
    for module in course.modules:
        for item in module.items:
            if item.slug == slug:
                if item.for_trainers and not sees_trainer_items(user, course):
                    break
                return item
    abort(404)


def page_or_404(course: Course, slug: str) -> CoursePage:
    """A live course page by slug."""
    page = db.session.scalar(sa.select(CoursePage).where(
        CoursePage.course_id == course.id, CoursePage.slug == slug,
        CoursePage.is_live))
    return page or abort(404)


def course_pages(course: Course) -> list[CoursePage]:
    """The glossary and other pages of a course."""
    return list(db.session.scalars(sa.select(CoursePage).where(
        CoursePage.course_id == course.id, CoursePage.is_live)
        .order_by(CoursePage.position)))


@dataclass
class ItemState:
    """A learner's state of one item."""

    seen: bool = False
    completed: bool = False
    last_seen_at: datetime | None = None


def item_states(user_id: int | None, course: Course) -> dict[int, ItemState]:
    """Item id to state for the learner, one query."""
    if user_id is None:
        return {}
    rows = db.session.execute(_item_states(), {"user_id": user_id, "course_id": course.id})
    return {item_id: ItemState(True, completed is not None, last_seen)
            for item_id, completed, last_seen in rows}


@cache
def _item_states() -> sa.Select:
    """Built once per process: the lesson page runs it on every view."""
    return (sa.select(ItemProgress.item_id, ItemProgress.completed_at, ItemProgress.last_seen_at)
            .join(Item, Item.id == ItemProgress.item_id)
            .where(ItemProgress.user_id == sa.bindparam("user_id", type_=sa.Integer),
                   Item.course_id == sa.bindparam("course_id", type_=sa.Integer)))


def percent(done: int, total: int) -> int:
    """Whole percent, 0 for an empty total."""
    return round(100 * done / total) if total else 0
