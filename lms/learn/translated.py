"""Course content in the reader's language: the translated fields over the source, one by one.

The texts of a course in one language are read in one query per content version and kept in
process, like the outline (lms.learn.outline): the key (course id, content hash, sync time,
language) names one version for good, since translations change only with a sync of their
package. Rows loaded by SQLAlchemy are never changed: pages get a read-only view of them.
"""

import dataclasses
from functools import lru_cache

import sqlalchemy as sa

from lms.extensions import db
from lms.learn.outline import VERSIONS_KEPT, Chapter, Outline, VersionChanged
from lms.models import ContentTranslation, Course

FIELDS = ("title", "summary", "body_html", "quiz")
Texts = dict[tuple[str, str], dict]  # (target, slug) -> the fields a translator wrote


class Translated:
    """A row seen in another language: its translated fields, the row's own otherwise.

    Read-only on purpose: nothing translated can be flushed back into the source row.
    """

    __slots__ = ("_row", "_fields")

    def __init__(self, row, fields: dict):
        object.__setattr__(self, "_row", row)
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str):
        fields = object.__getattribute__(self, "_fields")
        if name in fields:
            return fields[name]
        return getattr(object.__getattribute__(self, "_row"), name)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{name}: a translated view is read-only")

    @property
    def translated(self) -> bool:
        """True when the row's text (a lesson or page body, a quiz) is in the reader's
        language, not only its title."""
        fields = object.__getattribute__(self, "_fields")
        return "body_html" in fields or "quiz" in fields


def course_texts(course: Course, language: str | None) -> Texts:
    """Every translated text of the course in ``language``; {} for its own language."""
    if not language or language == course.language:
        return {}
    for _ in range(3):
        try:
            return _texts(course.id, course.content_hash, course.synced_at, language)
        except VersionChanged:
            db.session.refresh(course)
    return _texts(course.id, course.content_hash, course.synced_at, language)


@lru_cache(maxsize=VERSIONS_KEPT * 4)
def _texts(course_id: int, content_hash: str, synced_at, language: str) -> Texts:
    rows = db.session.execute(
        sa.select(Course.content_hash, Course.synced_at, ContentTranslation.target,
                  ContentTranslation.slug, *(getattr(ContentTranslation, f) for f in FIELDS))
        .outerjoin(ContentTranslation, sa.and_(ContentTranslation.course_id == Course.id,
                                               ContentTranslation.language == language))
        .where(Course.id == course_id)).all()
    if any((row[0], row[1]) != (content_hash, synced_at) for row in rows):
        raise VersionChanged
    return {(target, slug): {name: value for name, value in zip(FIELDS, values, strict=True)
                             if value is not None}
            for _, _, target, slug, *values in rows if target is not None}


def view(row, target: str, texts: Texts):
    """The row in the reader's language (a Translated view), or the row itself."""
    fields = texts.get((target, "" if target == "course" else row.slug))
    return Translated(row, fields) if fields else row


def translated_course(course: Course, language: str | None):
    """The course row with its title and summary in ``language`` where translated."""
    return view(course, "course", course_texts(course, language))


def translate_outline(plan: Outline, course: Course, language: str | None) -> Outline:
    """The cached outline with titles, summaries and lesson bodies in ``language``."""
    if not course_texts(course, language):  # reads (and checks) this version's texts once
        return plan
    return _translate_outline(plan, course.id, course.content_hash, course.synced_at, language)


@lru_cache(maxsize=VERSIONS_KEPT * 4)
def _translate_outline(plan: Outline, course_id: int, content_hash: str, synced_at,
                       language: str) -> Outline:
    texts = _texts(course_id, content_hash, synced_at, language)
    chapters = []
    for chapter in plan.modules:
        fields = texts.get(("module", chapter.slug), {})
        lessons = [_lesson(lesson, texts.get(("item", lesson.slug), {}))
                   for lesson in chapter.items]
        copy = Chapter(chapter.id, chapter.slug, fields.get("title", chapter.title),
                       fields.get("summary", chapter.summary), lessons)
        for lesson in lessons:
            lesson.module = copy
        chapters.append(copy)
    ordered = [lesson for chapter in chapters for lesson in chapter.items]
    return Outline(chapters, ordered, {lesson.slug: lesson for lesson in ordered})


def _lesson(lesson, fields: dict):
    changes = {key: fields[key] for key in ("title", "body_html") if key in fields}
    return dataclasses.replace(lesson, **changes, translated="body_html" in fields)
