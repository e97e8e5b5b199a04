"""Whole rendered pages of a signed-in person, for the pages read over and over.

A page is kept under a key made of the path, the session's user id with its session
version, the session's CSRF secret (the page's forms carry tokens made from it) and the
version tokens of everything the page shows. So a hit is the page exactly as it would render
now (relative times such as "5 minutes ago" aside, which the TTL bounds), and it is served
without loading the user: a revoked session changes the user's token, and a page is only
ever stored by a request that passed the login and access checks.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from lms.cache import store
from lms.cache.invalidation import user_token
from lms.cache.tokens import tokens


def _session_user_id() -> str | None:
    """The "id:version" Flask-Login keeps in the session, if well formed."""
    raw = session.get("_user_id")
    if not isinstance(raw, str):
        return None
    user_id, _, version = raw.partition(":")
    return raw if user_id.isdigit() and version.isdigit() else None


def _key(signed_in: str, also: list[str]) -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if current_app.config.get("WTF_CSRF_ENABLED", True) and field not in session:
        generate_csrf()  # makes the session's CSRF secret now, as the render would
    user_id = signed_in.partition(":")[0]
    parts = [request.full_path, signed_in, session.get(field, ""),
             *(t.decode() for t in tokens(user_token(int(user_id)), "site", *also))]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def cached_page(also: Callable[..., list[str]] | None = None):
    """Decorator, outside the login and role checks: serve the signed-in person's page from
    the cache, or run the view and keep its page if it is a plain 200 string.

    `also(**view_args)` names more version tokens the page depends on, such as other
    people's. A view keeps its page out by calling `not_cacheable()`.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            cache = store()
            signed_in = _session_user_id() if cache.enabled else None
            if signed_in is None or "_flashes" in session:  # the render shows the flashes
                return view(*args, **kwargs)
            key = _key(signed_in, also(**kwargs) if also else [])
            hit = cache.get(key)
            if hit is not None:
                g.cached_page_user_id = signed_in
                return hit  # bytes: served as they are, text/html
            result = view(*args, **kwargs)
            if isinstance(result, str) and not g.get("page_not_cacheable"):
                cache.set(key, result.encode(), current_app.config["CACHE_TTL"])
            return result

        return wrapped

    return decorator


def not_cacheable() -> None:
    """Keep this request's page out of the cache (it shows more than the tokens cover)."""
    g.page_not_cacheable = True
