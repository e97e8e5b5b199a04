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
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.content.questions import QuestionType, ResponseError, get_question_type
from lms.content.rendering import render_markdown
from lms.extensions import db
from lms.i18n import locale
from lms.i18n.formatting import format_number
from lms.models import Item, QuizAnswer, QuizAttempt, QuizChoicePick, User, utcnow
from lms.services import learning_events, progress
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound
from lms.xapi import statements as xapi

FIELD_PREFIX = "q-"
CHOICE_TYPES = ("single_choice", "multiple_choice", "true_false")  # picks counted for trainers
POLICY_NOTES = {
    "after_passing": _l("Feedback and the correct answers appear once you pass this quiz."),
    "after_last_attempt": _l("Feedback and the correct answers appear once you pass this quiz "
                             "or have used your last attempt."),
}
_RESPONSE_MESSAGES = {
    "not a number": _l("Enter a number, for example 2 or 2.5."),
    "unknown choice": _l("That answer is not one of the options of this question."),
    "unknown matching option": _l("That answer is not one of the options of this question."),
    "answer too long": _l("That answer is too long."),
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


def quiz_of(item: Item) -> dict:
    """The quiz settings and questions of a quiz item."""
    if not item.kind_info.graded or not item.quiz:
        raise NotFound("This lesson has no quiz.")
    return item.quiz


def field_name(slug: str) -> str:
    """The form field name of a question."""
    return FIELD_PREFIX + slug


def attempts_of(user: User, item: Item) -> list[QuizAttempt]:
    """The learner's attempts at the quiz, oldest first."""
    return list(db.session.scalars(
        sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id, QuizAttempt.item_id == item.id)
        .order_by(QuizAttempt.number)))


def attempts_left(quiz: dict, attempts: list[QuizAttempt]) -> int | None:
    """How many more attempts may start (None: unlimited)."""
    limit = quiz.get("max_attempts") or 0
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
                       f"(the limit is {quiz['max_attempts']}).")
    seed = secrets.randbelow(2**31)
    previous = attempts[-1].question_slugs if attempts else []
    slugs = draw_questions(quiz, _ordering(f"draw:{seed}"), previous)
    if quiz.get("shuffle_questions"):
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


def draw_questions(quiz: dict, rng: random.Random, previous: list[str]) -> list[str]:
    """The slugs an attempt asks, in file order: every question outside a pool, and from each
    pool as many as "draw" says, preferring those the previous attempt did not ask."""
    draw = quiz.get("draw") or {}
    pools: dict[str, list[str]] = {}
    for question in quiz["questions"]:
        if question.get("pool"):
            pools.setdefault(question["pool"], []).append(question["slug"])
    chosen: set[str] = set()
    for pool, members in pools.items():
        count = draw.get(pool, len(members))
        fresh = [slug for slug in members if slug not in previous]
        asked = [slug for slug in members if slug in previous]
        first = rng.sample(fresh, min(count, len(fresh)))  # what the last attempt left out
        chosen.update(first + rng.sample(asked, count - len(first)))
    return [q["slug"] for q in quiz["questions"] if not q.get("pool") or q["slug"] in chosen]


def attempt_for(user: User, item: Item, attempt_id: int) -> QuizAttempt:
    """The learner's own attempt at this quiz; anything else is NotFound."""
    attempt = db.session.scalar(
        sa.select(QuizAttempt).where(QuizAttempt.id == attempt_id,
                                     QuizAttempt.user_id == user.id,
                                     QuizAttempt.item_id == item.id)
        .options(selectinload(QuizAttempt.answers)))
    if attempt is None:
        raise NotFound("No such attempt.")
    return attempt


def _questions(attempt: QuizAttempt, quiz: dict) -> list[tuple[dict, QuestionType]]:
    """The attempt's questions still in the quiz, in the attempt's order, with their types."""
    by_slug = {question["slug"]: question for question in quiz["questions"]}
    return [(by_slug[slug], get_question_type(by_slug[slug]["type"]))
            for slug in attempt.question_slugs if slug in by_slug]


def attempt_questions(attempt: QuizAttempt, item: Item) -> list[tuple[dict, QuestionType]]:
    """The questions this attempt asks, in its order, with their types (drafts, the demo)."""
    return _questions(attempt, quiz_of(item))


