"""Web authoring of course packages: who may author a course, the uploaded versions, the log.

A version is an uploaded package that passed `check`, kept as files in the version store so
it can be previewed, published, downloaded and published again (a rollback). Versions and
log rows name the course by slug: the first upload of a new course comes before its row.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.course import Course
from lms.models.user import User, utcnow

AUTHORING_ACTIONS = ("upload", "refuse", "publish", "rollback", "download", "grant", "revoke")


class CourseAuthor(db.Model):
    """An admin's grant: this person may upload, publish and roll back this course."""

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    user: Mapped[User] = relationship()


class PackageVersion(db.Model):
    """A checked package as uploaded; its files live in the version store under ``folder``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_slug: Mapped[str] = mapped_column(sa.String(80), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    folder: Mapped[str] = mapped_column(sa.String(200))  # relative to AUTHORING_STORE
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_published_at: Mapped[datetime | None] = mapped_column(default=None)

    uploaded_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("course_slug", "content_hash"),)

    @property
    def short_hash(self) -> str:
        """The first characters of the content hash: enough to tell versions apart."""
        return self.content_hash[:10]


class AuthoringEvent(db.Model):
    """One line of the authoring log: who did what to which course and package, and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(16))
    course_slug: Mapped[str] = mapped_column(sa.String(80), index=True)
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("package_version.id"))
    content_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")

    actor: Mapped[User | None] = relationship()
    version: Mapped[PackageVersion | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("action IN ('upload', 'refuse', 'publish', 'rollback', 'download', "
                           "'grant', 'revoke')", name="action_known"),
    )
