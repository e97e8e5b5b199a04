"""Issuing and verifying certificates of completion."""

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lms.extensions import db
from lms.models import Certificate, Course, Item, ItemProgress, User
from lms.queries.attendance import sessions_missed
from lms.services.errors import DomainError, NotFound

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code() -> str:
    """A random, readable code such as CL-7K2M-Q9XA-4HPT."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "CL-" + "-".join(groups)


def items_left(user: User, course: Course) -> int:
    """How many items for learners of the course the learner has not completed."""
    return db.session.execute(
        sa.select(sa.func.count(Item.id))
        .outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                         ItemProgress.user_id == user.id))
        .where(Item.course_id == course.id, Item.for_learners(),
               ItemProgress.completed_at.is_(None))).scalar_one()


def issue_certificate(user: User, course: Course) -> Certificate:
    """The learner's certificate for the course, created once the course is complete."""
    existing = find_certificate(user, course)
    if existing is not None:
        return existing
    left = items_left(user, course)
    if left:
        raise DomainError(f"Complete the course first: {left} item(s) left.")
    missed = sessions_missed(user.id, course)
    if missed:
        raise DomainError(f"This course counts attendance: {missed} session(s) not attended.")
    try:
        with db.session.begin_nested():
            certificate = Certificate(user_id=user.id, course_id=course.id, code=new_code())
            db.session.add(certificate)
    except IntegrityError:  # issued by a concurrent request a moment ago
        return db.session.scalars(sa.select(Certificate).where(
            Certificate.user_id == user.id, Certificate.course_id == course.id)).one()
    return certificate


def find_certificate(user: User, course: Course) -> Certificate | None:
    """The learner's certificate for the course, if issued."""
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.user_id == user.id, Certificate.course_id == course.id))


def code_candidates(typed: str) -> set[str]:
    """Stored forms a typed code may stand for: any case, spaces, with or without "CL-"."""
    candidates = {typed.strip().upper()}
    compact = "".join(ch for ch in typed.upper() if ch.isalnum())
    if compact.startswith("CL") and len(compact) == 14:
        compact = compact[2:]
    if len(compact) == 12:
        candidates.add("CL-" + "-".join(compact[i:i + 4] for i in range(0, 12, 4)))
    return candidates


def verify(code: str) -> Certificate:
    """The certificate with this code, however it was typed; NotFound if none."""
    certificate = db.session.scalars(
        sa.select(Certificate).where(Certificate.code.in_(code_candidates(code)))
        .options(joinedload(Certificate.user), joinedload(Certificate.course))).first()
    if certificate is None:
        raise NotFound("No certificate has this code.")
    return certificate
