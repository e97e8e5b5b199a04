"""The quiz and reflection panels of the lesson page: the learner's work, a trainer's links."""

from dataclasses import dataclass, field

from flask_login import current_user

from lms.access import course_cohorts_trained
from lms.learn.queries import ItemState
from lms.models import Cohort, Course, Item, QuizAttempt, Reflection
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


def quiz_panel(course: Course, item: Item, state: ItemState | None) -> QuizPanel:
    """The quiz's panel for the current user (``item``: the row, in the reader's language)."""
    attempts = quizzes.attempts_of(current_user, item)
    submitted = [a for a in attempts if not a.is_open]
    return QuizPanel(
        attempts=submitted,
        open_attempt=next((a for a in attempts if a.is_open), None),
        attempts_left=quizzes.attempts_left(quizzes.quiz_of(item), attempts),
        passed=any(a.passed for a in submitted),
        best_score=max((a.score for a in submitted if a.score is not None), default=None),
        cohorts=course_cohorts_trained(current_user, course.id),
    )


def reflection_panel(course: Course, item: Item, state: ItemState | None) -> ReflectionPanel:
    """The prompt's panel for the current user (``item``: its outline entry is enough)."""
    return ReflectionPanel(reflections.reflection_of(current_user, item),
                           course_cohorts_trained(current_user, course.id))

