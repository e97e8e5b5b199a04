"""Discussions: spaces, threads, posts, likes, reports, follows and case attachments.

A space is either course-wide (cohort_id is NULL) or the private space of one cohort.
Counters (posts, likes) and the last activity time are kept on the rows by the service
layer, so that list pages never count or sort over all posts.
"""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.cohort import Cohort
from lms.models.course import Course, Item, Module
from lms.models.user import User, utcnow

if TYPE_CHECKING:  # quiz.py does not import this module; the mapper resolves the name
    from lms.models.quiz import Reflection

THREAD_KINDS = ("discussion", "case", "item")
FTS_TABLE = "post_fts"
FTS_INDEX = "ix_post_body_fts"


class Space(db.Model):
    """Where threads live: a course's shared space, or one cohort's private space."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cohort.id", ondelete="CASCADE"), default=None)
    # "course-<id>" or "cohort-<id>": one row per space, even with NULL cohort ids.
    key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    cohort: Mapped[Cohort | None] = relationship()

    @property
    def is_private(self) -> bool:
        """True for a cohort's own space."""
        return self.cohort_id is not None

    @property
    def title(self) -> str:
        """What people call the space."""
        return self.cohort.name if self.cohort else f"{self.course.title}: everyone"


class Thread(db.Model):
    """A conversation: a discussion, a trainer's practical case, or an item's thread."""

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), default=None)
    kind: Mapped[str] = mapped_column(sa.String(16), default="discussion")
    title: Mapped[str] = mapped_column(sa.String(200))
    # An item's own thread: at most one per item (NULLs do not clash in a unique constraint).
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("item.id"), unique=True,
                                                default=None)
    module_id: Mapped[int | None] = mapped_column(sa.ForeignKey("module.id"), index=True,
                                                  default=None)
    questions_md: Mapped[str] = mapped_column(sa.Text, default="")
    questions_html: Mapped[str] = mapped_column(sa.Text, default="")
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    post_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    space: Mapped[Space] = relationship()
    author: Mapped[User | None] = relationship()
    item: Mapped[Item | None] = relationship()
    module: Mapped[Module | None] = relationship()
    # The case's own files; files attached to replies belong to their posts.
    attachments: Mapped[list["Attachment"]] = relationship(
        order_by="Attachment.id", viewonly=True,
        primaryjoin="and_(Attachment.thread_id == Thread.id, Attachment.post_id.is_(None))")

    __table_args__ = (
        sa.CheckConstraint("kind IN ('discussion', 'case', 'item')", name="kind_known"),
        # The space page: pinned first, then by last activity, newest first (keyset).
        sa.Index("ix_thread_space_activity", "space_id", "pinned", "last_activity_at", "id"),
    )

    @property
    def reply_count(self) -> int:
        """Posts after the opening one."""
        return max(self.post_count - 1, 0)


class Post(db.Model):
    """One message in a thread; Markdown kept as written, HTML rendered and sanitized."""

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("thread.id"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True, default=None)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    reply_to_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="SET NULL"), default=None)
    quote_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="SET NULL"), default=None)
    like_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship()
    reply_to: Mapped["Post | None"] = relationship(foreign_keys=[reply_to_id], remote_side=[id])
    quote_of: Mapped["Post | None"] = relationship(foreign_keys=[quote_of_id], remote_side=[id])

    # The thread page reads posts in (created_at, id) order from a cursor: keyset pagination.
    __table_args__ = (sa.Index("ix_post_thread_created", "thread_id", "created_at", "id"),)

    @property
    def is_visible(self) -> bool:
        """Neither deleted by its author nor hidden by a moderator."""
        return self.deleted_at is None and self.hidden_at is None


class PostLike(db.Model):
    """A like: one per person and post (the primary key enforces it)."""

    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"),
                                         primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PostReport(db.Model):
    """Someone flagged a post for the moderators; resolved when a moderator acts on it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.String(20))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), default=None)
    resolution: Mapped[str] = mapped_column(sa.String(20), default="")

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])

    __table_args__ = (sa.UniqueConstraint("post_id", "reporter_id"),)


class ThreadFollow(db.Model):
    """A person follows a thread and is told about new posts."""

    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("thread.id", ondelete="CASCADE"),
                                           primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(db.Model):
    """A file attached to a practical case, a reply or a reflection, stored under instance/
    with a random name.

    A case's files have a thread and no post; a reply's files have both; a reflection's
    files have the reflection only (no thread), until the reflection is shared.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("thread.id", ondelete="CASCADE"), index=True, default=None)
    post_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="CASCADE"), index=True, default=None)
    reflection_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reflection.id", ondelete="CASCADE"), index=True, default=None)
    filename: Mapped[str] = mapped_column(sa.String(200))  # as uploaded, cleaned
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    post: Mapped["Post | None"] = relationship()
    reflection: Mapped["Reflection | None"] = relationship()

    __table_args__ = (
        sa.CheckConstraint("thread_id IS NOT NULL OR reflection_id IS NOT NULL",
                           name="has_owner"),
        sa.CheckConstraint("post_id IS NULL OR thread_id IS NOT NULL", name="post_in_thread"),
    )


# Full-text search structures that the ORM cannot describe: the tests' create_all and the
# migration both create them, each only on its own database. On SQLite an FTS5 table
# indexes post bodies (external content, kept in sync by triggers); on PostgreSQL a GIN
# index over to_tsvector('english', body) serves plainto_tsquery searches.
SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE post_fts USING fts5(body, content='post', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER post_fts_insert AFTER INSERT ON post BEGIN "
    "INSERT INTO post_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER post_fts_delete AFTER DELETE ON post BEGIN "
    "INSERT INTO post_fts(post_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER post_fts_update AFTER UPDATE OF body ON post BEGIN "
    "INSERT INTO post_fts(post_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO post_fts(rowid, body) VALUES (new.id, new.body); END",
)
POSTGRESQL_FTS_DDL = (
    "CREATE INDEX ix_post_body_fts ON post USING gin (to_tsvector('english', body))",
)

for _statement in SQLITE_FTS_DDL:
    sa.event.listen(Post.__table__, "after_create",
                    sa.DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_FTS_DDL:
    sa.event.listen(Post.__table__, "after_create",
                    sa.DDL(_statement).execute_if(dialect="postgresql"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the full-text search table, its shadow tables and index alone."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == FTS_INDEX)
