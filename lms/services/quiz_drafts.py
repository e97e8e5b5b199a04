"""Drafts of an open quiz attempt: the learner's answers kept on the server until submitted.

A draft is never graded and never shows the key: it stores what the learner chose or typed
(choice slugs are unmasked here, as on submit, and masked again when the form is drawn).
Grading happens only on submit, from the submitted form, which also clears the draft.
"""

from collections.abc import Mapping

import sqlalchemy as sa

from lms.content.question_types.base import ResponseError, single_value
from lms.content.question_types.text import MAX_TEXT_LENGTH
from lms.extensions import db
from lms.models import Item, QuizAttempt, User, utcnow
from lms.services.quizzes import (
    CHOICE_TYPES,
    AlreadySubmitted,
    attempt_for,
    attempt_questions,
    choice_mask,
    field_name,
)


def draft_responses(attempt: QuizAttempt, item: Item,
                    values: Mapping[str, list[str]]) -> dict[str, object]:
    """What can be kept of a half-filled form: the choices made (parsed, so a forged value is
    dropped) and typed answers as typed; blanks and unknown fields are left out."""
    draft: dict[str, object] = {}
    for spec, qtype in attempt_questions(attempt, item):
        raw = [value for name in qtype.form_fields(spec, field_name(spec["slug"]))
               for value in values.get(name, [])]
        raw = qtype.unmask(spec, raw, choice_mask(attempt, spec))
        typed = single_value(raw) if qtype.name not in CHOICE_TYPES and len(raw) == 1 else None
        try:
            response = qtype.parse_response(spec, raw)
        except ResponseError:
            response = None
        if isinstance(typed, str) and (response is None or isinstance(response, str | float)):
            # a typed answer comes back exactly as typed ("−360", "12 500"), parsed or not yet
            response = typed[:MAX_TEXT_LENGTH] if typed.strip() else None
        if response is not None:
            draft[spec["slug"]] = response
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
