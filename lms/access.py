"""Who may see what: the rules every blueprint asks, in one place.

Training a cohort takes two things at once: an assignment to the cohort (cohort_trainer) and
a trainer role. A trainer demoted to learner keeps the assignment row (history, and a quick
way back) but loses every right that came with it, here and nowhere else.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from lms.extensions import db
from lms.models import TRAINER_ROLES, Cohort, Course, Enrolment, User, cohort_trainer


@dataclass(frozen=True)
class Viewer:
    """Who a rule is built for, by id and role: what the rules here read of a user. Its id
    may be a bound parameter, so a hot page's statement is built once and run for anyone
    of that role (lms.nav_badges, lms.learn.queries)."""

    id: int | sa.BindParameter[int]
    role: str
    is_authenticated: bool = True

    @property
    def is_admin(self) -> bool:
        """As User.is_admin."""
        return self.role == "admin"

    @property
    def is_trainer(self) -> bool:
        """As User.is_trainer."""
        return self.role in TRAINER_ROLES


def active_enrolments(user_id: int | sa.BindParameter[int]):
    """SELECT of the cohort ids a user currently belongs to as a learner."""
    return sa.select(Enrolment.cohort_id).where(Enrolment.user_id == user_id,
                                                Enrolment.is_active)


def _assignments():
    """SELECT of cohort_trainer rows whose person still holds a trainer role."""
    return (sa.select(cohort_trainer.c.cohort_id, cohort_trainer.c.user_id)
            .join(User, User.id == cohort_trainer.c.user_id)
            .where(User.role.in_(TRAINER_ROLES)))


def trained_cohorts(user_id: int | sa.BindParameter[int]):
    """SELECT of the cohort ids a user trains: assigned to them, with a trainer role."""
    rows = _assignments().subquery()
    return sa.select(rows.c.cohort_id).where(rows.c.user_id == user_id)


def cohort_trainers(cohort_id: int):
    """SELECT of the ids of the people who train a cohort (assigned, with a trainer role)."""
    rows = _assignments().subquery()
    return sa.select(rows.c.user_id).where(rows.c.cohort_id == cohort_id)


def is_member(user: User, cohort: Cohort) -> bool:
    """True if the user is an active learner of the cohort."""
    return db.session.scalar(
        sa.select(sa.literal(True)).where(Enrolment.cohort_id == cohort.id,
                                          Enrolment.user_id == user.id,
                                          Enrolment.is_active)) is not None


def is_cohort_trainer(user: User, cohort: Cohort) -> bool:
    """True if the user trains the cohort (admins count as trainers of every cohort)."""
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).where(sa.literal(cohort.id).in_(trained_cohorts(user.id)))
    ) is not None


def can_see_cohort(user: User, cohort: Cohort) -> bool:
    """Members, the cohort's trainers and admins."""
    return is_cohort_trainer(user, cohort) or is_member(user, cohort)


def may_study(user: User | Viewer) -> sa.ColumnElement[bool]:
    """SQL on Course, the rule of `can_study`: a page can ask it with the course row."""
    if not user.is_authenticated:
        return sa.false()
    if user.is_trainer:
        return sa.true()
    return sa.exists().where(Cohort.course_id == Course.id,
                             Cohort.id.in_(active_enrolments(user.id)))


def can_study(user: User, course: Course) -> bool:
    """Trainers and admins see every course; learners those of a cohort they belong to."""
    if not user.is_authenticated:
        return False
    if user.is_trainer:
        return True
    return bool(db.session.scalar(sa.select(may_study(user)).where(Course.id == course.id)))


def sees_trainer_items(user: User, course: Course) -> bool:
    """Admins and the trainers of a cohort of the course see its trainer-only items."""
    if not user.is_authenticated or not user.is_trainer:
        return False  # no trainer role, no assignment counts: the query would find none
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(Cohort)
        .where(Cohort.course_id == course.id, Cohort.id.in_(trained_cohorts(user.id)))
    ) is not None


def course_cohorts_trained(user: User, course_id: int) -> list[Cohort]:
    """Cohorts of the course the user trains (admins: all of them; learners: none), for the
    trainers' links on lesson panels."""
    if not user.is_trainer:
        return []
    stmt = sa.select(Cohort).where(Cohort.course_id == course_id).order_by(Cohort.name)
    if not user.is_admin:
        stmt = stmt.where(Cohort.id.in_(trained_cohorts(user.id)))
    return list(db.session.scalars(stmt))
