"""The signed-in user, read from the cache instead of the database on most requests.

The row is stored under the user's version token, so any committed change to the person
(logout everywhere, a new role, a deleted account) makes the next request read the database.
The password hash is never cached: it loads from the database when a form needs it.
"""

import json
from datetime import datetime

from flask import current_app
from sqlalchemy.orm import make_transient_to_detached

from lms.cache import store
from lms.cache.invalidation import user_token
from lms.cache.tokens import tokens
from lms.cache.values import versioned_key
from lms.extensions import db
from lms.models import User

FIELDS = ("email", "name", "organisation", "country", "role", "session_version")
TIMES = ("created_at", "last_seen_at")


def _encode(user: User) -> bytes:
    row = {f: getattr(user, f) for f in FIELDS}
    row.update({f: getattr(user, f) and getattr(user, f).isoformat() for f in TIMES})
    return json.dumps(row).encode()


def _decode(user_id: int, raw: bytes) -> User:
    row = json.loads(raw)
    row.update({f: row[f] and datetime.fromisoformat(row[f]) for f in TIMES})
    user = User(id=user_id, **row)
    make_transient_to_detached(user)  # as if loaded by a query: no SQL, unlisted fields lazy
    db.session.add(user)
    return user


def load(user_id: int) -> User | None:
    """The user by id, from the cache if fresh, else from the database (then cached)."""
    cache = store()
    if not cache.enabled:
        return db.session.get(User, user_id)
    user = db.session.identity_map.get(db.session.identity_key(User, user_id))
    if user is not None:
        return user
    tokens(user_token(user_id), "site")  # one round trip: the page and nav badge need "site"
    key = versioned_key(f"user:{user_id}", [user_token(user_id)])
    raw = cache.get(key)
    if raw is not None:
        return _decode(user_id, raw)
    user = db.session.get(User, user_id)
    if user is not None:
        cache.set(key, _encode(user), current_app.config["CACHE_TTL"])
    return user
