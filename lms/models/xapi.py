"""The xAPI outbox: statements written in the transaction of the event they describe."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.user import utcnow


class XapiStatement(db.Model):
    """One xAPI statement waiting for (or delivered to) the Learning Record Store.

    The statement, its UUID and its timestamp are fixed when the row is written, so every
    resend is the same statement and an LRS stores it once (xAPI 2.0, "statement id").
    """

    __tablename__ = "xapi_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    statement: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    # Due when sent_at and failed_at are empty and this is past: the worker's only query.
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set only when the LRS refuses the statement itself (400, 422): retrying cannot help.
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")

    def __repr__(self) -> str:
        return f"<XapiStatement {self.id} {self.statement_id} attempts={self.attempts}>"
