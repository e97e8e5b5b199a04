"""Trainer reports on a quiz for one cohort: aggregate queries, a fixed number whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from lms.access import is_cohort_trainer
from lms.content.stored_quiz import Question
from lms.extensions import db
from lms.models import Cohort, Enrolment, Item, QuizAnswer, QuizAttempt, QuizChoicePick, User
from lms.services.errors import NotFound
from lms.services.quizzes import quiz_of


@dataclass
class LearnerRow:
    """One learner of the cohort and how they did."""

    user_id: int
    name: str
    attempts: int
    best_score: float | None
    passed: bool
    passed_attempts: int = 0


@dataclass
class ChoiceStat:
    """How often one option of a choice question was picked."""

    text: str
    correct: bool
    picked: int
    share: float  # of the answers to the question, 0..1


@dataclass
class QuestionStat:
    """Per question: answers, share correct, mean score and, for choices, the picks."""

    number: int
    prompt_html: str  # sanitized at sync
    type: str
    answers: int
    correct_share: float | None
    mean_score: float | None
    choices: list[ChoiceStat] = field(default_factory=list)


@dataclass
class QuizReport:
    """What a trainer sees for one quiz and one cohort."""

    learners: list[LearnerRow]
    attempts: int
    passed_attempts: int
    learners_attempted: int
    learners_passed: int
    questions: list[QuestionStat]

    @property
    def pass_rate(self) -> float | None:
        """Share of the learners who attempted it that passed, 0..1."""
        return self.learners_passed / self.learners_attempted if self.learners_attempted else None


def check_trainer(user: User, cohort: Cohort) -> None:
    """Only the cohort's trainers and admins; for anyone else the cohort does not exist."""
    if not is_cohort_trainer(user, cohort):
        raise NotFound("No such page.")


def _learner_ids(cohort: Cohort):
    return sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id,
                                              Enrolment.is_active)


def cohort_quiz_report(cohort: Cohort, item: Item) -> QuizReport:
    """Attempts, pass rate and per-question statistics of the cohort's learners (3 queries)."""
    quiz = quiz_of(item)
    learners = _learner_rows(cohort, item)
    submitted = sa.and_(QuizAttempt.item_id == item.id, QuizAttempt.submitted_at.is_not(None),
                        QuizAttempt.user_id.in_(_learner_ids(cohort)))
    per_question = {
        slug: (count, correct, mean) for slug, count, correct, mean in db.session.execute(
            sa.select(QuizAnswer.question_slug, sa.func.count(QuizAnswer.id),
                      sa.func.sum(sa.case((QuizAnswer.correct, 1), else_=0)),
                      sa.func.avg(QuizAnswer.score))
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id).where(submitted)
            .group_by(QuizAnswer.question_slug))
    }
    picks = {
        (slug, choice): count for slug, choice, count in db.session.execute(
            sa.select(QuizAnswer.question_slug, QuizChoicePick.choice_slug,
                      sa.func.count(QuizChoicePick.id))
            .join(QuizAnswer, QuizAnswer.id == QuizChoicePick.answer_id)
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id).where(submitted)
            .group_by(QuizAnswer.question_slug, QuizChoicePick.choice_slug))
    }
    questions = []
    for number, question in enumerate(quiz.questions, start=1):
        count, correct, mean = per_question.get(question.slug, (0, 0, None))
        questions.append(QuestionStat(
            number=number, prompt_html=question.prompt_html, type=question.type_name,
            answers=count, correct_share=(correct or 0) / count if count else None,
            mean_score=float(mean) if mean is not None else None,
            choices=_choice_stats(question, picks, count)))
    return QuizReport(
        learners=learners, attempts=sum(row.attempts for row in learners),
        passed_attempts=sum(row.passed_attempts for row in learners),
        learners_attempted=sum(1 for row in learners if row.attempts),
        learners_passed=sum(1 for row in learners if row.passed), questions=questions)


def _learner_rows(cohort: Cohort, item: Item) -> list[LearnerRow]:
    """Every active learner with attempt count, best score and whether they passed (1 query)."""
    passed = sa.case((QuizAttempt.passed.is_(True), 1), else_=0)
    rows = db.session.execute(
        sa.select(User.id, User.name, sa.func.count(QuizAttempt.id),
                  sa.func.max(QuizAttempt.score), sa.func.coalesce(sa.func.max(passed), 0),
                  sa.func.coalesce(sa.func.sum(passed), 0))
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(QuizAttempt, sa.and_(QuizAttempt.user_id == User.id,
                                        QuizAttempt.item_id == item.id,
                                        QuizAttempt.submitted_at.is_not(None)))
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active)
        .group_by(User.id, User.name).order_by(User.name, User.id))
    return [LearnerRow(user_id, name, attempts, best, bool(any_passed), int(passed_count))
            for user_id, name, attempts, best, any_passed, passed_count in rows]



def _choice_stats(question: Question, picks: dict[tuple[str, str], int],
                  answers: int) -> list[ChoiceStat]:
    """How often each option of a question with choices was picked; [] for other types."""
    stats = []
    for choice in question.choices:
        picked = picks.get((question.slug, choice.slug), 0)
        stats.append(ChoiceStat(choice.text, choice.correct, picked,
                                picked / answers if answers else 0.0))
    return stats
