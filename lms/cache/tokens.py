"""Version tokens of what a page shows, read once per request.

Names: `user:<id>` covers one person's own state (account, progress, enrolments, attempts,
notifications); `site` covers everything shared (courses, cohorts, sessions, discussions).
"""

from flask import g, has_app_context

from lms.cache import store


def tokens(*names: str) -> list[bytes]:
    """The tokens of the names, one store round trip for those not yet read this request."""
    memo = g.setdefault("cache_tokens", {}) if has_app_context() else {}
    missing = [name for name in names if name not in memo]
    if missing:
        memo.update(zip(missing, store().tokens(missing), strict=True))
    return [memo[name] for name in names]


def forget() -> None:
    """Drop this request's tokens after a commit changed them."""
    if has_app_context():
        g.pop("cache_tokens", None)
