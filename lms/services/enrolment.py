"""Joining and leaving cohorts: enrolment keys, invite links, capacity and removal.

Seats and invite uses hold under concurrency: a join locks its cohort row (SELECT ... FOR
UPDATE on PostgreSQL; SQLite writes already take the database lock with BEGIN IMMEDIATE)
before counting seats, and spends an invite use with a conditional UPDATE checked by rowcount.
"""

import re
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lms.access import trained_cohorts
from lms.extensions import db
from lms.models import INVITE_KINDS, Cohort, Enrolment, Invite, User, utcnow
from lms.services.accounts import find_user_by_email
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound

# No 0/O or 1/I/L: keys are read aloud in a room and typed from a slide.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 8


def normalise_key(text: str) -> str:
    """Keys are compared without spaces or dashes and in capitals."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def _new_code(kind: str) -> str:
    if kind == "key":
        return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))
    return secrets.token_urlsafe(24)


def create_invite(cohort: Cohort, by: User | None, *, kind: str,
                  expires_at: datetime | None = None, max_uses: int | None = None,
                  note: str = "", code: str | None = None) -> Invite:
    """Create an enrolment key or an invite link for the cohort."""
    if kind not in INVITE_KINDS:
        raise DomainError("Choose an enrolment key or an invite link.")
    if max_uses is not None and max_uses < 1:
        raise DomainError("The number of uses must be at least 1, or left empty for no limit.")
    if expires_at is not None and expires_at <= utcnow():
        raise DomainError("The expiry date must lie in the future.")
    if code and kind == "key":
        code = normalise_key(code)
    for _attempt in range(5):  # a clash of random codes is unlikely; retry rather than fail
        invite = Invite(cohort_id=cohort.id, kind=kind, note=note.strip(),
                        code=code or _new_code(kind), created_by_id=by.id if by else None,
                        expires_at=expires_at, max_uses=max_uses)
        try:
            with db.session.begin_nested():
                db.session.add(invite)
            return invite
        except IntegrityError:
            if code:
                raise Conflict("That key is already in use.") from None
    raise Conflict("Could not create a unique code; please try again.")


def revoke_invite(invite: Invite) -> None:
    """Withdraw an invite so that nobody can join with it any more (idempotent)."""
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()


def invite_for_key(text: str) -> Invite:
    """The enrolment key a learner typed, or NotFound."""
    code = normalise_key(text)
    invite = db.session.scalars(sa.select(Invite).where(
        Invite.kind == "key", Invite.code == code)).first() if code else None
    if invite is None:
        raise NotFound("No cohort has this enrolment key. Check the key with your trainer.")
    return invite


def invite_for_token(token: str) -> Invite:
    """The invite of a link, or NotFound."""
    invite = db.session.scalars(sa.select(Invite).where(Invite.kind == "link",
                                                        Invite.code == token)).first()
    if invite is None:
        raise NotFound("This invitation link is not valid. Ask your trainer for a new one.")
    return invite


def check_invite(invite: Invite, now: datetime | None = None) -> None:
    """Raise Conflict with a clear reason if the invite can no longer be used."""
    what = "enrolment key" if invite.kind == "key" else "invitation link"
    state = invite.state(now or utcnow())
    if state == "revoked":
        raise Conflict(f"This {what} has been withdrawn by the trainer. Ask them for a new one.")
    if state == "expired":
        raise Conflict(f"This {what} expired on {invite.expires_at:%d %b %Y}. "
                       "Ask your trainer for a new one.")
    if state == "used up":
        raise Conflict(f"This {what} has been used as often as the trainer allowed. "
                       "Ask them for a new one.")


def _lock_cohort(cohort_id: int) -> Cohort:
    """Load the cohort with a row lock, so seat counts of concurrent joins do not interleave."""
    return db.session.scalars(
        sa.select(Cohort).where(Cohort.id == cohort_id).with_for_update()
        .execution_options(populate_existing=True)).one()


def active_count(cohort_id: int) -> int:
    """How many learners are in the cohort now."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort_id, Enrolment.is_active)) or 0


def _check_capacity(cohort: Cohort) -> None:
    if cohort.capacity is not None and active_count(cohort.id) >= cohort.capacity:
        raise Conflict(f"“{cohort.name}” is full: all {cohort.capacity} places are taken. "
                       "Ask the trainer whether a place can be made for you.")


def _trains(user: User, cohort: Cohort) -> bool:
    return db.session.scalar(sa.select(sa.literal(True)).where(
        sa.literal(cohort.id).in_(trained_cohorts(user.id)))) is not None


def _enrolment(user: User, cohort: Cohort) -> Enrolment | None:
    return db.session.scalar(
        sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                   Enrolment.user_id == user.id)
        .execution_options(populate_existing=True))


def _spend_use(invite: Invite, now: datetime) -> None:
    """Count one use, only if the invite is still valid; a lost race raises Conflict."""
    result = db.session.execute(
        sa.update(Invite)
        .where(Invite.id == invite.id, Invite.revoked_at.is_(None),
               sa.or_(Invite.expires_at.is_(None), Invite.expires_at > now),
               sa.or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses))
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(invite)
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        check_invite(invite, now)
        raise Conflict("This invitation can no longer be used. Ask your trainer for a new one.")


def join(user: User, invite: Invite) -> tuple[Enrolment, bool]:
    """Enrol the user with an invite; returns the enrolment and whether it is new.

    A learner already in the cohort keeps their place and spends no use. A removed learner
    comes back only with an invite created after their removal.
    """
    now = utcnow()
    check_invite(invite, now)
    cohort = _lock_cohort(invite.cohort_id)
    if _trains(user, cohort):
        raise Conflict("You are a trainer of this cohort, so you cannot join it as a learner.")
    enrolment = _enrolment(user, cohort)
    if enrolment is not None and enrolment.is_active:
        return enrolment, False
    if enrolment is not None and invite.created_at <= enrolment.removed_at:  # type: ignore[operator]
        raise Forbidden("You were removed from this cohort. Only a new invitation from the "
                        "trainer lets you back in.")
    _check_capacity(cohort)
    _spend_use(invite, now)
    return _enrol(user, cohort, enrolment, now), True


def _enrol(user: User, cohort: Cohort, enrolment: Enrolment | None, now: datetime) -> Enrolment:
    if enrolment is None:
        enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, joined_at=now)
        db.session.add(enrolment)
    else:
        enrolment.removed_at = None
        enrolment.joined_at = now
    db.session.flush()
    return enrolment


def add_learner_by_email(cohort: Cohort, email: str) -> Enrolment:
    """A trainer adds someone who already has an account; capacity still applies."""
    user = find_user_by_email(email)
    if user is None:
        raise DomainError(f"No account uses {email.strip()}. Ask them to create an account "
                          "first, or send them an invitation link.")
    cohort = _lock_cohort(cohort.id)
    if _trains(user, cohort):
        raise Conflict(f"{user.name} is a trainer of this cohort.")
    enrolment = _enrolment(user, cohort)
    if enrolment is not None and enrolment.is_active:
        raise Conflict(f"{user.name} is already in this cohort.")
    _check_capacity(cohort)
    return _enrol(user, cohort, enrolment, utcnow())


def remove_learner(cohort: Cohort, user: User) -> Enrolment:
    """End a learner's membership now; the row stays, with removed_at set."""
    enrolment = _enrolment(user, cohort)
    if enrolment is None or not enrolment.is_active:
        raise NotFound(f"{user.name} is not in this cohort.")
    enrolment.removed_at = utcnow()
    return enrolment
