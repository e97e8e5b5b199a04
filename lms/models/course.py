"""Course content imported from packages: courses, modules, items and pages.

Rows are keyed by stable slugs and archived, never deleted, so that progress,
attempts and discussion survive every re-import.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.content.kinds import ITEM_KINDS as _KINDS
from lms.content.kinds import ItemKind
from lms.extensions import db
from lms.models.user import utcnow

ITEM_KINDS = tuple(_KINDS)
LEARNERS, TRAINERS = "learners", "trainers"  # who an item is shown to (course-format.md)


class Archivable:
    """Rows a re-import archives instead of deleting (archived_at set), so progress survives."""

    archived_at: Mapped[datetime | None]

    @hybrid_property
    def is_live(self) -> bool:
        """Not archived: part of the course as last synced (also a SQL clause on the class)."""
        return self.archived_at is None

    @is_live.inplace.expression
    @classmethod
    def _is_live_clause(cls) -> sa.ColumnElement[bool]:
        return cls.archived_at.is_(None)


class Course(Archivable, db.Model):
    """One course package, as last synced."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(20), default="en")
    authors: Mapped[list] = mapped_column(sa.JSON, default=list)
    licence: Mapped[str] = mapped_column(sa.String(80), default="")
    attendance_counts: Mapped[bool] = mapped_column(default=False)
    content_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    source_path: Mapped[str] = mapped_column(sa.String(500), default="")
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    modules: Mapped[list["Module"]] = relationship(
        back_populates="course", order_by="Module.position",
        primaryjoin="and_(Course.id == Module.course_id, Module.is_live)",
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class Module(Archivable, db.Model):
    """A module of a course: an ordered group of items."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    course: Mapped[Course] = relationship(back_populates="modules")
    items: Mapped[list["Item"]] = relationship(
        order_by="Item.position",
        primaryjoin="and_(Module.id == Item.module_id, Item.is_live)",
        viewonly=True,
    )

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)


class Item(Archivable, db.Model):
    """A lesson: theory, practical case, quiz, reflection prompt or workbook tool."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    minutes: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)  # order within the whole course
    body_html: Mapped[str] = mapped_column(sa.Text, default="")  # rendered and sanitized at sync
    quiz: Mapped[dict | None] = mapped_column(sa.JSON, default=None)  # settings and questions
    prerequisites: Mapped[list] = mapped_column(sa.JSON, default=list)  # item slugs
    # "trainers": facilitator material, shown only to the course's cohort trainers and admins
    visibility: Mapped[str] = mapped_column(sa.String(16), default=LEARNERS,
                                            server_default=LEARNERS)
    # preview = true in the package: visitors may read it from the course page before joining
    preview: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    tool: Mapped[str | None] = mapped_column(sa.String(80), default=None)  # a tool item's tool
    tool_options: Mapped[dict | None] = mapped_column(sa.JSON, default=None)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    course: Mapped[Course] = relationship()
    module: Mapped[Module] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("course_id", "slug"),
        # The table's names, as the migrations wrote them: a new kind needs a migration.
        sa.CheckConstraint(f"kind IN ({', '.join(repr(name) for name in _KINDS)})",
                           name="kind_known"),
        sa.CheckConstraint("visibility IN ('learners', 'trainers')", name="visibility_known"),
    )

    @property
    def for_trainers(self) -> bool:
        """True for facilitator material that learners never see."""
        return self.visibility == TRAINERS

    @classmethod
    def for_learners(cls) -> sa.ColumnElement[bool]:
        """SQL clause for the items learners study: live and not trainer-only.

        Progress, completion, certificates, the trainer grid and exports count only these.
        """
        return sa.and_(cls.is_live, cls.visibility == LEARNERS)

    def __repr__(self) -> str:
        return f"<Item {self.slug} ({self.kind})>"

    @property
    def kind_label(self) -> str:
        """What the kind is called on tags and headings."""
        return _KINDS[self.kind].label

    @property
    def kind_info(self) -> ItemKind:
        """The kind's row of the kinds table: how the item completes, who reviews it."""
        return _KINDS[self.kind]


class CoursePage(Archivable, db.Model):
    """A course-level page such as the glossary: not an item, no progress."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)
