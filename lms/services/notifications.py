"""Discussion notifications: created when someone posts, listed in the app, sent by email.

Rows are created for followers, mentioned people and the authors of quoted or answered
posts, and for a learner whose workbook entry a trainer commented on. Whether a person may
still read the post is checked again whenever notifications are listed, counted, emailed
or put in a digest, so somebody removed from a cohort, or a post hidden by a moderator,
stops reaching anyone at once.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from lms.access import Viewer
from lms.extensions import db
from lms.mail import queue_mail
from lms.models import (
    TRAINER_ROLES,
    Cohort,
    Notification,
    NotificationSetting,
    Post,
    Space,
    Thread,
    ThreadFollow,
    User,
    WorkbookComment,
    WorkbookEntry,
    cohort_trainer,
    utcnow,
)
from lms.models.notification import EMAIL_MODES
from lms.queries.forum_access import content_clause
from lms.services.errors import DomainError, NotFound
from lms.urls import public_url

DEFAULT_EMAIL = "daily"
UNSUBSCRIBE_SALT = "forum-unsubscribe"
EXCERPT = 600


def notify_new_post(post: Post, thread: Thread, *, mentioned: list[User],
                    also: Sequence[int | None] = ()) -> None:
    """Queue notifications for a new post (one per person; a mention beats a reply)."""
    kinds: dict[int, str] = {}
    followers = db.session.scalars(sa.select(ThreadFollow.user_id)
                                   .where(ThreadFollow.thread_id == thread.id))
    for user_id in followers:
        kinds[user_id] = "reply"
    for quoted_id in also:
        if quoted_id:
            kinds[quoted_id] = "quote" if post.quote_of_id else "reply"
    for user in mentioned:
        kinds[user.id] = "mention"
    if post.author_id is not None:
        kinds.pop(post.author_id, None)
    if kinds:
        db.session.execute(sa.insert(Notification), [
            {"user_id": uid, "post_id": post.id, "kind": kind, "created_at": post.created_at}
            for uid, kind in kinds.items()
        ])


def notify_mentions(post: Post, mentioned: list[User]) -> None:
    """After an edit: tell people newly mentioned, not those already notified of the post."""
    already = set(db.session.scalars(sa.select(Notification.user_id)
                                     .where(Notification.post_id == post.id)))
    fresh = [u.id for u in mentioned if u.id not in already and u.id != post.author_id]
    if fresh:
        now = utcnow()
        db.session.execute(sa.insert(Notification), [
            {"user_id": uid, "post_id": post.id, "kind": "mention", "created_at": now}
            for uid in fresh
        ])


def space_trainers(space: Space) -> list[int]:
    """The ids of the people who train the space's cohort (or, for a course's shared space,
    any cohort of the course); the admins when nobody does, so a report always reaches
    someone who can act on it."""
    cohorts = ([space.cohort_id] if space.cohort_id else
               sa.select(Cohort.id).where(Cohort.course_id == space.course_id))
    trainers = list(db.session.scalars(
        sa.select(cohort_trainer.c.user_id).distinct()
        .join(User, User.id == cohort_trainer.c.user_id)
        .where(cohort_trainer.c.cohort_id.in_(cohorts), User.role.in_(TRAINER_ROLES))))
    return trainers or list(db.session.scalars(sa.select(User.id).where(User.role == "admin")))


def notify_report(post: Post, reporter: User) -> list[int]:
    """Tell the space's trainers that a post was reported; return who was told.

    One notification per person and post: a trainer who already had one about this post
    (a reply they follow, say) sees it again, unread, as a report.
    """
    recipients = set(space_trainers(post.thread.space)) - {reporter.id, post.author_id}
    if not recipients:
        return []
    now = utcnow()
    existing = set(db.session.scalars(sa.select(Notification.user_id).where(
        Notification.post_id == post.id, Notification.user_id.in_(recipients))))
    if existing:
        db.session.execute(
            sa.update(Notification)
            .where(Notification.post_id == post.id, Notification.user_id.in_(existing))
            .values(kind="report", read_at=None, emailed_at=None, created_at=now)
            .execution_options(synchronize_session=False))
    fresh = recipients - existing
    if fresh:
        db.session.execute(sa.insert(Notification), [
            {"user_id": uid, "post_id": post.id, "kind": "report", "created_at": now}
            for uid in sorted(fresh)])
    return sorted(recipients)


def visible(user: User | Viewer) -> sa.Select[Notification]:
    """SELECT of the user's notifications about posts they may still read (and comments on
    their own workbook entries), newest first."""
    return (sa.select(Notification)
            .outerjoin(Post, Post.id == Notification.post_id)
            .outerjoin(Thread, Thread.id == Post.thread_id)
            .where(Notification.user_id == user.id,
                   sa.or_(Notification.workbook_comment_id.is_not(None), content_clause(user)))
            .order_by(Notification.id.desc()))


def _comment_loads() -> tuple[LoaderOption, LoaderOption]:
    comment = joinedload(Notification.workbook_comment)
    return (comment.joinedload(WorkbookComment.author),
            comment.joinedload(WorkbookComment.entry).joinedload(WorkbookEntry.item))


def unread_count_select(user: User | Viewer) -> sa.ScalarSelect[int]:
    """A scalar SELECT counting the readable notifications the user has not opened."""
    stmt = visible(user).where(Notification.read_at.is_(None)).order_by(None)
    return sa.select(sa.func.count()).select_from(stmt.subquery()).scalar_subquery()


def unread_count(user: User) -> int:
    """How many readable notifications the user has not opened (one query)."""
    return db.session.execute(sa.select(unread_count_select(user))).scalar_one()


def listing(user: User, before_id: int | None = None, limit: int = 30) -> list[Notification]:
    """A page of the user's notifications, with post, author and thread loaded."""
    stmt = visible(user).options(
        joinedload(Notification.post).joinedload(Post.author),
        joinedload(Notification.post).joinedload(Post.thread).joinedload(Thread.space),
        *_comment_loads(),
    ).limit(limit)
    if before_id:
        stmt = stmt.where(Notification.id < before_id)
    return list(db.session.scalars(stmt))


