"""Statements for what learners do, queued in the caller's transaction.

Each public function is the one call a service makes where the event happens. With no LRS
configured (XAPI_ENDPOINT unset) they return at once: no row, no query. Otherwise they add
rows to the xapi_outbox table in the same transaction as the event, so a statement exists
exactly when the event was committed; `flask xapi send` delivers them later.

Learners appear as pseudonymous accounts (this site's address and their user id), never by
name or email: an LRS is often run by someone else.

Statement ids are fixed when the row is written. Once-only facts (completed a lesson, a
module or the course, attended a session) get a name-based UUID, so a second recording of
the same fact adds nothing; a resend after a lost answer is dropped by the LRS.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from lms.database import conflict_insert
from lms.extensions import db
from lms.models import (
    Course,
    Item,
    ItemProgress,
    Module,
    QuizAttempt,
    Thread,
    TrainingSession,
    User,
    WorkbookEntry,
    XapiStatement,
    utcnow,
)
from lms.urls import public_url
from lms.xapi.vocabulary import ACTIVITY_TYPES, VERBS

# Namespace of the name-based statement ids (uuid5); never change it, or facts repeat.
NAMESPACE = uuid.UUID("6f1c7d3e-2b8a-4e0f-9a55-0c1e5b7d4a21")
PLATFORM = "ClusterLearn"


def enabled() -> bool:
    """True when an LRS is configured."""
    return bool(current_app.config.get("XAPI_ENDPOINT"))


# --- The hooks services call -------------------------------------------------------------


def lesson_viewed(user_id: int, item_id: int) -> None:
    """The learner opened a lesson (called at most every ten minutes per lesson)."""
    if not enabled():
        return
    item = _item(item_id)
    _queue(_statement(user_id, "experienced", _item_activity(item), context=_item_context(item)))


def item_completed(user: User, item: Item) -> None:
    """A lesson completed; and its module and the course, when this was their last item."""
    if not enabled():
        return
    statements = []
    if not item.kind_info.graded:  # a quiz's completion is its own statement, with the score
        statements.append(_once(user.id, "completed", _item_activity(item),
                                context=_item_context(item)))
    module, course = item.module, item.course
    if _all_done(user.id, Item.module_id == module.id):
        statements.append(_once(user.id, "completed", _module_activity(module),
                                context=_context(course, parent=_course_activity(course))))
    if _all_done(user.id, Item.course_id == course.id):
        statements.append(_once(user.id, "completed", _course_activity(course),
                                context=_context(course)))
    _queue(*statements)


def quiz_submitted(user: User, item: Item, attempt: QuizAttempt, answers: Iterable,
                   earned: float, total: int, passed: bool) -> None:
    """One "answered" per question, then, as cmi5 splits them, "completed" (completion and
    score) and "passed" or "failed" (success and score) for the quiz."""
    if not enabled():
        return
    quiz = _item_activity(item)
    context = _item_context(item)
    key = f"attempt-{attempt.id}"
    score = {"scaled": _scaled(earned / total if total else 0.0), "raw": earned, "min": 0,
             "max": total}
    duration = f"PT{max(0.0, (utcnow() - attempt.started_at).total_seconds()):.0f}S"
    statements = [
        _statement(user.id, "answered", _question_activity(item, answer.question_slug),
                   result={"success": bool(answer.correct),
                           "score": {"scaled": _scaled(answer.score)}},
                   context=_context(item.course, parent=quiz),
                   key=f"{key}-{answer.question_slug}")
        for answer in answers]
    statements.append(_statement(user.id, "completed", quiz, context=context, key=key,
                                 result={"completion": True, "score": score,
                                         "duration": duration}))
    statements.append(_statement(user.id, "passed" if passed else "failed", quiz,
                                 context=context, key=f"{key}-verdict",
                                 result={"success": bool(passed), "score": score,
                                         "duration": duration}))
    _queue(*statements)


def attended(session: TrainingSession, user_ids: Iterable[int]) -> None:
    """Learners marked present at an in-person session (once per learner and session)."""
    if not enabled():
        return
    course = session.cohort.course
    activity = _activity(f"{public_url('cohorts.cohort', cohort_id=session.cohort_id)}"
                         f"#session-{session.id}", "meeting", session.title, course.language)
    _queue(*(_once(uid, "attended", activity, context=_context(course))
             for uid in sorted(user_ids)))


def posted(user: User, thread: Thread, post_id: int) -> None:
    """The user wrote a post in a discussion (a new thread or a reply)."""
    if not enabled():
        return
    course = thread.space.course
    activity = _activity(public_url("forum.thread", thread_id=thread.id), "discussion",
                         thread.title, course.language)
    _queue(_statement(user.id, "commented", activity, context=_context(course),
                      key=f"post-{post_id}"))


def workbook_saved(user: User, item: Item, entry: WorkbookEntry, version: int) -> None:
    """The learner saved a version of their workbook entry for a tool lesson."""
    if not enabled():
        return
    _queue(_statement(user.id, "saved", _item_activity(item), context=_item_context(item),
                      key=f"workbook-{entry.id}-{version}"))


# --- Building statements -----------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds") + "Z"


def _actor(user_id: int) -> dict:
    return {"objectType": "Agent",
            "account": {"homePage": current_app.config["PUBLIC_BASE_URL"], "name": str(user_id)}}


def _activity(iri: str, kind: str, name: str, language: str) -> dict:
    return {"objectType": "Activity", "id": iri,
            "definition": {"type": ACTIVITY_TYPES[kind], "name": {language or "en": name}}}


def _course_activity(course: Course) -> dict:
    return _activity(public_url("learn.course", slug=course.slug), "course", course.title,
                     course.language)


def _module_activity(module: Module) -> dict:
    course = module.course
    return _activity(f"{public_url('learn.course', slug=course.slug)}#module-{module.slug}",
                     "module", module.title, course.language)


def _item_activity(item: Item) -> dict:
    kind = "assessment" if item.kind_info.graded else "lesson"
    return _activity(public_url("learn.item", slug=item.course.slug, item_slug=item.slug),
                     kind, item.title, item.course.language)


def _question_activity(item: Item, question_slug: str) -> dict:
    quiz = _item_activity(item)
    return _activity(f"{quiz['id']}#question-{question_slug}", "question",
                     f"{item.title}: {question_slug}", item.course.language)


def _context(course: Course, parent: dict | None = None) -> dict:
    activities = {"grouping": [_course_activity(course)]}
    if parent is not None:
        activities["parent"] = [parent]
    return {"platform": PLATFORM, "language": course.language or "en",
            "contextActivities": activities}


def _item_context(item: Item) -> dict:
    return _context(item.course, parent=_module_activity(item.module))


def _statement(user_id: int, verb: str, activity: dict, *, result: dict | None = None,
               context: dict | None = None, key: str | None = None) -> dict:
    """A statement; with a key its id is derived from it (the same event, the same id)."""
    site = current_app.config["PUBLIC_BASE_URL"]  # two sites may share one LRS
    statement_id = uuid.uuid5(NAMESPACE, f"{site}|{user_id}|{key}") if key else uuid.uuid4()
    statement = {"id": str(statement_id), "actor": _actor(user_id),
                 "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
                 "object": activity, "timestamp": _timestamp(utcnow())}
    if result is not None:
        statement["result"] = result
    if context is not None:
        statement["context"] = context
    return statement


def _once(user_id: int, verb: str, activity: dict, context: dict) -> dict:
    """A statement of a fact that happens once per learner: its id says which fact."""
    return _statement(user_id, verb, activity, context=context,
                      key=f"{verb}|{activity['id']}")


def _scaled(value: float) -> float:
    return round(min(1.0, max(0.0, float(value))), 4)


# --- Reads and the outbox ----------------------------------------------------------------


def _item(item_id: int) -> Item:
    item = db.session.scalar(
        sa.select(Item).where(Item.id == item_id)
        .options(sa.orm.joinedload(Item.course), sa.orm.joinedload(Item.module)))
    if item is None:
        raise LookupError(f"xAPI: no item {item_id} to describe")
    return item


def _all_done(user_id: int, scope) -> bool:
    """Whether the learner completed every learner item in scope (a module or a course)."""
    total, done = db.session.execute(
        sa.select(sa.func.count(Item.id), sa.func.count(ItemProgress.completed_at))
        .outerjoin(ItemProgress, sa.and_(ItemProgress.item_id == Item.id,
                                         ItemProgress.user_id == user_id))
        .where(scope, Item.for_learners())).one()
    return total > 0 and done == total


def _queue(*statements: dict) -> None:
    """Add the statements to the outbox in the current transaction; an id already there
    (a once-only fact recorded before) is skipped."""
    if not statements:
        return
    insert = conflict_insert(XapiStatement)
    now = utcnow()
    db.session.execute(
        insert.on_conflict_do_nothing(index_elements=["statement_id"]),
        [{"statement_id": s["id"], "statement": s, "created_at": now, "attempts": 0,
          "next_attempt_at": now, "last_error": ""} for s in statements])
