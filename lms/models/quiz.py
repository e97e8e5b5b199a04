"""Quiz attempts with their per-question results, and reflections with trainers' comments."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.course import Item
from lms.models.user import User, utcnow


class QuizAttempt(db.Model):
    """One learner's attempt at one quiz: open until submitted, then graded once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    # 1, 2, 3... per learner and quiz; unique, so two concurrent starts cannot both open one.
    number: Mapped[int] = mapped_column()
    seed: Mapped[int] = mapped_column()  # seeds the choice shuffle, so a reload keeps the order
    question_slugs: Mapped[list] = mapped_column(sa.JSON)  # the questions, in the order shown
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set exactly once, by a conditional UPDATE ... WHERE submitted_at IS NULL.
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    points: Mapped[float | None] = mapped_column(default=None)
    max_points: Mapped[int | None] = mapped_column(default=None)
    score: Mapped[float | None] = mapped_column(default=None)  # percent, 0..100
    passed: Mapped[bool | None] = mapped_column(default=None)
    # Answers saved while the attempt is open (question slug -> response), so leaving the page
    # loses nothing; never graded, and cleared when the attempt is submitted.
    draft: Mapped[dict | None] = mapped_column(sa.JSON, default=None)
    draft_saved_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()
    item: Mapped[Item] = relationship()
    answers: Mapped[list["QuizAnswer"]] = relationship(
        back_populates="attempt", order_by="QuizAnswer.position", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("user_id", "item_id", "number"),)

    @property
    def is_open(self) -> bool:
        """True until the attempt is submitted."""
        return self.submitted_at is None

    def __repr__(self) -> str:
        return f"<QuizAttempt {self.id} #{self.number}>"


class QuizAnswer(db.Model):
    """The graded answer to one question of a submitted attempt: rows to aggregate for trainers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    question_slug: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)
    response: Mapped[object] = mapped_column(sa.JSON, nullable=True)  # the parsed response
    score: Mapped[float] = mapped_column(default=0.0)  # 0..1 of the question's points
    points: Mapped[float] = mapped_column(default=0.0)  # points earned
    correct: Mapped[bool] = mapped_column(default=False)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
    picks: Mapped[list["QuizChoicePick"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_slug"),)


class QuizChoicePick(db.Model):
    """One option a learner picked in a choice or true/false answer, for choice statistics."""

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_answer.id", ondelete="CASCADE"), index=True)
    choice_slug: Mapped[str] = mapped_column(sa.String(80))

    __table_args__ = (sa.UniqueConstraint("answer_id", "choice_slug"),)


class Reflection(db.Model):
    """A learner's Markdown response to a reflection prompt: a draft until submitted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    # Sharing into a discussion: where ("course" or "cohort:<id>"), when, and the post's URL.
    shared_space: Mapped[str | None] = mapped_column(sa.String(40), default=None)
    shared_at: Mapped[datetime | None] = mapped_column(default=None)
    shared_url: Mapped[str | None] = mapped_column(sa.String(500), default=None)

    user: Mapped[User] = relationship()
    item: Mapped[Item] = relationship()
    comments: Mapped[list["ReflectionComment"]] = relationship(
        back_populates="reflection", order_by="ReflectionComment.created_at",
        cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("user_id", "item_id"),)

    @property
    def is_submitted(self) -> bool:
        """True once the learner has submitted it."""
        return self.submitted_at is not None


class ReflectionComment(db.Model):
    """A trainer's comment on a submitted reflection."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reflection.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reflection: Mapped[Reflection] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
