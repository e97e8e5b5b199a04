"""What the item pages' quiz and reflection hooks show: template globals, two or three reads."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_login import current_user

from lms.access import trained_cohorts
from lms.extensions import db
from lms.models import Cohort, Item, QuizAttempt, Reflection
from lms.services import quizzes, reflections


@dataclass
class QuizPanel:
    """The learner's attempts at a quiz, what they may do next, and a trainer's report links."""

    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    attempts_left: int | None
    passed: bool
    best_score: float | None
    cohorts: list[Cohort] = field(default_factory=list)


@dataclass
class ReflectionPanel:
    """The learner's reflection on a prompt, and a trainer's links to the cohorts' reflections."""

    reflection: Reflection | None
    cohorts: list[Cohort] = field(default_factory=list)


def _trainer_cohorts(item: Item) -> list[Cohort]:
    """Cohorts of the item's course the current user trains (admins: all of them)."""
    if not current_user.is_trainer:
        return []
    stmt = sa.select(Cohort).where(Cohort.course_id == item.course_id).order_by(Cohort.name)
    if not current_user.is_admin:
        stmt = stmt.where(Cohort.id.in_(trained_cohorts(current_user.id)))
    return list(db.session.scalars(stmt))


def quiz_panel(item: Item) -> QuizPanel:
    """The quiz hook's data for the current user."""
    attempts = quizzes.attempts_of(current_user, item)
    submitted = [a for a in attempts if not a.is_open]
    return QuizPanel(
        attempts=submitted,
        open_attempt=next((a for a in attempts if a.is_open), None),
        attempts_left=quizzes.attempts_left(quizzes.quiz_of(item), attempts),
        passed=any(a.passed for a in submitted),
        best_score=max((a.score for a in submitted if a.score is not None), default=None),
        cohorts=_trainer_cohorts(item),
    )


def reflection_panel(item: Item) -> ReflectionPanel:
    """The reflection hook's data for the current user."""
    return ReflectionPanel(reflections.reflection_of(current_user, item), _trainer_cohorts(item))

