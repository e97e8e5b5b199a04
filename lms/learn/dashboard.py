"""Reads for the learner's home page: a fixed number of queries whatever the course size."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload

from lms.access import active_enrolments
from lms.cohorts.queries import Checklist
from lms.extensions import db
from lms.learn.outline import Chapter, Lesson, learner_outline
from lms.learn.queries import percent
from lms.learn.translated import translate_outline, translated_course
from lms.models import (
    Cohort,
    Course,
    Item,
    ItemProgress,
    SessionItem,
    TrainingSession,
    User,
    utcnow,
)
from lms.queries.attendance import attendance_by_course


@dataclass
class Stats:
    """Items, completed items and minutes of a course or module."""

    items: int = 0
    completed: int = 0
    minutes: int = 0
    minutes_done: int = 0

    @property
    def percent(self) -> int:
        return percent(self.completed, self.items)

    @property
    def minutes_left(self) -> int:
        return self.minutes - self.minutes_done

    def add(self, other: "Stats") -> None:
        self.items += other.items
        self.completed += other.completed
        self.minutes += other.minutes
        self.minutes_done += other.minutes_done


@dataclass
class CourseProgress:
    """A course with the learner's progress, overall and per module.

    Where the course counts attendance, each session held so far is one more unit of
    completion, done when the learner was marked present.
    """

    course: Course
    stats: Stats = field(default_factory=Stats)
    modules: list[tuple[Chapter, Stats]] = field(default_factory=list)
    sessions_attended: int = 0
    sessions_held: int = 0

    @property
    def percent(self) -> int:
        return percent(self.stats.completed + self.sessions_attended,
                       self.stats.items + self.sessions_held)

    @property
    def complete(self) -> bool:
        return self.stats.items > 0 and self.percent == 100


def studied_courses(user: User) -> list[Course]:
    """Courses of the learner's cohorts; trainers and admins see every live course."""
    stmt = sa.select(Course).where(Course.is_live).order_by(Course.title)
    if not user.is_trainer:
        stmt = stmt.where(Course.id.in_(
            sa.select(Cohort.course_id).where(Cohort.id.in_(active_enrolments(user.id)))))
    return list(db.session.scalars(stmt))


@dataclass
class Seen:
    """The learner's state of one item: when last opened, whether completed."""

    last_seen_at: datetime | None
    completed: bool


def seen_items(user: User, courses: list[Course]) -> dict[int, Seen]:
    """Item id to the learner's state, for every item of the courses they touched (one query:
    the structure of the courses comes from their outlines)."""
    if not courses:
        return {}
    rows = db.session.execute(
        sa.select(ItemProgress.item_id, ItemProgress.last_seen_at, ItemProgress.completed_at)
        .join(Item, Item.id == ItemProgress.item_id)
        .where(ItemProgress.user_id == user.id, Item.course_id.in_([c.id for c in courses])))
    return {item_id: Seen(last_seen, completed is not None)
            for item_id, last_seen, completed in rows}


def course_progress(user: User, courses: list[Course], seen: dict[int, Seen],
                    language: str | None = None) -> list[CourseProgress]:
    """Per-course and per-module progress of the learner, from the outlines and their state
    (one more query, for attendance), titled in ``language`` where translated."""
    result = []
    for course in courses:
        entry = CourseProgress(translated_course(course, language))
        for module in translate_outline(learner_outline(course), course, language).modules:
            done = [i for i in module.items if i.id in seen and seen[i.id].completed]
            stats = Stats(len(module.items), len(done), sum(i.minutes for i in module.items),
                          sum(i.minutes for i in done))
            entry.modules.append((module, stats))
            entry.stats.add(stats)
        result.append(entry)
    if courses:
        by_id = {entry.course.id: entry for entry in result}
        for course_id, (attended, held) in attendance_by_course(user.id, courses).items():
            by_id[course_id].sessions_attended, by_id[course_id].sessions_held = attended, held
    return result


@dataclass
class ContinueAt:
    """Where the learner picks up: a lesson of a course."""

    course: Course
    item: Lesson
    returning: bool  # False for someone who has neither opened nor finished anything yet


def continue_item(courses: list[Course], seen: dict[int, Seen],
                  language: str | None = None) -> ContinueAt | None:
    """The last item opened and not finished, else the first not finished (no query)."""
    ordered = [(translated_course(course, language), lesson)
               for course in sorted(courses, key=lambda c: c.id)
               for lesson in translate_outline(learner_outline(course), course, language).items]
    opened = [(seen[lesson.id].last_seen_at, n) for n, (_, lesson) in enumerate(ordered)
              if lesson.id in seen and not seen[lesson.id].completed
              and seen[lesson.id].last_seen_at is not None]
    if opened:
        return ContinueAt(*ordered[max(opened)[1]], returning=True)
    started = any(state.completed for state in seen.values())
    for course, lesson in ordered:
        if not (lesson.id in seen and seen[lesson.id].completed):
            return ContinueAt(course, lesson, returning=started)
    return None


@dataclass
class NextSession:
    """The learner's next in-person session and its pre-work checklist."""

    session: TrainingSession
    checklist: Checklist


def next_session(user: User) -> NextSession | None:
    """The soonest session not yet over in the learner's cohorts, with pre-work (two queries)."""
    session = db.session.scalar(
        sa.select(TrainingSession)
        .where(TrainingSession.cohort_id.in_(active_enrolments(user.id)),
               TrainingSession.ends_at > utcnow())
        .order_by(TrainingSession.starts_at).limit(1)
        .options(joinedload(TrainingSession.cohort).joinedload(Cohort.course)))
    if session is None:
        return None
    rows = db.session.execute(
        sa.select(Item, ItemProgress.completed_at)
        .join(SessionItem, SessionItem.item_id == Item.id)
        .outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                         ItemProgress.user_id == user.id))
        .where(SessionItem.session_id == session.id, SessionItem.phase == "pre",
               Item.for_learners())
        .order_by(SessionItem.position, Item.position)
        .options(defer(Item.body_html), defer(Item.quiz)))
    return NextSession(session, Checklist([(item, done is not None) for item, done in rows]))
