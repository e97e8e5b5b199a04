"""Quiz attempts: start or resume, show without the key, grade once on the server, give feedback.

The answer key never leaves this module unless the quiz's feedback policy allows it:
questions for the form come from each type's ``public_view``; results carry feedback
and correct answers only when ``feedback_allowed`` says so.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.content.questions import ResponseError
from lms.content.rendering import render_markdown
from lms.content.stored_quiz import Question, Quiz, read_quiz
from lms.extensions import db
from lms.i18n.lookup import gettext, ngettext
from lms.models import Item, QuizAnswer, QuizAttempt, QuizChoicePick, User, utcnow
from lms.services import learning_events, progress
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound
from lms.xapi import statements as xapi

FIELD_PREFIX = "q-"
POLICY_NOTES = {
    "after_passing": _l("Feedback and the correct answers appear once you pass this quiz."),
    "after_last_attempt": _l("Feedback and the correct answers appear once you pass this quiz "
                             "or have used your last attempt."),
}


class AlreadySubmitted(Conflict):
    """The attempt was submitted before (a double click, a resent form, another tab)."""

    def __init__(self, attempt_id: int):
        super().__init__("This attempt was already submitted; here is its result.")
        self.attempt_id = attempt_id


class InvalidAnswers(DomainError):
    """Some answers are missing or malformed; nothing was stored."""

    def __init__(self, errors: dict[str, str], responses: dict[str, object]):
        super().__init__(ngettext("%(num)d question needs your attention; nothing was saved.",
                                  "%(num)d questions need your attention; nothing was saved.",
                                  len(errors)))
        self.errors = errors
        self.responses = responses


@dataclass
class QuestionForm:
    """One question as the attempt form shows it: no key anywhere."""

    number: int
    slug: str
    prompt_html: str  # sanitized at sync
    points: int
    input_html: Markup
    error: str | None = None


@dataclass
class QuestionResult:
    """One graded question; the feedback fields stay empty unless the policy allows them."""

    number: int
    prompt_html: str  # sanitized at sync
    points: int
    your_answer: list[str]
    earned: float | None = None
    correct: bool | None = None
    feedback: list[Markup] = field(default_factory=list)
    key: list[Markup] = field(default_factory=list)


def quiz_of(item: Item) -> Quiz:
    """The quiz settings and questions of a quiz item (in the reader's language when the
    item is a translated view)."""
    if not item.kind_info.graded or not item.quiz:
        raise NotFound("This lesson has no quiz.")
    return read_quiz(item.quiz)


def field_name(slug: str) -> str:
    """The form field name of a question."""
    return FIELD_PREFIX + slug


def attempts_of(user: User, item: Item) -> list[QuizAttempt]:
    """The learner's attempts at the quiz, oldest first."""
    return list(db.session.scalars(
        sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id, QuizAttempt.item_id == item.id)
        .order_by(QuizAttempt.number)))


def attempts_left(quiz: Quiz, attempts: list[QuizAttempt]) -> int | None:
    """How many more attempts may start (None: unlimited)."""
    limit = quiz.max_attempts
    return None if not limit else max(0, limit - len(attempts))


def start_attempt(user: User, item: Item) -> QuizAttempt:
    """Open a new attempt, or return the open one; Conflict when every attempt is used."""
    quiz = quiz_of(item)
    if progress.missing_prerequisites(item, progress.completed_slugs(user, item.course_id)):
        raise Forbidden("Complete the prerequisites of this quiz first.")
    attempts = attempts_of(user, item)
    open_attempt = next((a for a in attempts if a.is_open), None)
    if open_attempt is not None:
        return open_attempt
    if attempts_left(quiz, attempts) == 0:
        raise Conflict("You have no attempts left at this quiz "
                       f"(the limit is {quiz.max_attempts}).")
    seed = secrets.randbelow(2**31)
    previous = attempts[-1].question_slugs if attempts else []
    slugs = draw_questions(quiz, _ordering(f"draw:{seed}"), previous)
    if quiz.shuffle_questions:
        _ordering(str(seed)).shuffle(slugs)
    attempt = QuizAttempt(user_id=user.id, item_id=item.id, seed=seed, question_slugs=slugs,
                          number=max((a.number for a in attempts), default=0) + 1)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # A concurrent request took this number first: resume the attempt it opened.
        existing = next((a for a in attempts_of(user, item) if a.is_open), None)
        if existing is None:
            raise Conflict("Another attempt was started at the same moment; "
                           "reload the page.") from None
        return existing
    return attempt


