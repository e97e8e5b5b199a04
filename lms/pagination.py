"""Reading page numbers from the query string without trusting them."""

from flask import request

MAX_PAGE = 10_000


def page_number() -> int:
    """The ?page= value as a positive int; anything odd becomes page 1."""
    raw = request.args.get("page", "1")
    # isascii too: str.isdigit() accepts digits int() refuses, such as "²".
    return min(int(raw), MAX_PAGE) if raw.isascii() and raw.isdigit() and int(raw) > 0 else 1
