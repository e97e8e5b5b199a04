"""Reads for the trainer dashboard, aggregated in SQL: the query count does not grow with
the number of learners or items."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

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
    organisation: str = ""


@dataclass
class UpcomingSession:
    """The cohort's next session within the warning window, and its pre-work items."""

    session: TrainingSession
    prework_ids: list[int]


def upcoming_session(cohort: Cohort, within_hours: int) -> UpcomingSession | None:
    """The next session starting within the window, with its live pre-work item ids."""
    now = utcnow()
    rows = db.session.execute(_upcoming_session(), {
        "cohort_id": cohort.id, "now": now, "until": now + timedelta(hours=within_hours)}).all()
    if not rows:
        return None
    return UpcomingSession(rows[0][0], [item_id for _, item_id in rows if item_id is not None])


@cache
def _upcoming_session() -> sa.Select:
    """The statement of `upcoming_session`, built once per process (the grid runs it on every
    view)."""
    when = TrainingSession.starts_at.type
    return (
        sa.select(TrainingSession, SessionItem.item_id)
        .outerjoin(SessionItem, sa.and_(SessionItem.session_id == TrainingSession.id,
                                        SessionItem.phase == "pre"))
        .where(TrainingSession.id == (
            sa.select(TrainingSession.id)
            .where(TrainingSession.cohort_id == sa.bindparam("cohort_id", type_=sa.Integer),
                   TrainingSession.starts_at > sa.bindparam("now", type_=when),
                   TrainingSession.starts_at <= sa.bindparam("until", type_=when))
            .order_by(TrainingSession.starts_at).limit(1).scalar_subquery())))


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


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class CohortNumbers:
    """Every active learner's activity (by name, as the grid lists them), and the cohort's
    completions per item and per day."""

    learners: dict[int, LearnerActivity]
    by_item: dict[int, int]
    by_day: dict[date, int]


def cohort_numbers(cohort: Cohort, item_ids: Sequence[int],
                   prework_ids: Sequence[int] = ()) -> CohortNumbers:
    """The grid's aggregates in one query: each active learner's completed items (of
    ``item_ids``), completed pre-work and last activity of any kind (opening a lesson,
    posting, a quiz attempt, signing in), and the completions per item and per day."""
    statement = _cohort_numbers(db.session.get_bind().dialect.name)
    rows = db.session.execute(statement, {"cohort_id": cohort.id, "item_ids": list(item_ids),
                                          "prework_ids": list(prework_ids)})
    numbers = CohortNumbers({}, {}, {})
    for (is_count, uid, done, seen, pre, joined, posted, attempted, signed_in, name,
         organisation, item_id, day) in rows:
        if is_count:
            if item_id is not None:
                numbers.by_item[item_id] = done
            elif day is not None:
                numbers.by_day[_as_date(day)] = done
            continue
        latest = max((t for t in (seen, posted, attempted, signed_in) if t), default=None)
        numbers.learners[uid] = LearnerActivity(uid, done or 0, latest, pre or 0, joined,
                                                name, organisation or "")
    numbers.by_day = dict(sorted(numbers.by_day.items()))
    return numbers


@cache
def _cohort_numbers(dialect: str) -> sa.CompoundSelect:
    """The statement of `cohort_numbers`, built once per process (building it cost more than
    running it): the cohort's progress rows are read once and grouped three ways."""
    cohort_id = sa.bindparam("cohort_id", type_=sa.Integer)
    progress = (
        sa.select(ItemProgress.user_id, ItemProgress.item_id, ItemProgress.completed_at,
                  ItemProgress.last_seen_at)
        .where(ItemProgress.item_id.in_(sa.bindparam("item_ids", expanding=True)),
               ItemProgress.user_id.in_(
                   sa.select(Enrolment.user_id)
                   .where(Enrolment.cohort_id == cohort_id, Enrolment.is_active)))
        .subquery("progress"))
    sums = _grouped_three_ways(progress, dialect).cte("sums")
    last_post = (sa.select(sa.func.max(Post.created_at)).where(Post.author_id == Enrolment.user_id)
                 .correlate(Enrolment).scalar_subquery())
    last_attempt = (sa.select(sa.func.max(QuizAttempt.started_at))
                    .where(QuizAttempt.user_id == Enrolment.user_id)
                    .correlate(Enrolment).scalar_subquery())
    learners = (
        sa.select(sa.literal_column("0").label("is_count"), Enrolment.user_id.label("user_id"),
                  sums.c.done, sums.c.seen, sums.c.prework, Enrolment.joined_at, last_post,
                  last_attempt, User.last_seen_at, User.name.label("name"), User.organisation,
                  sa.cast(sa.null(), sa.Integer).label("item_id"),
                  sa.cast(sa.null(), sa.Date).label("day"))
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(sums, sums.c.user_id == Enrolment.user_id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.is_active))
    nothing = sa.null()  # the learner columns of a count's row
    counts = (sa.select(sa.literal_column("1"), nothing, sums.c.done, nothing, nothing, nothing,
                        nothing, nothing, nothing, nothing, nothing, sums.c.item_id, sums.c.day)
              .where(sums.c.user_id.is_(None), sums.c.done > 0))
    both = sa.union_all(learners, counts)
    columns = both.selected_columns
    return both.order_by(columns.is_count, columns.name, columns.user_id)


