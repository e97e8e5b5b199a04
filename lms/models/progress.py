"""Each learner's progress on each item: one row per learner and item."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.user import utcnow


class ItemProgress(db.Model):
    """Seen and completed times of one item for one learner."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    # What completed it: "done" (marked), "quiz" (passed), "reflection" (submitted), "post".
    completed_by: Mapped[str | None] = mapped_column(sa.String(16), default=None)

    __table_args__ = (sa.UniqueConstraint("user_id", "item_id"),)
