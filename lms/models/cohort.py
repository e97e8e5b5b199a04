"""Cohorts: one edition of a course, its trainers and its learners."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.course import Course
from lms.models.user import User, utcnow

cohort_trainer = sa.Table(
    "cohort_trainer",
    db.metadata,
    sa.Column("cohort_id", sa.ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Cohort(db.Model):
    """A group of learners taking a course together, with in-person sessions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None] = mapped_column(default=None)
    ends_on: Mapped[date | None] = mapped_column(default=None)
    capacity: Mapped[int | None] = mapped_column(default=None)
    enrolment_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=cohort_trainer, order_by=User.name)

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name}>"


class Enrolment(db.Model):
    """A learner's membership of a cohort; removal keeps the row for the record."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(default=None)

    cohort: Mapped[Cohort] = relationship()
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)
