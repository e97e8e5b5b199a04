"""Moderation: pin, lock, hide and move threads, hide posts, and the queue of reports.

Moderators are the trainers and admins who can see the space (lms.queries.forum_access).
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lms.access import Viewer
from lms.extensions import db
from lms.models import Post, PostReport, Space, Thread, User, utcnow
from lms.queries.forum_access import can_moderate, can_see_post, visible_space_ids
from lms.services import notifications
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound

REPORT_REASONS = {
    "spam": "Spam or advertising",
    "offensive": "Rude or offensive",
    "off-topic": "Off topic",
    "private": "Shares private information",
    "other": "Something else",
}


def _require_moderator(user: User, space: Space) -> None:
    if not can_moderate(user, space):
        raise Forbidden("Only the trainers of this space can moderate it.")


def set_thread_flag(user: User, thread: Thread, flag: str, value: bool) -> None:
    """Pin, lock or hide a thread (or undo it)."""
    _require_moderator(user, thread.space)
    if flag == "pinned":
        thread.pinned = value
    elif flag == "locked":
        thread.locked = value
    elif flag == "hidden":
        thread.hidden_at = (thread.hidden_at or utcnow()) if value else None
    else:
        raise DomainError("Unknown moderation action.")
    db.session.flush()


def move_thread(user: User, thread: Thread, target: Space) -> None:
    """Move a thread to another space of the same course; item threads stay put."""
    _require_moderator(user, thread.space)
    if not can_moderate(user, target) or target.course_id != thread.space.course_id:
        raise DomainError("Choose one of the listed spaces.")
    if thread.item_id is not None:
        raise Conflict("A lesson's thread belongs to the course's shared space.")
    thread.space_id = target.id
    db.session.flush()
    db.session.refresh(thread, ["space"])


def set_post_hidden(user: User, post: Post, hidden: bool) -> None:
    """Hide a post from everyone but moderators (or show it again); resolves its reports."""
    _require_moderator(user, post.thread.space)
    now = utcnow()
    post.hidden_at = (post.hidden_at or now) if hidden else None
    if hidden:
        _resolve(post.id, user, "hidden", now)
    db.session.flush()


def report_post(user: User, post: Post, reason: str, details: str = "") -> PostReport:
    """Flag a post for the moderators, once per person and post; its space's trainers are
    notified (in the app, and by email as each of them chose)."""
    if not can_see_post(user, post):
        raise NotFound("No such post.")
    if reason not in REPORT_REASONS:
        raise DomainError("Choose a reason.")
    if post.author_id == user.id:
        raise Conflict("You cannot report your own post.")
    report = PostReport(post_id=post.id, reporter_id=user.id, reason=reason,
                        details=(details or "").strip()[:1000])
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise Conflict("You have already reported this post. The moderators will look at it."
                       ) from None
    notifications.notify_report(post, user)
    return report


def _resolve(post_id: int, user: User, resolution: str, now: datetime) -> None:
    db.session.execute(sa.update(PostReport).where(PostReport.post_id == post_id,
                                                   PostReport.resolved_at.is_(None))
                       .values(resolved_at=now, resolved_by_id=user.id, resolution=resolution))


def dismiss_reports(user: User, post: Post) -> None:
    """Close the open reports of a post without hiding it."""
    _require_moderator(user, post.thread.space)
    _resolve(post.id, user, "dismissed", utcnow())
    db.session.flush()


def _open_reports_stmt(user: User | Viewer) -> sa.Select[PostReport]:
    """SELECT of the open reports on live posts in the spaces the user moderates."""
    return (sa.select(PostReport).join(Post, Post.id == PostReport.post_id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(PostReport.resolved_at.is_(None), Post.deleted_at.is_(None),
                   Thread.space_id.in_(visible_space_ids(user))))


def open_report_count(user: User | Viewer) -> sa.ScalarSelect[int]:
    """A scalar SELECT counting the reports open_reports() lists (for the nav badge)."""
    return (_open_reports_stmt(user).with_only_columns(sa.func.count(PostReport.id))
            .scalar_subquery())


def open_reports(user: User) -> list[PostReport]:
    """Unresolved reports on posts in spaces the user moderates, oldest first."""
    if not user.is_trainer:
        raise Forbidden("Only trainers and admins see the report queue.")
    return list(db.session.scalars(
        _open_reports_stmt(user)
        .options(joinedload(PostReport.reporter),
                 joinedload(PostReport.post).joinedload(Post.author),
                 joinedload(PostReport.post).joinedload(Post.thread).joinedload(Thread.space))
        .order_by(PostReport.created_at, PostReport.id).limit(200)))
