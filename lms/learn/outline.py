"""A course's outline and lesson bodies, built once per content version and kept in process.

Course content changes only when `flask courses sync` imports a package, which sets the
course's content hash and sync time in the same transaction as the rows. The key (course id,
content hash, sync time) therefore names one version of the content for good: an entry can
never go stale, so no invalidation is needed, across processes or after a restore from backup
(the restored rows come back with the key of their own version). What is the same for every
learner is built once; each request adds only the learner's own state.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache

import sqlalchemy as sa
from markupsafe import escape

from lms.access import sees_trainer_items
from lms.content.kinds import ITEM_KINDS, ItemKind
from lms.extensions import db
from lms.models import TRAINERS, Course, Item, Module

VERSIONS_KEPT = 64  # course versions per process: a handful of courses, a few syncs each


@dataclass(eq=False)
class Lesson:
    """An item of the outline, with what the lesson page shows of it (read-only)."""

    id: int
    slug: str
    kind: str
    title: str
    minutes: int
    position: int
    module_id: int
    prerequisites: tuple[str, ...]
    body_html: str
    module: "Chapter" = field(repr=False, default=None)  # type: ignore[assignment]  # set once built
    for_trainers: bool = False  # visibility = "trainers": facilitator material
    translated: bool = False  # the body is in the reader's language (lms.learn.translated)

    @cached_property
    def title_html(self) -> str:
        """The title escaped, once per content version: the outline shows every title."""
        return str(escape(self.title))

    @cached_property
    def slug_html(self) -> str:
        """The slug escaped, for the outline's links."""
        return str(escape(self.slug))

    @property
    def kind_info(self) -> ItemKind:
        """The kind's row of the kinds table."""
        return ITEM_KINDS[self.kind]


@dataclass(eq=False)
class Chapter:
    """A module of the outline, with its live items in order."""

    id: int
    slug: str
    title: str
    summary: str
    items: list[Lesson] = field(default_factory=list)

    @cached_property
    def title_html(self) -> str:
        """The title escaped, once per content version."""
        return str(escape(self.title))


@dataclass(eq=False)
class Outline:
    """The live modules and items of one version of a course, in order."""

    modules: list[Chapter]
    items: list[Lesson]
    by_slug: dict[str, Lesson]


def outline(course: Course) -> Outline:
    """The outline of the course's version as its row names it (built on the first call);
    if a sync lands in between, the course row is read again."""
    for _ in range(3):
        try:
            return _build(course.id, course.content_hash, course.synced_at)
        except VersionChanged:
            db.session.refresh(course)
    return _build(course.id, course.content_hash, course.synced_at)


class VersionChanged(Exception):
    """The course was synced while its outline was being read."""


@lru_cache(maxsize=VERSIONS_KEPT)
def _build(course_id: int, content_hash: str, synced_at: datetime) -> Outline:
    rows = db.session.execute(
        sa.select(Module.id, Module.slug, Module.title, Module.summary, Item.id, Item.slug,
                  Item.kind, Item.title, Item.minutes, Item.position, Item.prerequisites,
                  Item.body_html, Course.content_hash, Course.synced_at, Item.visibility)
        .join(Course, Course.id == Module.course_id)
        .outerjoin(Item, sa.and_(Item.module_id == Module.id, Item.is_live))
        .where(Module.course_id == course_id, Module.is_live)
        .order_by(Module.position, Module.id, Item.position, Item.id)).all()
    if any((r[12], r[13]) != (content_hash, synced_at) for r in rows):
        raise VersionChanged  # a sync committed meanwhile: keep nothing built from it
    modules: dict[int, Chapter] = {}
    for (module_id, module_slug, module_title, summary, item_id, slug, kind, title, minutes,
         position, prerequisites, body_html, _hash, _synced, visibility) in rows:
        module = modules.setdefault(module_id, Chapter(module_id, module_slug, module_title,
                                                       summary or ""))
        if item_id is None:
            continue
        lesson = Lesson(item_id, slug, kind, title, minutes, position, module_id,
                        tuple(prerequisites or ()), body_html or "", module,
                        for_trainers=visibility == TRAINERS)
        module.items.append(lesson)
    chapters = list(modules.values())
    ordered = [lesson for chapter in chapters for lesson in chapter.items]
    return Outline(chapters, ordered, {lesson.slug: lesson for lesson in ordered})



def learner_outline(course: Course) -> Outline:
    """The outline without trainer-only items (and modules left empty): what counts in
    progress and what learners see; built once per content version too."""
    return _for_learners(outline(course))


@lru_cache(maxsize=VERSIONS_KEPT)
def _for_learners(full: Outline) -> Outline:
    if not any(lesson.for_trainers for lesson in full.items):
        return full
    chapters = []
    for chapter in full.modules:
        items = [lesson for lesson in chapter.items if not lesson.for_trainers]
        if items:
            chapters.append(Chapter(chapter.id, chapter.slug, chapter.title, chapter.summary,
                                    items))
    ordered = [lesson for chapter in chapters for lesson in chapter.items]
    return Outline(chapters, ordered, {lesson.slug: lesson for lesson in ordered})


def outline_for(course: Course, user) -> Outline:
    """What this person may open: everything for the course's trainers and admins."""
    full = outline(course)
    if any(lesson.for_trainers for lesson in full.items) and sees_trainer_items(user, course):
        return full
    return learner_outline(course)
