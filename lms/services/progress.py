"""Recording progress: atomic upserts, so concurrent writes keep one row and lose nothing."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from lms.database import conflict_insert
from lms.extensions import db
from lms.models import Item, ItemProgress, User, utcnow
from lms.services import learning_events
from lms.xapi import statements as xapi


class Gated(Protocol):
    """What prerequisites are read from: an item row or a lesson of the cached outline."""

    @property
    def prerequisites(self) -> Sequence[str]: ...


class Outlined(Gated, Protocol):
    """An item as an outline lists it: enough to name its missing prerequisites."""

    @property
    def id(self) -> int: ...

    @property
    def slug(self) -> str: ...

    @property
    def title(self) -> str: ...


SEEN_RESOLUTION = timedelta(minutes=10)


def seen_long_ago(last_seen_at: datetime | None) -> bool:
    """Whether a view is worth a write: "last seen" is kept to ten minutes, so re-reading a
    page (or paging back and forth) does not write to the database every time."""
    return last_seen_at is None or utcnow() - last_seen_at > SEEN_RESOLUTION


def record_seen(user_id: int, item_id: int) -> None:
    """Note that the learner opened the item (first and last time)."""
    db.session.execute(_seen_upsert(db.session.get_bind().dialect.name),
                       {"user_id": user_id, "item_id": item_id, "now": utcnow()})
    xapi.lesson_viewed(user_id, item_id)


@cache
def _seen_upsert(dialect: str) -> postgresql.Insert | sqlite.Insert:
    """The upsert of "seen", built once per process as a learner's first view of a lesson runs
    it; on the table, not the entity: the ORM's insert path took three times as long."""
    table = ItemProgress.__table__
    now = sa.bindparam("now", type_=table.c.last_seen_at.type)
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(
        user_id=sa.bindparam("user_id", type_=sa.Integer),
        item_id=sa.bindparam("item_id", type_=sa.Integer), first_seen_at=now, last_seen_at=now)
    return stmt.on_conflict_do_update(index_elements=["user_id", "item_id"],
                                      set_={"last_seen_at": now})


def mark_completed(user: User, item: Item, by: str) -> None:
    """Complete the item for the learner; the first completion time and reason are kept."""
    now = utcnow()
    table = ItemProgress.__table__
    stmt = conflict_insert(table).values(user_id=user.id, item_id=item.id, first_seen_at=now,
                                        last_seen_at=now, completed_at=now, completed_by=by)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["user_id", "item_id"],
        set_={
            "last_seen_at": now,
            "completed_at": sa.func.coalesce(table.c.completed_at, now),
            "completed_by": sa.func.coalesce(table.c.completed_by, by),
        },
    ))
    learning_events.item_completed.send(item, user=user, by=by)
    xapi.item_completed(user, item)


def mark_not_completed(user: User, item: Item) -> None:
    """Undo a manual completion (a learner who ticked "done" by mistake)."""
    db.session.execute(
        sa.update(ItemProgress)
        .where(ItemProgress.user_id == user.id, ItemProgress.item_id == item.id,
               ItemProgress.completed_by == "done")
        .values(completed_at=None, completed_by=None)
    )


def completed_slugs(user: User, course_id: int) -> set[str]:
    """Slugs of the items of a course the learner has completed (one query)."""
    return set(db.session.scalars(
        sa.select(Item.slug).join(ItemProgress, ItemProgress.item_id == Item.id)
        .where(ItemProgress.user_id == user.id, Item.course_id == course_id,
               ItemProgress.completed_at.is_not(None))
    ))


def missing_prerequisites(item: Gated, completed: set[str]) -> list[str]:
    """Prerequisite slugs of item not yet completed."""
    return [slug for slug in item.prerequisites or [] if slug not in completed]


def locked_items(items: Sequence[Outlined], completed: set[str]) -> dict[int, list[str]]:
    """Item id to the titles of its prerequisites still to complete, for every locked item of
    ``items`` (an outline in course order): the outline says why before anyone opens it."""
    titles = {item.slug: item.title for item in items}
    locks = {}
    for item in items:
        missing = missing_prerequisites(item, completed)
        if missing:
            locks[item.id] = [titles.get(slug, slug) for slug in missing]
    return locks
