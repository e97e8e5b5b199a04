"""Accounts and roles."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db

# Ordered from least to most power: nobody may grant a role ranked above their own.
ROLES = ("learner", "trainer", "admin")
TRAINER_ROLES = ("trainer", "admin")  # admins can do what trainers do


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    """A person with an account: learner, trainer or admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str] = mapped_column(sa.String(80), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16), default="learner", index=True)
    # Bumped at logout and password change: every cookie carrying an older value stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    # IANA zone the person reads times in; "" means the site's DEFAULT_TIMEZONE.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    # 0 without a picture; bumped on every change so the picture's URL changes with it and
    # pages can show it without a query.
    avatar_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Interface and course language (lms.i18n.LANGUAGES); "" lets the browser choose.
    language: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")

    __table_args__ = (
        sa.CheckConstraint("role IN ('learner', 'trainer', 'admin')", name="role_known"),
    )

    def get_id(self) -> str:
        """Flask-Login id that carries the session version (its documented alternative-id)."""
        return f"{self.id}:{self.session_version}"

    @property
    def rank(self) -> int:
        """Position of the role in ROLES."""
        return ROLES.index(self.role)

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"

    @property
    def is_trainer(self) -> bool:
        """True for trainers and administrators (admins can do what trainers do)."""
        return self.role in TRAINER_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class Avatar(db.Model):
    """A profile picture, re-encoded on the server (lms.services.profile): never the upload."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    image: Mapped[bytes] = mapped_column(sa.LargeBinary)
    mimetype: Mapped[str] = mapped_column(sa.String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
