"""Personal access tokens: made, listed and revoked by their owner; checked on API requests."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken, User, utcnow
from lms.services.errors import DomainError, Forbidden, NotFound

# Makes a leaked token easy to recognise (and to grep for in logs); not a secret.
TOKEN_PREFIX = "clk_"  # nosec B105  # noqa: S105
NAME_MAX = 80
TOKENS_PER_USER = 20
# last_used_at is written at most this often, so a busy script does not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def may_hold_tokens(user: User) -> bool:
    """Admins and trainers report on cohorts; learners have nothing to report on."""
    return user.is_trainer


def hash_token(plaintext: str) -> str:
    """SHA-256 of the token: what the database keeps and looks up."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user, and its plaintext: shown once, never stored."""
    if not may_hold_tokens(user):
        raise Forbidden("Only trainers and administrators can create API tokens.")
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Give the token a name, for example the script that will use it.")
    if len(name) > NAME_MAX:
        raise DomainError(f"Use at most {NAME_MAX} characters for the name.")
    live = db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))) or 0
    if live >= TOKENS_PER_USER:
        raise DomainError(f"You have {TOKENS_PER_USER} tokens: revoke one you no longer use.")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(plaintext),
                     prefix=plaintext[:len(TOKEN_PREFIX) + 6])
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, live ones first, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (revoking twice is harmless)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def authenticate(plaintext: str) -> ApiToken | None:
    """The live token with this plaintext, its user loaded (one query), or None."""
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 100:
        return None
    stmt = (sa.select(ApiToken).join(ApiToken.user)
            .where(ApiToken.token_hash == hash_token(plaintext), ApiToken.revoked_at.is_(None))
            .options(sa.orm.contains_eager(ApiToken.user)))
    return db.session.scalar(stmt)


def touch(token: ApiToken) -> bool:
    """Record that the token was used now, at most once per LAST_USED_RESOLUTION; True if
    that wrote something to commit."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == token.id)
                       .values(last_used_at=now))
    return True