def _grouped_three_ways(progress: sa.Subquery, dialect: str) -> sa.Select | sa.CompoundSelect:
    """Completed items, last seen and completed pre-work per learner, per item and per day:
    GROUPING SETS on PostgreSQL (one pass over the rows), a UNION of three GROUP BYs elsewhere
    (SQLite has no grouping sets). Rows of one grouping have NULL in the other keys."""
    user, item = progress.c.user_id, progress.c.item_id
    day = sa.func.date(progress.c.completed_at)
    done = sa.func.count(progress.c.completed_at).label("done")
    seen = sa.func.max(progress.c.last_seen_at).label("seen")
    prework = sa.func.count(sa.case(
        (sa.and_(item.in_(sa.bindparam("prework_ids", expanding=True)),
                 progress.c.completed_at.is_not(None)), 1))).label("prework")
    if dialect == "postgresql":
        return (sa.select(user, item, day.label("day"), done, seen, prework)
                .group_by(sa.func.grouping_sets(sa.tuple_(user), sa.tuple_(item),
                                                sa.tuple_(day))))
    none = sa.null()
    return sa.union_all(
        sa.select(user, sa.cast(none, sa.Integer).label("item_id"),
                  sa.cast(none, sa.Date).label("day"), done, seen, prework).group_by(user),
        sa.select(none, item, none, done, seen, prework).group_by(item),
        sa.select(none, none, day, done, seen, prework).group_by(day))


@dataclass
class PageCells:
    """One learner's posts in the cohort's discussions and the ids (as text) of the items
    they completed and of those they opened only."""

    posts: int
    done: list[str]
    seen: list[str]


def page_cells(cohort: Cohort, user_ids: Sequence[int],
               item_ids: Sequence[int]) -> dict[int, PageCells]:
    """The grid's cells for one page of learners, aggregated per learner in one query, with
    the number of posts each wrote in the course-wide space and the cohort's own space."""
    if not user_ids:
        return {}
    rows = db.session.execute(_page_cells(), {
        "cohort_id": cohort.id, "course_id": cohort.course_id, "user_ids": list(user_ids),
        "item_ids": list(item_ids) or [-1]})
    return {uid: PageCells(posts, done.split(",") if done else [],
                           seen.split(",") if seen else [])
            for uid, posts, done, seen in rows}


@cache
def _page_cells() -> sa.Select:
    """The statement of `page_cells`, built once per process."""
    posts = (sa.select(sa.func.count(Post.id))
             .join(Thread, Thread.id == Post.thread_id).join(Space, Space.id == Thread.space_id)
             .where(Post.author_id == User.id, Post.deleted_at.is_(None),
                    Space.course_id == sa.bindparam("course_id", type_=sa.Integer),
                    sa.or_(Space.cohort_id.is_(None),
                           Space.cohort_id == sa.bindparam("cohort_id", type_=sa.Integer)))
             .correlate(User).scalar_subquery())
    item_id = sa.cast(ItemProgress.item_id, sa.String)
    done = ItemProgress.completed_at.is_not(None)
    return (sa.select(User.id, posts,
                      sa.func.aggregate_strings(sa.case((done, item_id)), ","),
                      sa.func.aggregate_strings(sa.case((~done, item_id)), ","))
            .outerjoin(ItemProgress, sa.and_(
                ItemProgress.user_id == User.id,
                ItemProgress.item_id.in_(sa.bindparam("item_ids", expanding=True))))
            .where(User.id.in_(sa.bindparam("user_ids", expanding=True)))
            .group_by(User.id))