def choice_mask(attempt: QuizAttempt, spec: dict) -> Callable[[str], str]:
    """The attempt's form value for each choice slug of a question (see ``_mask``)."""
    return _mask(attempt, spec)


def _ordering(seed: str) -> random.Random:
    """A seeded generator for display order only: nothing secret depends on it."""
    return random.Random(seed)  # nosec B311  # noqa: S311


def _view(attempt: QuizAttempt, quiz: dict, spec: dict, qtype: QuestionType) -> dict:
    """The public view with masked values, choices shuffled by the attempt's seed (a reload
    keeps the order) unless the question or the quiz says shuffle = false."""
    shuffle = spec.get("shuffle")
    if shuffle is None:
        shuffle = quiz.get("shuffle_choices", True)
    rng = _ordering(f"{attempt.seed}:{spec['slug']}") if shuffle else None
    return qtype.mask_view(qtype.public_view(spec, rng), _mask(attempt, spec))


def _mask(attempt: QuizAttempt, spec: dict) -> Callable[[str], str]:
    """slug -> the form value this attempt shows for it: a keyed hash, different per attempt
    and per question, so neither the value nor its position says which choice is right."""
    key = current_app.config["SECRET_KEY"].encode()
    prefix = f"quiz-choice:{attempt.id}:{spec['slug']}:"
    return lambda slug: hmac.new(key, (prefix + slug).encode(), hashlib.sha256).hexdigest()[:20]


def question_forms(attempt: QuizAttempt, item: Item,
                   responses: Mapping[str, object] | None = None,
                   errors: Mapping[str, str] | None = None) -> list[QuestionForm]:
    """The attempt's questions for the form, pre-filled with ``responses``."""
    quiz = quiz_of(item)
    responses, errors = responses or {}, errors or {}
    return [
        QuestionForm(number=number, slug=spec["slug"], prompt_html=spec["prompt_html"],
                     points=spec.get("points", 1), error=errors.get(spec["slug"]),
                     input_html=qtype.render_input(_view(attempt, quiz, spec, qtype),
                                                   field_name(spec["slug"]),
                                                   responses.get(spec["slug"])))
        for number, (spec, qtype) in enumerate(_questions(attempt, quiz), start=1)
    ]


def _parse(attempt: QuizAttempt, questions: list[tuple[dict, QuestionType]],
           values: Mapping[str, list[str]], decimal: str) -> dict[str, object]:
    """Parse every answer; raise InvalidAnswers for missing or malformed ones."""
    fields = {name for spec, qtype in questions
              for name in qtype.form_fields(spec, field_name(spec["slug"]))}
    if any(name not in fields for name in values):
        raise DomainError("The form contained answers to questions that are not part of this "
                          "attempt. Reload the quiz and try again; nothing was saved.")
    responses: dict[str, object] = {}
    errors: dict[str, str] = {}
    for spec, qtype in questions:
        raw = [value for name in qtype.form_fields(spec, field_name(spec["slug"]))
               for value in values.get(name, [])]
        raw = qtype.unmask(spec, raw, _mask(attempt, spec))
        try:
            responses[spec["slug"]] = response = qtype.parse_localised(spec, raw, decimal)
        except ResponseError as exc:
            errors[spec["slug"]] = _RESPONSE_MESSAGES.get(str(exc), f"{str(exc).capitalize()}.")
            continue
        if response is None:
            errors[spec["slug"]] = gettext("Answer this question.")
    if errors:
        raise InvalidAnswers(errors, responses)
    return responses


def _picks(qtype: QuestionType, response: object) -> list[str]:
    """The options picked in a choice answer, as stored for choice statistics."""
    if qtype.name not in CHOICE_TYPES:
        return []
    if isinstance(response, bool):
        return ["true" if response else "false"]
    return list(response) if isinstance(response, list) else [str(response)]


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
    for position, (spec, qtype) in enumerate(questions):
        response = responses[spec["slug"]]
        grade = qtype.grade(spec, response)
        points = spec.get("points", 1)
        earned += grade.score * points
        total += points
        answers.append(QuizAnswer(
            attempt_id=attempt.id, question_slug=spec["slug"], position=position,
            response=response, score=grade.score, points=grade.score * points,
            correct=grade.correct,
            picks=[QuizChoicePick(choice_slug=slug) for slug in _picks(qtype, response)]))
    score = round(100 * earned / total, 1) if total else 0.0
    passed = earned * 100 >= quiz["pass_mark"] * total - 1e-9
    # The database decides which of several concurrent submissions wins: only one row changes.
    claimed = db.session.execute(
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=utcnow(), points=earned, max_points=total, score=score,
                passed=passed, draft=None)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise AlreadySubmitted(attempt.id)
    db.session.add_all(answers)
    if passed:
        progress.mark_completed(user, item, by="quiz")
    xapi.quiz_submitted(user, item, attempt, answers, earned, total, passed)
    db.session.flush()
    db.session.expire(attempt)
    learning_events.quiz_submitted.send(attempt, user=user, item=item)
    return attempt


