"""Small computed values kept under version tokens, such as a person's unread count."""

import json
from collections.abc import Callable
from typing import Any

from flask import current_app

from lms.cache import store
from lms.cache.tokens import tokens


def versioned_key(name: str, token_names: list[str]) -> str:
    """The key of `name` as of the current tokens: stale once any of them is renewed."""
    return ":".join([name, *(t.decode() for t in tokens(*token_names))])


def remember(name: str, token_names: list[str], compute: Callable[[], Any]) -> Any:
    """The JSON-able value of `compute()`, from the cache while the tokens are unchanged."""
    cache = store()
    if not cache.enabled:
        return compute()
    key = versioned_key(name, token_names)
    raw = cache.get(key)
    if raw is not None:
        return json.loads(raw)
    value = compute()
    cache.set(key, json.dumps(value).encode(), current_app.config["CACHE_TTL"])
    return value
