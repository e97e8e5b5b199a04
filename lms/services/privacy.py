"""GDPR: a person's data as a JSON-ready dict (article 15/20), and account deletion (article 17).

Deletion anonymises the user row instead of deleting it, so that discussion posts and
trainers' comments stay readable, attributed to "Removed user"; everything else personal
is deleted, email to the person in the outbox included. Secrets (password hash, calendar
token and nonce, session version) never appear in an export.
"""

import secrets
from datetime import datetime
from typing import TypeVarTuple

import sqlalchemy as sa

from lms.extensions import db
from lms.models import (
    ApiToken,
    Attendance,
    AuthoringEvent,
    Avatar,
    CalendarFeed,
    Certificate,
    Cohort,
    Course,
    CourseAuthor,
    Enrolment,
    Invite,
    Item,
    ItemProgress,
    LtiIdentity,
    Notification,
    NotificationSetting,
    OutboxMessage,
    PackageVersion,
    Post,
    PostLike,
    PostReport,
    QuizAnswer,
    QuizAttempt,
    Reflection,
    ReflectionComment,
    Rsvp,
    Thread,
    ThreadFollow,
    TrainingSession,
    User,
    WorkbookComment,
    WorkbookEntry,
    cohort_trainer,
    utcnow,
)
from lms.passwords import verify_password
from lms.services import quizzes
from lms.services.errors import Conflict, Forbidden

REMOVED_NAME = "Removed user"
REMOVED_DOMAIN = "removed.invalid"  # RFC 2606: can never receive mail
EXPORT_FORMAT = 1
UNUSABLE_HASH = "!removed"  # not an argon2 hash, so no password ever matches it

# Every column that points at a user, and what account deletion does with its rows.
# tests/security/test_privacy.py walks the metadata and fails on a column in neither.
DELETED_WITH_USER = (
    PostLike.user_id, ItemProgress.user_id, QuizAttempt.user_id, Reflection.user_id,
    Notification.user_id, NotificationSetting.user_id, ThreadFollow.user_id,
    PostReport.reporter_id, Rsvp.user_id, Attendance.user_id, CalendarFeed.user_id,
    Certificate.user_id, Enrolment.user_id, cohort_trainer.c.user_id, Avatar.user_id,
    WorkbookEntry.user_id,  # its versions, shares and comments go with it (CASCADE)
    ApiToken.user_id,
    CourseAuthor.user_id,
    LtiIdentity.user_id,  # the platform's id for the person; scores owed go with it (CASCADE)
)
# Rows that stay, attributed to the anonymised "Removed user": what others read or did.
KEPT_FOR_OTHERS = (
    Thread.author_id, Post.author_id, ReflectionComment.author_id, Invite.created_by_id,
    Attendance.marked_by_id, PostReport.resolved_by_id, WorkbookComment.author_id,
    PackageVersion.uploaded_by_id, AuthoringEvent.actor_id,  # the authoring log
)
# Personal data found by the address, not by a foreign key: email queued or sent to them.
DELETED_BY_EMAIL = (OutboxMessage.recipient,)
# Columns of the user row that survive deletion; _anonymous_values() overwrites every other.
USER_COLUMNS_KEPT = ("id", "created_at")


def is_removed(user: User) -> bool:
    """True for an account that was deleted and anonymised."""
    return user.email.endswith("@" + REMOVED_DOMAIN)


_Columns = TypeVarTuple("_Columns")  # what a SELECT's rows hold


