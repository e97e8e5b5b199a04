"""Cohorts: one edition of a course, its trainers, learners, invites and in-person sessions."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.course import Course, Item
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=cohort_trainer, order_by=User.name)
    sessions: Mapped[list["TrainingSession"]] = relationship(
        order_by="TrainingSession.starts_at", viewonly=True)

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

    @hybrid_property
    def is_active(self) -> bool:
        """An active enrolment: the learner is in the cohort now (not removed); also a SQL
        clause on the class."""
        return self.removed_at is None

    @is_active.inplace.expression
    @classmethod
    def _is_active_clause(cls) -> sa.ColumnElement[bool]:
        return cls.removed_at.is_(None)


INVITE_KINDS = ("key", "link")


class Invite(db.Model):
    """A way into a cohort: a short enrolment key to type, or a long link token.

    Both can expire, be revoked and be limited in uses; `uses` only ever grows through a
    conditional UPDATE, so concurrent joins cannot overshoot `max_uses`.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    note: Mapped[str] = mapped_column(sa.String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    max_uses: Mapped[int | None] = mapped_column(default=None)
    uses: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    cohort: Mapped[Cohort] = relationship()

    __table_args__ = (
        sa.CheckConstraint("kind IN ('key', 'link')", name="kind_known"),
        sa.CheckConstraint("max_uses IS NULL OR max_uses > 0", name="max_uses_positive"),
    )

    def state(self, now: datetime) -> str:
        """"active", "revoked", "expired" or "used up" at the given time."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "used up"
        return "active"

    @property
    def display_code(self) -> str:
        """Keys in groups of four for reading aloud; link tokens as they are."""
        if self.kind != "key":
            return self.code
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))


class TrainingSession(db.Model):
    """An in-person meeting of a cohort: stored in naive UTC plus the IANA zone it happens in."""

    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"),
                                           index=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True)  # iCalendar UID, never changes
    title: Mapped[str] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    ends_at: Mapped[datetime] = mapped_column()  # naive UTC
    timezone: Mapped[str] = mapped_column(sa.String(64))
    agenda: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown as written
    agenda_html: Mapped[str] = mapped_column(sa.Text, default="")  # rendered and sanitized
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE, bumped on each edit
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    items: Mapped[list["SessionItem"]] = relationship(
        order_by="SessionItem.position", cascade="all, delete-orphan",
        back_populates="session")

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    def _local(self, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC).astimezone(ZoneInfo(self.timezone))

    @property
    def local_start(self) -> datetime:
        """Start as an aware datetime in the session's own time zone."""
        return self._local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        """End as an aware datetime in the session's own time zone."""
        return self._local(self.ends_at)

    @property
    def location(self) -> str:
        """Venue and city on one line."""
        return ", ".join(part for part in (self.venue, self.city) if part)

    def __repr__(self) -> str:
        return f"<TrainingSession {self.id} {self.title}>"


SESSION_PHASES = ("pre", "post")


class SessionItem(db.Model):
    """A course item to study before ("pre") or after ("post") a session."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint below, which starts with session_id.
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_session.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    phase: Mapped[str] = mapped_column(sa.String(8))
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[TrainingSession] = relationship(back_populates="items")
    item: Mapped[Item] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("session_id", "phase", "item_id"),
        sa.CheckConstraint("phase IN ('pre', 'post')", name="phase_known"),
    )


RSVP_ANSWERS = ("yes", "maybe", "no")


class Rsvp(db.Model):
    """A learner's answer to "will you come?" for one session."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint below, which starts with session_id.
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    answer: Mapped[str] = mapped_column(sa.String(8))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("session_id", "user_id"),
        sa.CheckConstraint("answer IN ('yes', 'maybe', 'no')", name="answer_known"),
    )


class Attendance(db.Model):
    """Whether a learner was at a session, as marked by a trainer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint below, which starts with session_id.
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    present: Mapped[bool] = mapped_column(default=False)
    marked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), default=None)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)


class CalendarFeed(db.Model):
    """A user's private calendar subscription URL; a reset draws a new nonce.

    The URL token is an HMAC of the nonce under the app's secret key: the page can show it
    again at any time, while the database alone (nonce and a SHA-256 of the token for the
    lookup) does not reveal it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         unique=True)
    nonce: Mapped[str] = mapped_column(sa.String(64))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
