"""In-app notifications about discussions, and each person's email preference."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.forum import Post
from lms.models.user import User, utcnow
from lms.models.workbook import WorkbookComment

NOTIFICATION_KINDS = ("reply", "mention", "quote", "comment", "report")
EMAIL_MODES = ("immediate", "daily", "off")


class Notification(db.Model):
    """Tell one person about one post (a reply in a thread they follow, a mention, a quote,
    a report to the space's trainers) or about a trainer's comment on their workbook entry."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="CASCADE"), index=True, default=None)
    workbook_comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workbook_comment.id", ondelete="CASCADE"), index=True, default=None)
    kind: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    emailed_at: Mapped[datetime | None] = mapped_column(default=None)

    post: Mapped[Post | None] = relationship()
    workbook_comment: Mapped[WorkbookComment | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("user_id", "post_id"),  # one notification per person and post
        sa.Index("ix_notification_user_unread", "user_id", "read_at", "id"),
        sa.CheckConstraint("kind IN ('reply', 'mention', 'quote', 'comment', 'report')",
                           name="kind_known"),
        sa.CheckConstraint("(post_id IS NULL) <> (workbook_comment_id IS NULL)",
                           name="one_subject"),
    )


class NotificationSetting(db.Model):
    """How a person wants discussion emails: at once, as a daily digest, or not at all."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(16), default="daily")
    last_digest_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint("email IN ('immediate', 'daily', 'off')", name="email_known"),
    )