def draw_questions(quiz: Quiz, rng: random.Random, previous: list[str]) -> list[str]:
    """The slugs an attempt asks, in file order: every question outside a pool, and from each
    pool as many as "draw" says, preferring those the previous attempt did not ask."""
    pools: dict[str, list[str]] = {}
    for question in quiz.questions:
        if question.pool:
            pools.setdefault(question.pool, []).append(question.slug)
    chosen: set[str] = set()
    for pool, members in pools.items():
        count = quiz.draw.get(pool, len(members))
        fresh = [slug for slug in members if slug not in previous]
        asked = [slug for slug in members if slug in previous]
        first = rng.sample(fresh, min(count, len(fresh)))  # what the last attempt left out
        chosen.update(first + rng.sample(asked, count - len(first)))
    return [q.slug for q in quiz.questions if not q.pool or q.slug in chosen]


def attempt_for(user: User, item: Item, attempt_id: int) -> QuizAttempt:
    """The learner's own attempt at this quiz; anything else is NotFound."""
    attempt = db.session.scalars(
        sa.select(QuizAttempt).where(QuizAttempt.id == attempt_id,
                                     QuizAttempt.user_id == user.id,
                                     QuizAttempt.item_id == item.id)
        .options(selectinload(QuizAttempt.answers))).first()
    if attempt is None:
        raise NotFound("No such attempt.")
    return attempt


def _questions(attempt: QuizAttempt, quiz: Quiz) -> list[Question]:
    """The attempt's questions still in the quiz, in the attempt's order."""
    by_slug = quiz.by_slug()
    return [by_slug[slug] for slug in attempt.question_slugs if slug in by_slug]


def attempt_questions(attempt: QuizAttempt, item: Item) -> list[Question]:
    """The questions this attempt asks, in its order (drafts, the demo)."""
    return _questions(attempt, quiz_of(item))


def choice_mask(attempt: QuizAttempt, question: Question) -> Callable[[str], str]:
    """slug -> the form value this attempt shows for it: a keyed hash, different per attempt
    and per question, so neither the value nor its position says which choice is right."""
    key = current_app.config["SECRET_KEY"].encode()
    prefix = f"quiz-choice:{attempt.id}:{question.slug}:"
    return lambda slug: hmac.new(key, (prefix + slug).encode(), hashlib.sha256).hexdigest()[:20]


def _ordering(seed: str) -> random.Random:
    """A seeded generator for display order only: nothing secret depends on it."""
    return random.Random(seed)  # nosec B311  # noqa: S311


def _view(attempt: QuizAttempt, quiz: Quiz, question: Question) -> dict:
    """The public view with masked values, choices shuffled by the attempt's seed (a reload
    keeps the order) unless the question or the quiz says shuffle = false."""
    shuffle = quiz.shuffle_choices if question.shuffle is None else question.shuffle
    rng = _ordering(f"{attempt.seed}:{question.slug}") if shuffle else None
    qtype = question.qtype
    return qtype.mask_view(qtype.public_view(question.spec, rng), choice_mask(attempt, question))


def question_forms(attempt: QuizAttempt, item: Item,
                   responses: Mapping[str, object] | None = None,
                   errors: Mapping[str, str] | None = None) -> list[QuestionForm]:
    """The attempt's questions for the form, pre-filled with ``responses``."""
    quiz = quiz_of(item)
    responses, errors = responses or {}, errors or {}
    return [
        QuestionForm(number=number, slug=question.slug, prompt_html=question.prompt_html,
                     points=question.points, error=errors.get(question.slug),
                     input_html=question.qtype.render_input(_view(attempt, quiz, question),
                                                            field_name(question.slug),
                                                            responses.get(question.slug)))
        for number, question in enumerate(_questions(attempt, quiz), start=1)
    ]


def form_values(attempt: QuizAttempt, question: Question,
                values: Mapping[str, list[str]]) -> list[str]:
    """The values the form sent for one question, unmasked for its type to parse."""
    qtype = question.qtype
    raw = [value for name in qtype.form_fields(question.spec, field_name(question.slug))
           for value in values.get(name, [])]
    return qtype.unmask(question.spec, raw, choice_mask(attempt, question))


