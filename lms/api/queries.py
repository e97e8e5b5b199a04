"""What the API reads, scoped by the same rules as the web pages (lms.access) and written
for a constant number of queries per page, whatever the number of learners or attempts."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from lms.access import active_enrolments, sees_trainer_items, trained_cohorts
from lms.extensions import db
from lms.models import (
    Cohort,
    Course,
    Enrolment,
    Item,
    ItemProgress,
    Module,
    QuizAttempt,
    User,
)


def _visible_courses(user: User):
    """SELECT of the live courses the user may study (trainers and admins: all)."""
    stmt = sa.select(Course).where(Course.is_live)
    if not user.is_trainer:
        stmt = stmt.where(Course.id.in_(
            sa.select(Cohort.course_id).where(Cohort.id.in_(active_enrolments(user.id)))))
    return stmt


def visible_courses(user: User, after: int, limit: int) -> list[Course]:
    """A page of the courses the user may study, by id, after an id."""
    return list(db.session.scalars(
        _visible_courses(user).where(Course.id > after).order_by(Course.id).limit(limit)))


def visible_course(user: User, slug: str) -> Course | None:
    """One course by slug, if the user may study it."""
    return db.session.scalar(_visible_courses(user).where(Course.slug == slug))


def outline(user: User, course: Course) -> list[Item]:
    """The course's live items in order with their modules; facilitator material only for
    those who see it on the web (the course's cohort trainers and admins)."""
    stmt = (sa.select(Item).join(Module, Module.id == Item.module_id)
            .where(Item.course_id == course.id, Item.is_live, Module.is_live)
            .options(joinedload(Item.module))
            .order_by(Item.position))
    if not sees_trainer_items(user, course):
        stmt = stmt.where(Item.for_learners())
    return list(db.session.scalars(stmt))


def _managed(user: User):
    """SELECT of the cohort ids the user trains (admins: None, meaning every cohort)."""
    return None if user.is_admin else trained_cohorts(user.id)


def _learner_count():
    return (sa.select(sa.func.count(Enrolment.id))
            .where(Enrolment.cohort_id == Cohort.id, Enrolment.is_active)
            .scalar_subquery())


def managed_cohorts(user: User, after: int, limit: int) -> list[tuple[Cohort, int]]:
    """The cohorts the user trains (admins: all), by id, with their active learner count."""
    stmt = (sa.select(Cohort, _learner_count()).options(joinedload(Cohort.course))
            .where(Cohort.id > after).order_by(Cohort.id).limit(limit))
    if (managed := _managed(user)) is not None:
        stmt = stmt.where(Cohort.id.in_(managed))
    return list(db.session.execute(stmt))


def managed_cohort(user: User, cohort_id: int) -> tuple[Cohort, int] | None:
    """One cohort the user trains, with its active learner count, or None."""
    stmt = (sa.select(Cohort, _learner_count()).options(joinedload(Cohort.course))
            .where(Cohort.id == cohort_id))
    if (managed := _managed(user)) is not None:
        stmt = stmt.where(Cohort.id.in_(managed))
    row = db.session.execute(stmt).first()
    return row if row else None


def learners_page(cohort: Cohort, after: int, limit: int) -> list[tuple[User, Enrolment]]:
    """The cohort's active learners by user id, after an id."""
    return list(db.session.execute(
        sa.select(User, Enrolment).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active,
               User.id > after)
        .order_by(User.id).limit(limit)))


def progress_rows(user_ids: list[int], course: Course) -> dict[int, list[tuple]]:
    """Per learner: (item slug, first seen, completed at) of the course's learner items."""
    if not user_ids:
        return {}
    rows: dict[int, list[tuple]] = {uid: [] for uid in user_ids}
    for uid, slug, seen, done in db.session.execute(
            sa.select(ItemProgress.user_id, Item.slug, ItemProgress.first_seen_at,
                      ItemProgress.completed_at)
            .join(Item, Item.id == ItemProgress.item_id)
            .where(ItemProgress.user_id.in_(user_ids), Item.course_id == course.id,
                   Item.for_learners())
            .order_by(ItemProgress.user_id, Item.position)):
        rows[uid].append((slug, seen, done))
    return rows


def learner_item_count(course: Course) -> int:
    """How many items learners study in the course: the denominator of progress."""
    return db.session.scalar(sa.select(sa.func.count(Item.id)).where(
        Item.course_id == course.id, Item.for_learners())) or 0


def quiz_results(cohort: Cohort, quiz_slug: str | None, after: int,
                 limit: int) -> list[tuple[QuizAttempt, User, Item]]:
    """Submitted attempts of the cohort's active learners at the course's quizzes, by id."""
    stmt = (sa.select(QuizAttempt, User, Item)
            .join(User, User.id == QuizAttempt.user_id)
            .join(Item, Item.id == QuizAttempt.item_id)
            .where(Item.course_id == cohort.course_id,
                   QuizAttempt.submitted_at.is_not(None),
                   QuizAttempt.user_id.in_(
                       sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id,
                                                          Enrolment.is_active)),
                   QuizAttempt.id > after)
            .order_by(QuizAttempt.id).limit(limit))
    if quiz_slug:
        stmt = stmt.where(Item.slug == quiz_slug)
    return list(db.session.execute(stmt))
