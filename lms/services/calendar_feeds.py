"""Private calendar feed URLs: create, reset, and find the user a token belongs to."""

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from flask import current_app

from lms.extensions import db
from lms.models import CalendarFeed, User, utcnow


def _token(nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"calendar-feed:{nonce}".encode(), hashlib.sha256).hexdigest()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_for(user: User) -> CalendarFeed | None:
    """The user's feed, if they created one."""
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_token(feed: CalendarFeed) -> str:
    """The secret for the feed URL (derived, so it can be shown again)."""
    return _token(feed.nonce)


def reset_feed(user: User) -> str:
    """Create the user's feed or give it a new secret; the old URL stops working at once."""
    feed = feed_for(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.nonce = secrets.token_hex(16)
    token = _token(feed.nonce)
    feed.token_hash, feed.created_at, feed.last_used_at = _digest(token), utcnow(), None
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The owner of a feed token, or None; the final comparison runs in constant time."""
    if not token or len(token) > 128:
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(
        CalendarFeed.token_hash == _digest(token)))
    if feed is None or not hmac.compare_digest(_token(feed.nonce), token):
        return None
    feed.last_used_at = utcnow()
    return db.session.get(User, feed.user_id)