def feedback_allowed(quiz: dict, attempts: list[QuizAttempt]) -> bool:
    """True when the policy lets the learner see feedback and correct answers of a submitted
    attempt: after each attempt; once passed; or once passed or no attempt is left."""
    submitted = [a for a in attempts if not a.is_open]
    policy = quiz.get("show_feedback", "after_each_attempt")
    if policy == "after_each_attempt":
        return bool(submitted)
    passed = any(a.passed for a in submitted)
    if policy == "after_passing":
        return passed
    limit = quiz.get("max_attempts") or 0  # after_last_attempt, as docs/course-format.md says
    return passed or (bool(limit) and len(submitted) >= limit)


def results(attempt: QuizAttempt, item: Item, allowed: bool) -> list[QuestionResult]:
    """The graded questions of a submitted attempt; feedback and key only when allowed."""
    quiz = quiz_of(item)
    by_slug = {answer.question_slug: answer for answer in attempt.answers}
    rows = []
    for number, (spec, qtype) in enumerate(_questions(attempt, quiz), start=1):
        answer = by_slug.get(spec["slug"])
        response = answer.response if answer else None
        row = QuestionResult(number=number, prompt_html=spec["prompt_html"],
                             points=spec.get("points", 1),
                             your_answer=describe_response(qtype.public_view(spec), response))
        if allowed and answer is not None:
            grade = qtype.grade(spec, response)
            row.earned, row.correct = answer.points, answer.correct
            row.feedback = [render_markdown(text, formulas=True) for text in grade.feedback]
            row.key = describe_key(qtype.key_view(spec))
        rows.append(row)
    return rows


def describe_response(view: dict, response: object) -> list[str]:
    """The learner's answer in words, using only the public view."""
    if response is None:
        return []
    if isinstance(response, bool):
        return [gettext("True") if response else gettext("False")]
    if "choices" in view:
        texts = {choice["slug"]: choice["text"] for choice in view["choices"]}
        picked = response if isinstance(response, list) else [response]
        return [texts.get(slug, str(slug)) for slug in picked]
    if "lefts" in view and isinstance(response, list):
        none = gettext("(no answer)")
        return [f"{left} → {right or none}"
                for left, right in zip(view["lefts"], response, strict=False)]
    if isinstance(response, int | float):
        return [_number(response)]
    return [str(response)]


def _number(value: float) -> str:
    """A number in the reader's language: "1,234.5" or "1.234,5"."""
    return format_number(value, 6, locale())


def describe_key(key: dict) -> list[Markup]:
    """The correct answer in words, from a type's key_view (known keys; others listed)."""
    lines: list[Markup] = []
    for name, value in key.items():
        if name == "correct_choices":
            lines.append(escape(gettext("Correct: %(answers)s",
                                        answers="; ".join(c["text"] for c in value))))
        elif name == "answer" and isinstance(value, bool):
            lines.append(escape(gettext("Correct answer: %(answer)s",
                                        answer=gettext("True") if value else gettext("False"))))
        elif name == "answer":
            tolerance = key.get("tolerance") or 0
            text = _number(value) + (f" ± {_number(tolerance)}" if tolerance else "")
            unit = f" {key['unit']}" if key.get("unit") else ""
            lines.append(escape(gettext("Correct answer: %(answer)s", answer=text + unit)))
        elif name == "answers":
            lines.append(escape(gettext("Accepted answers: %(answers)s",
                                        answers=", ".join(value))))
        elif name == "pairs":
            lines.extend(Markup("{} → {}").format(pair["left"], pair["right"]) for pair in value)
        elif name == "explanation":
            lines.append(render_markdown(value, formulas=True))
        elif name not in ("tolerance", "unit"):
            lines.append(Markup("{}: {}").format(name.replace("_", " ").capitalize(), value))
    return lines
