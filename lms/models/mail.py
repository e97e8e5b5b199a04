"""The mail outbox: email written in the transaction that causes it, sent later by a worker."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.user import utcnow


class OutboxMessage(db.Model):
    """One email to send: queued with the change that causes it, delivered by `flask mail send`,
    retried with backoff while SMTP fails, given up (failed_at) only after many tries."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    # Due when sent_at and failed_at are empty and this is past: the worker's only query.
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} to {self.recipient} attempts={self.attempts}>"