def _parse(attempt: QuizAttempt, questions: list[Question],
           values: Mapping[str, list[str]], decimal: str) -> dict[str, object]:
    """Parse every answer; raise InvalidAnswers for missing or malformed ones."""
    fields = {name for question in questions
              for name in question.qtype.form_fields(question.spec, field_name(question.slug))}
    if any(name not in fields for name in values):
        raise DomainError("The form contained answers to questions that are not part of this "
                          "attempt. Reload the quiz and try again; nothing was saved.")
    responses: dict[str, object] = {}
    errors: dict[str, str] = {}
    for question in questions:
        raw = form_values(attempt, question, values)
        try:
            response = question.qtype.parse_localised(question.spec, raw, decimal)
        except ResponseError as exc:
            errors[question.slug] = _response_message(exc)
            continue
        responses[question.slug] = response
        if response is None:
            errors[question.slug] = gettext("Answer this question.")
    if errors:
        raise InvalidAnswers(errors, responses)
    return responses


def _response_message(error: ResponseError) -> str:
    """What the learner reads: the type's message in their language, or a plugin's own
    text when its error carries no message."""
    if error.message:
        message: str = gettext(error.message)  # flask_babel ships no type information
        return message
    return f"{str(error).capitalize()}."


def submit_attempt(user: User, item: Item, attempt_id: int,
                   values: Mapping[str, list[str]], decimal: str = ".") -> QuizAttempt:
    """Grade and store the attempt exactly once; AlreadySubmitted on any later try.

    ``decimal`` is the decimal sign of the learner's language, for typed numbers."""
    quiz = quiz_of(item)
    attempt = attempt_for(user, item, attempt_id)
    if not attempt.is_open:
        raise AlreadySubmitted(attempt.id)
    questions = _questions(attempt, quiz)
    responses = _parse(attempt, questions, values, decimal)
    answers, earned, total = [], 0.0, 0
    for position, question in enumerate(questions):
        response = responses[question.slug]
        grade = question.qtype.grade(question.spec, response)
        earned += grade.score * question.points
        total += question.points
        answers.append(QuizAnswer(
            attempt_id=attempt.id, question_slug=question.slug, position=position,
            response=response, score=grade.score, points=grade.score * question.points,
            correct=grade.correct,
            picks=[QuizChoicePick(choice_slug=slug) for slug in question.qtype.picks(response)]))
    score = round(100 * earned / total, 1) if total else 0.0
    passed = earned * 100 >= quiz.pass_mark * total - 1e-9
    # The database decides which of several concurrent submissions wins: only one row changes.
    claimed = db.session.execute(
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=utcnow(), points=earned, max_points=total, score=score,
                passed=passed, draft=None)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise AlreadySubmitted(attempt.id)
    db.session.add_all(answers)
    if passed:
        progress.mark_completed(user, item, by="quiz")
    xapi.quiz_submitted(user, item, attempt, answers, earned, total, passed)
    db.session.flush()
    db.session.expire(attempt)
    learning_events.quiz_submitted.send(attempt, user=user, item=item)
    return attempt


def feedback_allowed(quiz: Quiz, attempts: list[QuizAttempt]) -> bool:
    """True when the policy lets the learner see feedback and correct answers of a submitted
    attempt: after each attempt; once passed; or once passed or no attempt is left."""
    submitted = [a for a in attempts if not a.is_open]
    if quiz.show_feedback == "after_each_attempt":
        return bool(submitted)
    passed = any(a.passed for a in submitted)
    if quiz.show_feedback == "after_passing":
        return passed
    limit = quiz.max_attempts  # after_last_attempt, as docs/course-format.md says
    return passed or (bool(limit) and len(submitted) >= limit)


def results(attempt: QuizAttempt, item: Item, allowed: bool) -> list[QuestionResult]:
    """The graded questions of a submitted attempt; feedback and key only when allowed.

    The learner's answer is described from the question's public view, so it shows no key."""
    quiz = quiz_of(item)
    by_slug = {answer.question_slug: answer for answer in attempt.answers}
    rows = []
    for number, question in enumerate(_questions(attempt, quiz), start=1):
        qtype, spec = question.qtype, question.spec
        answer = by_slug.get(question.slug)
        response = answer.response if answer else None
        row = QuestionResult(number=number, prompt_html=question.prompt_html,
                             points=question.points,
                             your_answer=qtype.describe_response(qtype.public_view(spec),
                                                                 response))
        if allowed and answer is not None:
            grade = qtype.grade(spec, response)
            row.earned, row.correct = answer.points, answer.correct
            row.feedback = [render_markdown(text, formulas=True) for text in grade.feedback]
            row.key = qtype.describe_key(qtype.key_view(spec))
        rows.append(row)
    return rows