def open_notification(user: User, notification_id: int) -> Notification:
    """Mark one notification read and return it; 404 if it is not theirs to read."""
    notification = db.session.scalars(
        visible(user).where(Notification.id == notification_id)).first()
    if notification is None:
        raise NotFound("No such notification.")
    notification.read_at = notification.read_at or utcnow()
    return notification


def mark_shown_read(user: User, shown: list[Notification]) -> set[int]:
    """Mark the notifications a list page shows as read, as Discourse does when it is opened;
    return the ids that were unread, so that page can still tag them "New"."""
    ids = {n.id for n in shown if n.read_at is None}
    if ids:
        db.session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user.id, Notification.id.in_(ids),
                   Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False))
    return ids


def mark_reports_read(user: User) -> None:
    """The report queue shows every open report: its notifications need no more attention."""
    db.session.execute(sa.update(Notification).where(
        Notification.user_id == user.id, Notification.kind == "report",
        Notification.read_at.is_(None)).values(read_at=utcnow()))


def mark_all_read(user: User) -> None:
    """Mark all of the user's notifications read."""
    db.session.execute(sa.update(Notification).where(Notification.user_id == user.id,
                                                     Notification.read_at.is_(None))
                       .values(read_at=utcnow()))


# Email -------------------------------------------------------------------------------

def email_mode(user: User) -> str:
    """The user's email preference ("daily" when never set)."""
    setting = db.session.get(NotificationSetting, user.id)
    return setting.email if setting else DEFAULT_EMAIL


def set_email_mode(user: User, mode: str) -> None:
    """Store the user's email preference."""
    if mode not in EMAIL_MODES:
        raise DomainError("Choose one of the listed options.")
    setting = db.session.get(NotificationSetting, user.id)
    if setting is None:
        setting = NotificationSetting(user_id=user.id)
        db.session.add(setting)
    setting.email = mode
    db.session.flush()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    """A signed token that turns off the user's discussion emails, no login needed."""
    return _serializer().dumps({"uid": user.id})


