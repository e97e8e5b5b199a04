"""Who may see and moderate which discussion space, as SQL clauses and single checks.

A course's shared space is open to anyone ever enrolled in a cohort of the course (its
alumni included), to trainers and to admins. A cohort's private space is open to its
active learners, its own trainers and admins. Moderators are the trainers and admins who
can see the space. Every page, search, feed and notification filters through here.
"""

import sqlalchemy as sa

from lms.access import Viewer, active_enrolments, trained_cohorts
from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, Post, Space, Thread, User


def _ever_enrolled_courses(user_id: int | sa.BindParameter[int]):
    """SELECT of the ids of courses the user was ever enrolled in (removed or not)."""
    return (sa.select(Cohort.course_id).join(Enrolment, Enrolment.cohort_id == Cohort.id)
            .where(Enrolment.user_id == user_id))


def space_clause(user: User | Viewer) -> sa.ColumnElement[bool]:
    """A WHERE clause on Space that is true for the spaces the user may see (a Viewer's id may
    be a bound parameter: lms.forum.queries builds the thread page's statement once)."""
    if user.is_admin:
        return sa.true()
    private = Space.cohort_id.in_(
        trained_cohorts(user.id) if user.is_trainer else active_enrolments(user.id))
    shared: sa.ColumnElement[bool]
    if user.is_trainer:
        shared = Space.cohort_id.is_(None)
    else:
        shared = sa.and_(Space.cohort_id.is_(None),
                         Space.course_id.in_(_ever_enrolled_courses(user.id)))
    return sa.or_(shared, private)


def visible_space_ids(user: User | Viewer) -> sa.Select[int]:
    """SELECT of the ids of the spaces the user may see."""
    return sa.select(Space.id).where(space_clause(user))


def content_clause(user: User | Viewer) -> sa.ColumnElement[bool]:
    """WHERE clause on Thread and Post: visible space, and hidden things only to moderators."""
    clause = sa.and_(Thread.space_id.in_(visible_space_ids(user)), Post.deleted_at.is_(None))
    if user.is_trainer:  # trainers moderate every space they can see
        return clause
    return sa.and_(clause, Thread.hidden_at.is_(None), Post.hidden_at.is_(None))


def can_see_space(user: User, space: Space) -> bool:
    """True if the user may see the space (one query at most)."""
    if not user.is_authenticated:
        return False
    if user.is_admin or (user.is_trainer and space.cohort_id is None):
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).where(Space.id == space.id, space_clause(user))) is not None


def can_moderate(user: User, space: Space) -> bool:
    """Trainers and admins who can see the space."""
    return user.is_authenticated and user.is_trainer and can_see_space(user, space)


def can_see_course_space(user: User, course: Course) -> bool:
    """True if the user may see the shared space of the course (it may not exist yet)."""
    if not user.is_authenticated:
        return False
    if user.is_trainer:
        return True
    return db.session.scalar(sa.select(sa.literal(True)).where(
        sa.literal(course.id).in_(_ever_enrolled_courses(user.id)))) is not None


def can_see_cohort_space(user: User, cohort: Cohort) -> bool:
    """True if the user may see the private space of the cohort (it may not exist yet)."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    source = trained_cohorts(user.id) if user.is_trainer else active_enrolments(user.id)
    return db.session.scalar(sa.select(sa.literal(True)).where(
        sa.literal(cohort.id).in_(source))) is not None


def can_see_thread(user: User, thread: Thread) -> bool:
    """The space is visible, and a hidden thread only to moderators."""
    if thread.hidden_at is not None and not user.is_trainer:
        return False
    return can_see_space(user, thread.space)


def can_see_post(user: User, post: Post) -> bool:
    """A post is readable if its thread is and it is neither deleted nor hidden from the user."""
    if post.deleted_at is not None or (post.hidden_at is not None and not user.is_trainer):
        return False
    return can_see_thread(user, post.thread)
