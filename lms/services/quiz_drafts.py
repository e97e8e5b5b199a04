"""Drafts of an open quiz attempt: the learner's answers kept on the server until submitted.

A draft is never graded and never shows the key: it stores what the learner chose or typed
(choice slugs are unmasked here, as on submit, and masked again when the form is drawn).
Grading happens only on submit, from the submitted form, which also clears the draft.
"""

from collections.abc import Mapping

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, QuizAttempt, User, utcnow
from lms.services.quizzes import AlreadySubmitted, attempt_for, attempt_questions, form_values


def draft_responses(attempt: QuizAttempt, item: Item,
                    values: Mapping[str, list[str]]) -> dict[str, object]:
    """What can be kept of a half-filled form, as each question's type keeps it (choices
    parsed, so a forged value is dropped; typed answers as typed); blanks and fields
    of no question are left out."""
    draft: dict[str, object] = {}
    for question in attempt_questions(attempt, item):
        value = question.qtype.draft_value(question.spec, form_values(attempt, question, values))
        if value is not None:
            draft[question.slug] = value
    return draft


def save_draft(user: User, item: Item, attempt_id: int,
               values: Mapping[str, list[str]]) -> QuizAttempt:
    """Keep the form's answers on the open attempt; AlreadySubmitted once it is graded."""
    attempt = attempt_for(user, item, attempt_id)
    if not attempt.is_open:
        raise AlreadySubmitted(attempt.id)
    draft = draft_responses(attempt, item, values)
    # A submit in another tab wins: a draft never lands on a graded attempt.
    saved = db.session.execute(
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(draft=draft, draft_saved_at=utcnow())
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise AlreadySubmitted(attempt.id)
    db.session.expire(attempt)
    return attempt
