"""Reflections: drafts, submission, who may read them, trainers' comments and sharing.

Sharing into a discussion is done by the discussion feature: it connects a receiver to
``learning_events.reflection_shared`` for each app that registers it (``sender=app``). The
receiver is called inside the sharing transaction, creates the post, and returns the post's
URL (or None); it raises a DomainError to refuse. An app without a receiver cannot share,
and the page hides it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.access import active_enrolments, trained_cohorts
from lms.extensions import db
from lms.models import (
    Cohort,
    Enrolment,
    Item,
    Reflection,
    ReflectionComment,
    User,
    utcnow,
)
from lms.services import learning_events, progress
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound

MAX_BODY = 20_000


@dataclass(frozen=True)
class ShareSpace:
    """A discussion a reflection can be shared into: "course" or "cohort:<id>"."""

    key: str
    label: str
    cohort_id: int | None = None


def _reflection_item(item: Item) -> None:
    if not item.kind_info.written:
        raise NotFound("This lesson has no reflection.")


def check_open(user: User, item: Item) -> None:
    """Forbidden while the prompt's prerequisites are not completed."""
    _reflection_item(item)
    if progress.missing_prerequisites(item, progress.completed_slugs(user, item.course_id)):
        raise Forbidden("Complete the prerequisites of this reflection first.")


def reflection_of(user: User, item: Item) -> Reflection | None:
    """The learner's reflection on the item, draft or submitted, if any."""
    return db.session.scalar(sa.select(Reflection).where(Reflection.user_id == user.id,
                                                         Reflection.item_id == item.id))


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError("Write something first.")
    if len(body) > MAX_BODY:
        raise DomainError(f"Keep it under {MAX_BODY:,} characters.")
    return body


def save_draft(user: User, item: Item, body: str) -> Reflection:
    """Create or update the learner's draft; Conflict once it is submitted."""
    check_open(user, item)
    body = _check_body(body)
    reflection = reflection_of(user, item)
    if reflection is None:
        reflection = Reflection(user_id=user.id, item_id=item.id, body=body)
        try:
            with db.session.begin_nested():
                db.session.add(reflection)
        except IntegrityError:  # the same learner saved in another tab at the same moment
            reflection = reflection_of(user, item)
            if reflection is None:  # pragma: no cover - the row that clashed must exist
                raise
    if reflection.is_submitted:
        raise Conflict("This reflection is already submitted and can no longer be changed.")
    # Conditional, so a draft save racing a submission cannot change a submitted text.
    changed = db.session.execute(
        sa.update(Reflection)
        .where(Reflection.id == reflection.id, Reflection.submitted_at.is_(None))
        .values(body=body, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if changed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise Conflict("This reflection is already submitted and can no longer be changed.")
    db.session.expire(reflection)
    return reflection


def submit_reflection(user: User, item: Item, body: str) -> Reflection:
    """Save the final text and submit it once; completes the item for progress."""
    reflection = save_draft(user, item, body)
    claimed = db.session.execute(
        sa.update(Reflection)
        .where(Reflection.id == reflection.id, Reflection.submitted_at.is_(None))
        .values(submitted_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise Conflict("This reflection is already submitted.")
    progress.mark_completed(user, item, by="reflection")
    db.session.expire(reflection)
    return reflection


def trains_learner(user: User, learner_id: int, course_id: int) -> bool:
    """True for admins and trainers of a cohort of the course the learner belongs to."""
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(Enrolment)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.user_id == learner_id, Enrolment.is_active,
               Cohort.course_id == course_id, Cohort.id.in_(trained_cohorts(user.id)))
        .limit(1)) is not None


def readable_reflection(user: User, reflection_id: int) -> Reflection:
    """A reflection the user may read: their own, or a submitted one of a learner they train."""
    reflection = db.session.scalars(
        sa.select(Reflection).where(Reflection.id == reflection_id)
        .options(selectinload(Reflection.comments).selectinload(ReflectionComment.author),
                 selectinload(Reflection.item).selectinload(Item.course),
                 selectinload(Reflection.user))).first()
    if reflection is None or not reflection.item.is_live:
        raise NotFound("No such reflection.")
    if reflection.user_id == user.id:
        return reflection
    if reflection.is_submitted and trains_learner(user, reflection.user_id,
                                                  reflection.item.course_id):
        return reflection
    raise NotFound("No such reflection.")


def add_comment(user: User, reflection: Reflection, body: str) -> ReflectionComment:
    """A trainer of the learner's cohort (or an admin) comments on a submitted reflection."""
    if not reflection.is_submitted:
        raise Conflict("Comments open once the reflection is submitted.")
    if not trains_learner(user, reflection.user_id, reflection.item.course_id):
        raise Forbidden("Only the learner's trainers can comment.")
    comment = ReflectionComment(reflection_id=reflection.id, author_id=user.id,
                                body=_check_body(body))
    db.session.add(comment)
    db.session.flush()
    return comment


def share_spaces(reflection: Reflection) -> list[ShareSpace]:
    """Where the learner may share it: each of their cohorts of the course, and the course."""
    cohorts = db.session.scalars(
        sa.select(Cohort).where(Cohort.course_id == reflection.item.course_id,
                                Cohort.id.in_(active_enrolments(reflection.user_id)))
        .order_by(Cohort.name))
    spaces = [ShareSpace(f"cohort:{c.id}", f"My cohort: {c.name}", c.id) for c in cohorts]
    return spaces + [ShareSpace("course", f"Everyone in {reflection.item.course.title}")]


def _app() -> Flask:
    # Flask types current_app as the Flask it proxies, hiding the proxy's own method.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return app


def sharing_available() -> bool:
    """True when this app's discussions receive shared reflections (another app's do not)."""
    # receivers_for, not has_receivers_for: that one still answers True after a disconnect
    return next(learning_events.reflection_shared.receivers_for(_app()), None) is not None


def share_reflection(user: User, reflection: Reflection, space_key: str) -> Reflection:
    """Share a submitted reflection into a discussion space, once."""
    if reflection.user_id != user.id:
        raise NotFound("No such reflection.")
    if not reflection.is_submitted:
        raise Conflict("Submit the reflection before sharing it.")
    if not sharing_available():
        raise Conflict("Sharing into discussions is not available yet.")
    space = next((s for s in share_spaces(reflection) if s.key == space_key), None)
    if space is None:
        raise DomainError("Choose one of the listed discussions.")
    claimed = db.session.execute(
        sa.update(Reflection)
        .where(Reflection.id == reflection.id, Reflection.shared_at.is_(None))
        .values(shared_at=utcnow(), shared_space=space.key)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise Conflict("This reflection is already shared.")
    db.session.expire(reflection)
    urls = [url for _receiver, url in learning_events.reflection_shared.send(
        _app(), reflection=reflection, space=space)]
    reflection.shared_url = next((url for url in urls if url), None)
    db.session.flush()
    return reflection


def cohort_reflections(cohort: Cohort, item: Item) -> list[tuple[User, Reflection | None]]:
    """Every active learner of the cohort with their submitted reflection, if any (1 query)."""
    _reflection_item(item)
    rows = db.session.execute(
        sa.select(User, Reflection).join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(Reflection, sa.and_(Reflection.user_id == User.id,
                                       Reflection.item_id == item.id,
                                       Reflection.submitted_at.is_not(None)))
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active)
        .order_by(User.name, User.id))
    return [(user, reflection) for user, reflection in rows]