def _when(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def _rows(stmt: sa.Select[*_Columns]) -> list[sa.Row[*_Columns]]:
    return list(db.session.execute(stmt))


def export_user_data(user: User) -> dict:
    """Everything the LMS holds about one person, secrets left out; a fixed number of queries."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(utcnow()),
        "profile": {
            "id": user.id, "name": user.name, "email": user.email,
            "organisation": user.organisation, "country": user.country, "role": user.role,
            "created_at": _when(user.created_at), "last_seen_at": _when(user.last_seen_at),
        },
        "enrolments": _enrolments(user),
        "trainer_of": [
            {"cohort_id": cid, "cohort": name} for cid, name in _rows(
                sa.select(Cohort.id, Cohort.name).join(
                    cohort_trainer, cohort_trainer.c.cohort_id == Cohort.id)
                .where(cohort_trainer.c.user_id == user.id).order_by(Cohort.id))
        ],
        "progress": _progress(user),
        "quiz_attempts": _attempts(user),
        "reflections": _reflections(user),
        "reflection_comments_written": [
            {"reflection_id": c.reflection_id, "body": c.body, "created_at": _when(c.created_at)}
            for c in db.session.scalars(sa.select(ReflectionComment).where(
                ReflectionComment.author_id == user.id).order_by(ReflectionComment.id))
        ],
        "threads_started": [
            {"thread_id": t.id, "title": t.title, "kind": t.kind,
             "created_at": _when(t.created_at)}
            for t in db.session.scalars(sa.select(Thread).where(
                Thread.author_id == user.id).order_by(Thread.id))
        ],
        "posts": [
            {"post_id": p.id, "thread_id": p.thread_id, "thread": title, "body": p.body,
             "created_at": _when(p.created_at), "edited_at": _when(p.edited_at),
             "deleted_at": _when(p.deleted_at), "hidden_at": _when(p.hidden_at)}
            for p, title in _rows(sa.select(Post, Thread.title).join(Thread)
                                  .where(Post.author_id == user.id).order_by(Post.id))
        ],
        "likes": [
            {"post_id": post_id, "created_at": _when(at)} for post_id, at in _rows(
                sa.select(PostLike.post_id, PostLike.created_at)
                .where(PostLike.user_id == user.id).order_by(PostLike.post_id))
        ],
        "reports_made": [
            {"post_id": r.post_id, "reason": r.reason, "details": r.details,
             "created_at": _when(r.created_at), "resolution": r.resolution or None}
            for r in db.session.scalars(sa.select(PostReport).where(
                PostReport.reporter_id == user.id).order_by(PostReport.id))
        ],
        "follows": [
            {"thread_id": thread_id, "created_at": _when(at)} for thread_id, at in _rows(
                sa.select(ThreadFollow.thread_id, ThreadFollow.created_at)
                .where(ThreadFollow.user_id == user.id).order_by(ThreadFollow.thread_id))
        ],
        "workbook": [
            {"entry_id": e.id, "item_id": e.item_id, "inputs": e.inputs, "results": e.results,
             "summary": e.summary, "versions": e.version_count,
             "created_at": _when(e.created_at), "updated_at": _when(e.updated_at),
             "shared_at": _when(e.shared_at)}
            for e in db.session.scalars(sa.select(WorkbookEntry).where(
                WorkbookEntry.user_id == user.id).order_by(WorkbookEntry.id))
        ],
        "workbook_comments_written": [
            {"entry_id": c.entry_id, "body": c.body, "created_at": _when(c.created_at)}
            for c in db.session.scalars(sa.select(WorkbookComment).where(
                WorkbookComment.author_id == user.id).order_by(WorkbookComment.id))
        ],
        "notifications": [
            {"kind": n.kind, "post_id": n.post_id,
             "workbook_comment_id": n.workbook_comment_id, "created_at": _when(n.created_at),
             "read_at": _when(n.read_at)}
            for n in db.session.scalars(sa.select(Notification).where(
                Notification.user_id == user.id).order_by(Notification.id))
        ],
        "notification_email": db.session.scalar(
            sa.select(NotificationSetting.email).where(NotificationSetting.user_id == user.id)),
        "rsvps": [
            {"session_id": sid, "session": title, "answer": answer, "answered_at": _when(at)}
            for sid, title, answer, at in _rows(
                sa.select(TrainingSession.id, TrainingSession.title, Rsvp.answer,
                          Rsvp.answered_at).join(TrainingSession)
                .where(Rsvp.user_id == user.id).order_by(Rsvp.id))
        ],
        "attendance": [
            {"session_id": sid, "session": title, "present": present, "marked_at": _when(at)}
            for sid, title, present, at in _rows(
                sa.select(TrainingSession.id, TrainingSession.title, Attendance.present,
                          Attendance.marked_at).join(TrainingSession)
                .where(Attendance.user_id == user.id).order_by(Attendance.id))
        ],
        "certificates": [
            {"course": slug, "code": code, "issued_at": _when(at)}
            for slug, code, at in _rows(
                sa.select(Course.slug, Certificate.code, Certificate.issued_at).join(Course)
                .where(Certificate.user_id == user.id).order_by(Certificate.id))
        ],
        "calendar_feed": _calendar_feed(user),
        "api_tokens": [  # the token itself is never stored, so never exported
            {"name": t.name, "starts_with": t.prefix, "created_at": _when(t.created_at),
             "last_used_at": _when(t.last_used_at), "revoked_at": _when(t.revoked_at)}
            for t in db.session.scalars(sa.select(ApiToken).where(
                ApiToken.user_id == user.id).order_by(ApiToken.id))
        ],
    }


def _enrolments(user: User) -> list[dict]:
    stmt = (sa.select(Enrolment, Cohort.name, Course.slug)
            .join(Cohort, Cohort.id == Enrolment.cohort_id).join(Course)
            .where(Enrolment.user_id == user.id).order_by(Enrolment.id))
    return [{"cohort_id": e.cohort_id, "cohort": name, "course": slug,
             "joined_at": _when(e.joined_at), "removed_at": _when(e.removed_at)}
            for e, name, slug in _rows(stmt)]


def _progress(user: User) -> list[dict]:
    stmt = (sa.select(ItemProgress, Item.slug, Item.title, Course.slug)
            .join(Item, Item.id == ItemProgress.item_id).join(Course, Course.id == Item.course_id)
            .where(ItemProgress.user_id == user.id).order_by(ItemProgress.id))
    return [{"course": course, "item": slug, "title": title,
             "first_seen_at": _when(p.first_seen_at), "last_seen_at": _when(p.last_seen_at),
             "completed_at": _when(p.completed_at), "completed_by": p.completed_by}
            for p, slug, title, course in _rows(stmt)]


def _attempts(user: User) -> list[dict]:
    """Attempts with their answers; per-question grades only where the quiz's feedback
    policy already shows them to the learner, so the export leaks no answer key."""
    attempts = _rows(sa.select(QuizAttempt, Item, Course.slug)
                     .join(Item, Item.id == QuizAttempt.item_id)
                     .join(Course, Course.id == Item.course_id)
                     .where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.id))
    by_item: dict[int, list[QuizAttempt]] = {}
    for attempt, item, _ in attempts:
        by_item.setdefault(item.id, []).append(attempt)
    allowed = {item.id: quizzes.feedback_allowed(quizzes.quiz_of(item), by_item[item.id])
               for _, item, _ in attempts}
    answers: dict[int, list[dict]] = {}
    for answer, item_id in _rows(
            sa.select(QuizAnswer, QuizAttempt.item_id).join(QuizAttempt)
            .where(QuizAttempt.user_id == user.id)
            .order_by(QuizAnswer.attempt_id, QuizAnswer.position)):
        row = {"question": answer.question_slug, "response": answer.response}
        if allowed[item_id]:
            row.update(score=answer.score, points=answer.points, correct=answer.correct)
        answers.setdefault(answer.attempt_id, []).append(row)
    return [{"course": course, "quiz": item.slug, "number": a.number,
             "started_at": _when(a.started_at), "submitted_at": _when(a.submitted_at),
             "score": a.score, "passed": a.passed, "answers": answers.get(a.id, []),
             "draft": a.draft, "draft_saved_at": _when(a.draft_saved_at)}
            for a, item, course in attempts]


def _reflections(user: User) -> list[dict]:
    reflections = _rows(sa.select(Reflection, Item.slug, Course.slug)
                        .join(Item, Item.id == Reflection.item_id)
                        .join(Course, Course.id == Item.course_id)
                        .where(Reflection.user_id == user.id).order_by(Reflection.id))
    comments: dict[int, list[dict]] = {}
    for comment, author in _rows(
            sa.select(ReflectionComment, User.name)
            .join(User, User.id == ReflectionComment.author_id)
            .join(Reflection, Reflection.id == ReflectionComment.reflection_id)
            .where(Reflection.user_id == user.id)
            .order_by(ReflectionComment.created_at, ReflectionComment.id)):
        comments.setdefault(comment.reflection_id, []).append(
            {"author": author, "body": comment.body, "created_at": _when(comment.created_at)})
    return [{"id": r.id, "course": course, "item": slug, "body": r.body,
             "created_at": _when(r.created_at), "updated_at": _when(r.updated_at),
             "submitted_at": _when(r.submitted_at), "shared_at": _when(r.shared_at),
             "comments": comments.get(r.id, [])}
            for r, slug, course in reflections]


def _calendar_feed(user: User) -> dict | None:
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        return None
    return {"exists": True, "created_at": _when(feed.created_at),
            "last_used_at": _when(feed.last_used_at)}


def delete_account(user: User, password: str) -> None:
    """Check the password, delete the person's data and anonymise the row their posts keep."""
    if not verify_password(user.password_hash, password):
        raise Forbidden("The password is not correct.")
    if user.is_admin and (db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.role == "admin")) or 0) <= 1:
        raise Conflict("You are the last administrator: make someone else an administrator "
                       "before you delete your account.")
    uid = user.id
    # Likes go, and so must the counters they added to.
    liked = sa.select(PostLike.post_id).where(PostLike.user_id == uid).scalar_subquery()
    db.session.execute(sa.update(Post).where(Post.id.in_(liked))
                       .values(like_count=sa.case((Post.like_count > 0, Post.like_count - 1),
                                                  else_=0)))
    # Rows under a deleted row (quiz answers, reflection comments, workbook versions) go by
    # ON DELETE CASCADE; tests/security/test_privacy.py checks every such foreign key.
    for column in DELETED_WITH_USER:
        db.session.execute(sa.delete(column.table).where(column == uid))
    for address in DELETED_BY_EMAIL:
        db.session.execute(sa.delete(address.table).where(
            sa.func.lower(address) == user.email.lower()))
    for name, value in _anonymous_values(user).items():
        setattr(user, name, value)
    db.session.flush()
    db.session.expire_all()


def _anonymous_values(user: User) -> dict[str, object]:
    """What each column of a deleted user's row becomes (all but USER_COLUMNS_KEPT)."""
    return {
        "name": REMOVED_NAME,
        "email": f"removed-{user.id}-{secrets.token_hex(6)}@{REMOVED_DOMAIN}",
        "organisation": "",
        "country": "",
        "role": "learner",
        "password_hash": UNUSABLE_HASH,
        "session_version": (user.session_version or 0) + 1,
        "last_seen_at": None,
        "timezone": "",
        "avatar_version": 0,
        "language": "",
    }