def user_for_unsubscribe(token: str) -> User | None:
    """The user a valid unsubscribe token was made for."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    uid = data.get("uid") if isinstance(data, dict) else None
    return db.session.get(User, uid) if isinstance(uid, int) else None


def _post(notification: Notification) -> Post:
    """The post a notification without a workbook comment is about (the one_subject check)."""
    if notification.post is None:
        raise ValueError(f"notification {notification.id} is about neither a post nor a "
                         "workbook comment")
    return notification.post


def _describe(notification: Notification) -> str:
    comment = notification.workbook_comment
    if comment is not None:
        return f"{comment.author.name} commented on your workbook: “{comment.entry.item.title}”"
    post = _post(notification)
    who = post.author.name if post.author else "Someone"
    if notification.kind == "report":
        return f"A post by {who} in “{post.thread.title}” was reported"
    verb = {"mention": "mentioned you in", "quote": "quoted you in"}.get(notification.kind,
                                                                         "replied in")
    return f"{who} {verb} “{post.thread.title}”"


def _entry(notification: Notification) -> str:
    comment = notification.workbook_comment
    if comment is not None:
        link = public_url("workbook.entry", entry_id=comment.entry_id)
        return f"{_describe(notification)}:\n\n{comment.body[:EXCERPT]}\n\nRead it: {link}\n"
    body = _post(notification).body
    excerpt = body if len(body) <= EXCERPT else body[:EXCERPT].rstrip() + " …"
    if notification.kind == "report":
        link = public_url("forum.reports")
        return f"{_describe(notification)}:\n\n{excerpt}\n\nReview it: {link}\n"
    link = public_url("forum.post_link", post_id=notification.post_id)
    return f"{_describe(notification)}:\n\n{excerpt}\n\nRead and reply: {link}\n"


def _send(user: User, subject: str, entries: list[str]) -> None:
    unsubscribe = public_url("forum.unsubscribe", token=unsubscribe_token(user))
    settings = public_url("forum.settings")
    why = "discussions you follow or where you are mentioned"
    if user.is_trainer:
        why += ", and posts reported in spaces you moderate"
    footer = (f"--\nYou get these emails about {why}.\n"
              f"Change how often: {settings}\nUnsubscribe: {unsubscribe}\n")
    queue_mail(user.email, subject, "\n\n".join(entries) + "\n" + footer, headers={
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def _pending(user: User, **filters: object) -> list[Notification]:
    stmt = visible(user).where(Notification.read_at.is_(None), Notification.emailed_at.is_(None))
    for column, value in filters.items():
        stmt = stmt.where(getattr(Notification, column) == value)
    return list(db.session.scalars(stmt.order_by(None).order_by(Notification.id).options(
        joinedload(Notification.post).joinedload(Post.author),
        joinedload(Notification.post).joinedload(Post.thread), *_comment_loads())))


def send_immediate(post_id: int) -> int:
    """Email the people who want it at once about one post they may read; returns the count."""
    recipients = db.session.scalars(
        sa.select(User).join(Notification, Notification.user_id == User.id)
        .outerjoin(NotificationSetting, NotificationSetting.user_id == User.id)
        .where(Notification.post_id == post_id, Notification.emailed_at.is_(None),
               NotificationSetting.email == "immediate")).all()
    sent = 0
    for user in recipients:
        for notification in _pending(user, post_id=post_id):  # re-checks access
            _send(user, _describe(notification), [_entry(notification)])
            notification.emailed_at = utcnow()
            sent += 1
    return sent


def send_digests(now: datetime | None = None) -> int:
    """One email per daily-digest reader with their unread, unsent, readable notifications."""
    now = now or utcnow()
    mode = sa.func.coalesce(NotificationSetting.email, DEFAULT_EMAIL)
    users = db.session.scalars(
        sa.select(User).where(User.id.in_(
            sa.select(Notification.user_id).where(Notification.read_at.is_(None),
                                                  Notification.emailed_at.is_(None))))
        .outerjoin(NotificationSetting, NotificationSetting.user_id == User.id)
        .where(mode == "daily").order_by(User.id)).all()
    sent = 0
    for user in users:
        pending = _pending(user)
        if pending:
            count = len(pending)
            subject = f"{count} new {'post' if count == 1 else 'posts'} in your discussions"
            _send(user, subject, [_entry(n) for n in pending])
            for notification in pending:
                notification.emailed_at = now
            sent += 1
        setting = db.session.get(NotificationSetting, user.id)
        if setting is None:
            setting = NotificationSetting(user_id=user.id, email=DEFAULT_EMAIL)
            db.session.add(setting)
        setting.last_digest_at = now
        db.session.flush()
    return sent
