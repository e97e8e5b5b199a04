"""Shared cache for rendered pages and signed-in users, with exact invalidation.

Cached values are keyed by *version tokens* (`lms.cache.versions`): every commit that
changes what a page shows replaces the tokens it touches (`lms.cache.invalidation`), so
a stale entry is never read again; it only waits for its TTL to free the memory. The store
is Redis in production (shared by every app instance), a dict in tests, or off.
"""

from flask import Flask, current_app, has_app_context

from lms.cache.stores import NullStore, Store, make_store


def init_app(app: Flask) -> None:
    """Create the store from CACHE_URL and install the invalidation hooks."""
    from lms.cache import invalidation

    app.extensions["lms_cache"] = make_store(app.config.get("CACHE_URL", ""),
                                             app.config.get("CACHE_KEY_PREFIX", "lms:cache:"))
    invalidation.install()


def store() -> Store:
    """The app's store; a NullStore outside an app or when caching is off."""
    found = current_app.extensions.get("lms_cache") if has_app_context() else None
    return found or NullStore()


__all__ = ["init_app", "store"]
