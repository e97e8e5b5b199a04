"""Reads for the learner's home page: a fixed number of queries whatever the course size."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload

from lms.access import active_enrolments
from lms.cohorts.queries import Checklist
from lms.extensions import db
from lms.learn.queries import percent
from lms.models import (
    Cohort,
    Course,
    Item,
    ItemProgress,
    Module,
    SessionItem,
    TrainingSession,
    User,
    utcnow,
)
from lms.services.attendance import attendance_by_course


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
    modules: list[tuple[Module, Stats]] = field(default_factory=list)
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
    stmt = sa.select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)
    if not user.is_trainer:
        stmt = stmt.where(Course.id.in_(
            sa.select(Cohort.course_id).where(Cohort.id.in_(active_enrolments(user.id)))))
    return list(db.session.scalars(stmt))


def course_progress(user: User, courses: list[Course]) -> list[CourseProgress]:
    """Per-course and per-module progress of the learner, in three queries."""
    if not courses:
        return []
    ids = [c.id for c in courses]
    done = ItemProgress.completed_at.is_not(None)
    rows = db.session.execute(
        sa.select(Item.module_id, sa.func.count(Item.id), sa.func.count(ItemProgress.completed_at),
                  sa.func.coalesce(sa.func.sum(Item.minutes), 0),
                  sa.func.coalesce(sa.func.sum(sa.case((done, Item.minutes), else_=0)), 0))
        .outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                         ItemProgress.user_id == user.id))
        .where(Item.course_id.in_(ids), Item.for_learners())
        .group_by(Item.module_id)
    )
    by_module = {m: Stats(n, c, mins, mins_done) for m, n, c, mins, mins_done in rows}
    modules = db.session.scalars(
        sa.select(Module).where(Module.course_id.in_(ids), Module.archived_at.is_(None))
        .order_by(Module.position))
    result = {c.id: CourseProgress(c) for c in courses}
    for module in modules:
        if module.id not in by_module:  # nothing to study in it: facilitator material only
            continue
        stats = by_module[module.id]
        result[module.course_id].modules.append((module, stats))
        result[module.course_id].stats.add(stats)
    for course_id, (attended, held) in attendance_by_course(user.id, courses).items():
        result[course_id].sessions_attended, result[course_id].sessions_held = attended, held
    return list(result.values())


def continue_item(user: User, courses: list[Course]) -> Item | None:
    """Where to pick up: the last item opened and not finished, else the first not finished."""
    if not courses:
        return None
    ids = [c.id for c in courses]
    live = sa.and_(Item.course_id.in_(ids), Item.for_learners())
    last_open = db.session.scalar(
        sa.select(Item).join(ItemProgress, ItemProgress.item_id == Item.id)
        .where(live, ItemProgress.user_id == user.id, ItemProgress.completed_at.is_(None))
        .order_by(ItemProgress.last_seen_at.desc()).limit(1).options(joinedload(Item.course)))
    if last_open is not None:
        return last_open
    return db.session.scalar(
        sa.select(Item).outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                                        ItemProgress.user_id == user.id))
        .where(live, ItemProgress.completed_at.is_(None))
        .order_by(Item.course_id, Item.position).limit(1).options(joinedload(Item.course)))


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
