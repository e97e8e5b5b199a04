"""Reads for the learner's home page: a fixed number of queries whatever the course size."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

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
from lms.queries.attendance import attendance_per_course


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


@dataclass
class Studied:
    """The courses a learner studies, with their attendance and their next session's id,
    read in one query."""

    courses: list[Course]
    attendance: dict[int, tuple[int, int]]  # course id -> (attended, held), counting courses
    next_session_id: int | None


def studied_courses(user: User) -> Studied:
    """Courses of the learner's cohorts (trainers and admins see every live course), with the
    sessions attended and held where the course counts attendance, and the id of the
    learner's next session (one query; a second only for someone without a course)."""
    rows = db.session.execute(_studied_courses(user.is_trainer),
                              {"user_id": user.id, "now": utcnow()}).all()
    if not rows:
        return Studied([], {}, db.session.scalar(_next_session_id(),
                                                 {"user_id": user.id, "now": utcnow()}))
    return Studied([course for course, *_ in rows],
                   {course.id: (attended, held) for course, attended, held, _ in rows
                    if course.attendance_counts},
                   rows[0][3])


def _user_and_now() -> tuple[sa.BindParameter, sa.BindParameter]:
    return (sa.bindparam("user_id", type_=sa.Integer),
            sa.bindparam("now", type_=TrainingSession.starts_at.type))


@cache
def _next_session_id() -> sa.Select:
    """SELECT of the id of the soonest session not yet over in the learner's cohorts."""
    user_id, now = _user_and_now()
    return (sa.select(TrainingSession.id)
            .where(TrainingSession.cohort_id.in_(active_enrolments(user_id)),
                   TrainingSession.ends_at > now)
            .order_by(TrainingSession.starts_at, TrainingSession.id).limit(1))


@cache
def _studied_courses(trainer: bool) -> sa.Select:
    """The dashboard's courses with attendance and the next session: built once per process
    and role, as building it cost more than running it."""
    user_id, now = _user_and_now()
    attendance = attendance_per_course(user_id, now).subquery()
    stmt = (sa.select(Course, sa.func.coalesce(attendance.c.attended, 0),
                      sa.func.coalesce(attendance.c.held, 0),
                      _next_session_id().scalar_subquery())
            .outerjoin(attendance, attendance.c.course_id == Course.id)
            .where(Course.is_live).order_by(Course.title))
    if not trainer:
        stmt = stmt.where(Course.id.in_(
            sa.select(Cohort.course_id).where(Cohort.id.in_(active_enrolments(user_id)))))
    return stmt


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
    rows = db.session.execute(_seen_items(),
                              {"user_id": user.id, "course_ids": [c.id for c in courses]})
    return {item_id: Seen(last_seen, completed is not None)
            for item_id, last_seen, completed in rows}


@cache
def _seen_items() -> sa.Select:
    return (sa.select(ItemProgress.item_id, ItemProgress.last_seen_at, ItemProgress.completed_at)
            .join(Item, Item.id == ItemProgress.item_id)
            .where(ItemProgress.user_id == sa.bindparam("user_id", type_=sa.Integer),
                   Item.course_id.in_(sa.bindparam("course_ids", expanding=True))))


def course_progress(studied: Studied, seen: dict[int, Seen],
                    language: str | None = None) -> list[CourseProgress]:
    """Per-course and per-module progress of the learner, from the outlines and their state
    (no query), titled in ``language`` where translated."""
    result = []
    for course in studied.courses:
        entry = CourseProgress(translated_course(course, language))
        for module in translate_outline(learner_outline(course), course, language).modules:
            done = [i for i in module.items if i.id in seen and seen[i.id].completed]
            stats = Stats(len(module.items), len(done), sum(i.minutes for i in module.items),
                          sum(i.minutes for i in done))
            entry.modules.append((module, stats))
            entry.stats.add(stats)
        entry.sessions_attended, entry.sessions_held = studied.attendance.get(course.id, (0, 0))
        result.append(entry)
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


def next_session(user: User, session_id: int | None) -> NextSession | None:
    """The session (see `studied_courses`) with its pre-work and the learner's done marks
    (one query)."""
    if session_id is None:
        return None
    rows = db.session.execute(_next_session(), {"session_id": session_id,
                                                "user_id": user.id}).all()
    if not rows:  # deleted since
        return None
    return NextSession(rows[0][0], Checklist([(item, done is not None)
                                              for _, item, done in rows if item is not None]))


@cache
def _next_session() -> sa.Select:
    """The session by id with its cohort and course, joined to its pre-work items (learners'
    items only) and the learner's progress on them: one row per item, or one without."""
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    return (
        sa.select(TrainingSession, Item, ItemProgress.completed_at)
        .outerjoin(SessionItem, sa.and_(SessionItem.session_id == TrainingSession.id,
                                        SessionItem.phase == "pre"))
        .outerjoin(Item, sa.and_(Item.id == SessionItem.item_id, Item.for_learners()))
        .outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                         ItemProgress.user_id == user_id))
        .where(TrainingSession.id == sa.bindparam("session_id", type_=sa.Integer))
        .order_by(SessionItem.position, Item.position)
        .options(joinedload(TrainingSession.cohort).joinedload(Cohort.course),
                 defer(Item.body_html), defer(Item.quiz)))
