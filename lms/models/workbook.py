"""The cluster workbook: each learner's saved work with each tool item, every save kept."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.course import Item
from lms.models.user import User, utcnow


class WorkbookEntry(db.Model):
    """One learner's work with one tool item: the latest save, and where it was shared."""


    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    inputs: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # of the latest version
    results: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    version_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    shared_at: Mapped[datetime | None] = mapped_column(default=None)  # the latest sharing

    user: Mapped[User] = relationship()
    item: Mapped[Item] = relationship()

    __table_args__ = (sa.UniqueConstraint("user_id", "item_id"),)


class WorkbookVersion(db.Model):
    """One save of an entry, kept so a learner can compare before and after a session."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("workbook_entry.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()  # 1, 2, ... within the entry
    inputs: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    results: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("entry_id", "number"),)


class WorkbookShare(db.Model):
    """One version of an entry shared into a discussion: its readers may open that version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workbook_entry.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column()
    space_key: Mapped[str] = mapped_column(sa.String(40))  # "course" or "cohort:<id>"
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("thread.id", ondelete="SET NULL"), index=True, default=None)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkbookComment(db.Model):
    """A trainer's comment on a learner's workbook entry (the learner is notified)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workbook_entry.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    version_number: Mapped[int | None] = mapped_column(default=None)  # the version read
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[WorkbookEntry] = relationship()
    author: Mapped[User] = relationship()
