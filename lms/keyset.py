"""Keyset pagination cursors: a (timestamp, id) pair as a short, URL-safe string.

Pages read "rows after this cursor" through an index, so page 500 of a long thread is as
fast as page 1, unlike OFFSET, which reads and throws away every row before the page.
"""

import re
from datetime import datetime

import sqlalchemy as sa

_CURSOR_RE = re.compile(r"^(\d{20})-(\d{1,18})$")
_FORMAT = "%Y%m%d%H%M%S%f"


class BadCursor(ValueError):
    """A cursor that was not made by encode()."""


def encode(moment: datetime, row_id: int) -> str:
    """The cursor of a row."""
    return f"{moment.strftime(_FORMAT)}-{row_id}"


# A cursor beyond every row: paging back from it shows the last page.
LATEST = "99991231235959999999-0"


def decode(cursor: str | None) -> tuple[datetime, int] | None:
    """The (timestamp, id) of a cursor; None for no cursor, BadCursor for a broken one."""
    if not cursor:
        return None
    match = _CURSOR_RE.match(cursor)
    if not match:
        raise BadCursor(cursor)
    try:
        return datetime.strptime(match.group(1), _FORMAT), int(match.group(2))
    except ValueError:
        raise BadCursor(cursor) from None


def beyond(moment_col, id_col, cursor: tuple[datetime, int], *, descending: bool):
    """WHERE clause for rows strictly after the cursor in (moment, id) order.

    A row-value comparison, (moment, id) > (:moment, :id), which PostgreSQL and SQLite both
    answer with one range scan of the (moment, id) index; the equivalent OR of two conditions
    is not always planned that way.
    """
    moment, row_id = cursor
    row = sa.tuple_(moment_col, id_col)
    edge = sa.tuple_(sa.literal(moment), sa.literal(row_id))
    return row < edge if descending else row > edge
