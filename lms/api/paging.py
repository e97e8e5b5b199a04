"""Keyset pagination for the API: `?after=<id>&limit=<n>`, and a `next` link to follow."""

import re
from datetime import datetime

from flask import abort, request

from lms.routing import MAX_ID  # ids are INTEGER columns: a larger bound is refused
from lms.urls import public_url

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII digits only: str.isdigit() also takes "²"


def _positive(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or (name == "limit" and int(raw) == 0):
        abort(422, f"The {name} parameter must be a positive whole number.")
    if int(raw) > maximum:
        abort(422, f"The {name} parameter must be at most {maximum}.")
    return int(raw)


def page_args() -> tuple[int, int]:
    """(after, limit) from the query string; 422 for anything that is not a number in range."""
    return _positive("after", 0, MAX_ID), _positive("limit", DEFAULT_LIMIT, MAX_LIMIT)


def page(data: list[dict], last_id: int | None, limit: int, **extra_args) -> dict:
    """The response body of a page; `next` is null on the last page.

    A full page may be followed by an empty one: that costs a request, never a wrong answer.
    """
    next_url = None
    if len(data) == limit and last_id is not None:
        if request.endpoint is None:
            raise RuntimeError("page() links to the current endpoint: call it from a view")
        args = {**(request.view_args or {}), **extra_args, "after": last_id, "limit": limit}
        next_url = public_url(request.endpoint, **{k: v for k, v in args.items()
                                                   if v not in (None, "")})
    return {"data": data, "links": {"next": next_url}}


def when(moment: datetime | None) -> str | None:
    """A stored naive-UTC time as RFC 3339 with a Z."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"
