"""Reads for the trainer dashboard, aggregated in SQL: the query count does not grow with
the number of learners or items."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload

from lms.access import trained_cohorts
from lms.extensions import db
from lms.models import (
    Cohort,
    Enrolment,
    Item,
    ItemProgress,
    Module,
    Post,
    QuizAttempt,
    SessionItem,
    Space,
    Thread,
    TrainingSession,
    User,
    utcnow,
)


def managed_cohorts(user: User) -> list[tuple[Cohort, int]]:
    """The cohorts a trainer manages, with their number of active learners."""
    learners = (sa.select(sa.func.count(Enrolment.id))
                .where(Enrolment.cohort_id == Cohort.id, Enrolment.is_active)
                .scalar_subquery())
    stmt = (sa.select(Cohort, learners).options(joinedload(Cohort.course))
            .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.name))
    if not user.is_admin:
        stmt = stmt.where(Cohort.id.in_(trained_cohorts(user.id)))
    return [(cohort, count) for cohort, count in db.session.execute(stmt)]


def course_items(cohort: Cohort, module_slug: str | None = None) -> list[Item]:
    """The items learners study in the cohort's course, in order, with their module,
    optionally of one module (trainer-only items are never grid columns or export fields)."""
    stmt = (sa.select(Item).join(Module, Module.id == Item.module_id)
            .where(Item.course_id == cohort.course_id, Item.for_learners())
            .options(joinedload(Item.module), defer(Item.body_html), defer(Item.quiz))
            .order_by(Item.position))
    if module_slug:
        stmt = stmt.where(Module.slug == module_slug)
    return list(db.session.scalars(stmt))


def cohort_learner_ids(cohort: Cohort):
    """SELECT of the active learners' ids."""
    return sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id,
                                              Enrolment.is_active)


def active_learner_ids(cohort_id: int) -> list[int]:
    """The ids of the cohort's active learners, in id order."""
    return list(db.session.scalars(
        sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id,
                                           Enrolment.is_active)
        .order_by(Enrolment.user_id)))


@dataclass
class LearnerActivity:
    """One learner's overall numbers in the cohort's course."""

    user_id: int
    completed: int
    last_active: datetime | None  # the latest of any kind of activity; None if none yet
    prework_done: int = 0
    joined_at: datetime | None = None
    name: str = ""


@dataclass
class UpcomingSession:
    """The cohort's next session within the warning window, and its pre-work items."""

    session: TrainingSession
    prework_ids: list[int]


def upcoming_session(cohort: Cohort, within_hours: int) -> UpcomingSession | None:
    """The next session starting within the window, with its live pre-work item ids."""
    now = utcnow()
    rows = db.session.execute(
        sa.select(TrainingSession, SessionItem.item_id)
        .outerjoin(SessionItem, sa.and_(SessionItem.session_id == TrainingSession.id,
                                        SessionItem.phase == "pre"))
        .where(TrainingSession.id == (
            sa.select(TrainingSession.id)
            .where(TrainingSession.cohort_id == cohort.id, TrainingSession.starts_at > now,
                   TrainingSession.starts_at <= now + timedelta(hours=within_hours))
            .order_by(TrainingSession.starts_at).limit(1).scalar_subquery()))).all()
    if not rows:
        return None
    return UpcomingSession(rows[0][0], [item_id for _, item_id in rows if item_id is not None])


def learner_activity(cohort: Cohort,
                     prework_ids: Sequence[int] = ()) -> dict[int, LearnerActivity]:
    """Completed items, completed pre-work and last activity of every active learner (one
    query). Activity is anything they did: opening a lesson, posting, a quiz attempt,
    signing in."""
    course_progress = (
        sa.select(ItemProgress.user_id, ItemProgress.item_id, ItemProgress.completed_at,
                  ItemProgress.last_seen_at)
        .join(Item, Item.id == ItemProgress.item_id)
        .where(Item.course_id == cohort.course_id, Item.for_learners())
        .subquery())
    prework_done = sa.func.count(sa.case(
        (sa.and_(course_progress.c.item_id.in_(list(prework_ids) or [-1]),
                 course_progress.c.completed_at.is_not(None)), 1)))
    last_post = (sa.select(sa.func.max(Post.created_at)).where(Post.author_id == Enrolment.user_id)
                 .correlate(Enrolment).scalar_subquery())
    last_attempt = (sa.select(sa.func.max(QuizAttempt.started_at))
                    .where(QuizAttempt.user_id == Enrolment.user_id)
                    .correlate(Enrolment).scalar_subquery())
    rows = db.session.execute(
        sa.select(Enrolment.user_id, sa.func.count(course_progress.c.completed_at),
                  sa.func.max(course_progress.c.last_seen_at), prework_done,
                  Enrolment.joined_at, last_post, last_attempt, User.last_seen_at, User.name)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(course_progress, course_progress.c.user_id == Enrolment.user_id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active)
        .group_by(Enrolment.user_id, Enrolment.joined_at, User.last_seen_at, User.name)
    )
    activity = {}
    for uid, done, seen, pre, joined, posted, attempted, signed_in, name in rows:
        latest = max((t for t in (seen, posted, attempted, signed_in) if t), default=None)
        activity[uid] = LearnerActivity(uid, done, latest, pre, joined, name)
    return activity


def learners_page(cohort: Cohort, page: int, per_page: int) -> list[tuple[User, int]]:
    """One page of the cohort's learners by name, each with the number of posts they wrote
    in the course-wide space and the cohort's own space."""
    posts = (sa.select(sa.func.count(Post.id))
             .join(Thread, Thread.id == Post.thread_id).join(Space, Space.id == Thread.space_id)
             .where(Post.author_id == User.id, Post.deleted_at.is_(None),
                    Space.course_id == cohort.course_id,
                    sa.or_(Space.cohort_id.is_(None), Space.cohort_id == cohort.id))
             .correlate(User).scalar_subquery())
    return [(user, count) for user, count in db.session.execute(
        sa.select(User, posts).where(User.id.in_(cohort_learner_ids(cohort)))
        .order_by(User.name, User.id).limit(per_page).offset((page - 1) * per_page))]


def progress_cells(user_ids: list[int], items: list[Item]) -> dict[tuple[int, int], str]:
    """(user id, item id) to "done" or "seen" for the given learners and items."""
    if not user_ids or not items:
        return {}
    rows = db.session.execute(
        sa.select(ItemProgress.user_id, ItemProgress.item_id, ItemProgress.completed_at)
        .where(ItemProgress.user_id.in_(user_ids),
               ItemProgress.item_id.in_([i.id for i in items])))
    return {(u, i): "done" if done else "seen" for u, i, done in rows}


def completion_counts(cohort: Cohort) -> tuple[dict[int, int], dict[date, int]]:
    """Completions by the cohort's active learners per item and per day, from one query
    grouped by both (its size grows with items × days, not with learners)."""
    day = sa.func.date(ItemProgress.completed_at)
    rows = db.session.execute(
        sa.select(ItemProgress.item_id, day, sa.func.count())
        .join(Item, Item.id == ItemProgress.item_id)
        .where(ItemProgress.user_id.in_(cohort_learner_ids(cohort)),
               Item.course_id == cohort.course_id, Item.for_learners(),
               ItemProgress.completed_at.is_not(None))
        .group_by(ItemProgress.item_id, day))
    by_item: dict[int, int] = {}
    by_day: dict[date, int] = {}
    for item_id, when, count in rows:
        by_item[item_id] = by_item.get(item_id, 0) + count
        by_day[_as_date(when)] = by_day.get(_as_date(when), 0) + count
    return by_item, dict(sorted(by_day.items()))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
