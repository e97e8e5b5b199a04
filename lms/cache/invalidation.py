"""Renew version tokens when a commit changes what cached pages show.

Every write is caught, so nothing is forgotten by a new feature: ORM flushes are sorted by
object (a learner's own rows renew `user:<id>`, anything else renews `site`), and DML
statements renew `site` unless the caller names narrower tokens with
`.execution_options(cache_tokens=[...])`. Tokens are renewed after the commit, so a page
rendered from the old data can only have been stored under the old tokens.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.cache import store
from lms.cache.tokens import forget

PENDING = "cache_pending"
# Fields of a user that other people's pages show (author names, role tags).
SHARED_USER_FIELDS = ("name", "role", "organisation")


def user_token(user_id: int) -> str:
    return f"user:{user_id}"


def _names_for(obj: object, gone: bool) -> set[str]:
    from lms.models import User

    if isinstance(obj, User):
        state = sa.inspect(obj)
        shared = gone or any(state.attrs[f].history.has_changes() for f in SHARED_USER_FIELDS)
        return {user_token(obj.id), "site"} if shared else {user_token(obj.id)}
    if getattr(type(obj), "__cache_owner__", None) == "user_id" and obj.user_id is not None:
        return {user_token(obj.user_id)}
    return {"site"}


def _after_flush(session: Session, _context) -> None:
    names = session.info.setdefault(PENDING, set())
    for obj in session.new:
        names |= _names_for(obj, gone=False)
    for obj in session.dirty:
        if session.is_modified(obj):  # not merely touched
            names |= _names_for(obj, gone=False)
    for obj in session.deleted:
        names |= _names_for(obj, gone=True)


def _on_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        names = state.execution_options.get("cache_tokens") or ("site",)
        state.session.info.setdefault(PENDING, set()).update(names)


def _after_commit(session: Session) -> None:
    names = session.info.pop(PENDING, None)
    if names:
        store().renew(names)
        forget()


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def install() -> None:
    """Listen on every session (idempotent: the listeners are module functions)."""
    for event, listener in (("after_flush", _after_flush), ("do_orm_execute", _on_execute),
                            ("after_commit", _after_commit),
                            ("after_rollback", _after_rollback)):
        if not sa.event.contains(Session, event, listener):
            sa.event.listen(Session, event, listener)
