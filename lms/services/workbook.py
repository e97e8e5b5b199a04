"""The cluster workbook: saving tool work as versions, who may read it, comments and sharing.

Every function takes the acting user, checks what they may do, changes rows and flushes;
the caller commits. A tool is pure computation: it parses and computes here, and the
platform stores its inputs and results as JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from lms.access import active_enrolments
from lms.content.tools import Files, Form, InputProblem, Tool, ToolInputError
from lms.extensions import db
from lms.models import (
    Cohort,
    Enrolment,
    Item,
    Notification,
    Space,
    Thread,
    User,
    WorkbookComment,
    WorkbookEntry,
    WorkbookShare,
    WorkbookVersion,
    utcnow,
)
from lms.queries.forum_access import can_see_space
from lms.services import forum, progress
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound
from lms.services.reflections import ShareSpace, trains_learner
from lms.xapi import statements as xapi

logger = logging.getLogger(__name__)

MAX_COMMENT = 5_000
MAX_JSON = 2_000_000  # characters of inputs plus results one save may store


@dataclass(frozen=True)
class Reading:
    """An entry as one person may read it: "owner", "trainer", or "shared" (the versions
    shared into discussions the person can read, and nothing else)."""

    entry: WorkbookEntry
    access: str
    shared_versions: tuple[int, ...] = ()

    @property
    def full(self) -> bool:
        """Owner and trainers see every version, comments and exports."""
        return self.access in ("owner", "trainer")


def tool_of(item: Item, tools: Mapping[str, Tool]) -> Tool:
    """The tool of a tool item; Conflict when this site does not load it (any more)."""
    if not item.kind_info.uses_tool:
        raise NotFound("This lesson has no tool.")
    tool = tools.get(item.tool or "")
    if tool is None:
        raise Conflict(f"The tool “{item.tool}” is not available on this site; "
                       "ask an administrator to install it.")
    return tool


def options_of(item: Item) -> dict:
    """The item's tool options as the package gave them (defaults filled at sync)."""
    return dict(item.tool_options or {})


def check_open(user: User, item: Item) -> None:
    """Forbidden while a learner has not completed the item's prerequisites."""
    if user.is_trainer:
        return
    if progress.missing_prerequisites(item, progress.completed_slugs(user, item.course_id)):
        raise Forbidden("Complete the prerequisites of this tool first.")


def entry_of(user: User, item: Item) -> WorkbookEntry | None:
    """The user's entry for the item, if they saved it once."""
    return db.session.scalar(sa.select(WorkbookEntry).where(
        WorkbookEntry.user_id == user.id, WorkbookEntry.item_id == item.id))


def _storable(inputs: dict, results: dict) -> None:
    try:
        size = len(json.dumps(inputs, allow_nan=False)) + len(json.dumps(results, allow_nan=False))
    except (TypeError, ValueError) as error:  # the tool's bug, named without a 500
        raise DomainError(f"The tool gave something that cannot be saved ({error}).") from None
    if size > MAX_JSON:
        raise DomainError("This is too much to save in one entry: use fewer rows.")


def run_tool(tool: Tool, form: Form, files: Files, options: dict) -> tuple[dict, dict, str]:
    """Parse, compute and summarise with the tool: (inputs, results, summary).

    A tool that names the problems raises ToolInputError. One that trips over input it did
    not expect (a plugin's ValueError, ZeroDivisionError, KeyError...) is the learner's
    problem to fix too, not a server error: it becomes a ToolInputError that says so, and
    the traceback goes to the log for the plugin's author.
    """
    try:
        inputs = tool.parse(form, files, options)
        results = tool.compute(inputs, options)
        summary = str(tool.summary(results) or "")[:300]
    except ToolInputError:
        raise
    except Exception as error:  # a plugin's bug must not turn bad input into a 500
        logger.warning("tool %r failed on a submission", tool.name, exc_info=True)
        detail = f"{type(error).__name__}: {error}"[:200]
        raise ToolInputError([InputProblem(
            f"The tool “{tool.title or tool.name}” could not work with this input ({detail}). "
            "Check every row and column against the instructions or the template, then try "
            "again.")]) from None
    return inputs, results, summary


def save_entry(user: User, item: Item, tool: Tool, form: Form, files: Files) -> WorkbookEntry:
    """Parse, compute and save a new version; ToolInputError (nothing saved) if input is bad."""
    check_open(user, item)
    inputs, results, summary = run_tool(tool, form, files, options_of(item))
    _storable(inputs, results)
    entry = entry_of(user, item)
    if entry is None:
        try:
            with db.session.begin_nested():
                entry = WorkbookEntry(user_id=user.id, item_id=item.id)
                db.session.add(entry)
        except IntegrityError:  # the same learner saved in another tab at the same moment
            entry = entry_of(user, item)
            if entry is None:  # pragma: no cover - the row that clashed must exist
                raise
    now = utcnow()
    # One UPDATE numbers the version: concurrent saves wait on the row and count on.
    db.session.execute(
        sa.update(WorkbookEntry).where(WorkbookEntry.id == entry.id)
        .values(version_count=WorkbookEntry.version_count + 1, inputs=inputs, results=results,
                summary=summary, updated_at=now)
        .execution_options(synchronize_session=False))
    number = db.session.execute(sa.select(WorkbookEntry.version_count)
                                .where(WorkbookEntry.id == entry.id)).scalar_one()
    db.session.add(WorkbookVersion(entry_id=entry.id, number=number, inputs=inputs,
                                   results=results, summary=summary, saved_at=now))
    xapi.workbook_saved(user, item, entry, number)
    progress.mark_completed(user, item, by="tool")
    db.session.flush()
    db.session.expire(entry)
    return entry


def _entry(entry_id: int) -> WorkbookEntry:
    # One query: the entry with its item, course and learner (all many-to-one, so joined).
    entry = db.session.scalars(
        sa.select(WorkbookEntry).where(WorkbookEntry.id == entry_id)
        .options(joinedload(WorkbookEntry.item).joinedload(Item.course),
                 joinedload(WorkbookEntry.user))).first()
    if entry is None or not entry.item.is_live:
        raise NotFound("No such workbook entry.")
    return entry


def _readable_shares(user: User, entry: WorkbookEntry) -> tuple[int, ...]:
    """Version numbers shared into threads (not hidden) of spaces the user may see."""
    rows = db.session.execute(
        sa.select(WorkbookShare.version_number, Space)
        .join(Thread, Thread.id == WorkbookShare.thread_id)
        .join(Space, Space.id == Thread.space_id)
        .where(WorkbookShare.entry_id == entry.id, Thread.hidden_at.is_(None)))
    return tuple(sorted({number for number, space in rows if can_see_space(user, space)}))


def shares(entry: WorkbookEntry) -> list[WorkbookShare]:
    """Where the entry was shared, newest first."""
    return list(db.session.scalars(sa.select(WorkbookShare)
                                   .where(WorkbookShare.entry_id == entry.id)
                                   .order_by(WorkbookShare.id.desc())))


def readable_entry(user: User, entry_id: int) -> Reading:
    """An entry the user may read: their own, a learner's they train, or one shared with them."""
    entry = _entry(entry_id)
    if entry.user_id == user.id:
        return Reading(entry, "owner")
    if user.is_trainer and trains_learner(user, entry.user_id, entry.item.course_id):
        return Reading(entry, "trainer")
    if entry.shared_at is not None:
        shared = _readable_shares(user, entry)
        if shared:
            return Reading(entry, "shared", shared)
    raise NotFound("No such workbook entry.")


def versions(entry: WorkbookEntry) -> list[WorkbookVersion]:
    """Every saved version of the entry, newest first."""
    return list(db.session.scalars(sa.select(WorkbookVersion)
                                   .where(WorkbookVersion.entry_id == entry.id)
                                   .order_by(WorkbookVersion.number.desc())))


def version_of(entry: WorkbookEntry, number: int) -> WorkbookVersion:
    """One saved version by its number."""
    version = db.session.scalars(sa.select(WorkbookVersion).where(
        WorkbookVersion.entry_id == entry.id, WorkbookVersion.number == number)).first()
    if version is None:
        raise NotFound(f"Version {number} of this entry does not exist.")
    return version


def visible_version(reading: Reading, number: int | None) -> WorkbookVersion:
    """The version a reader asked for (default the latest); a shared one for "shared"."""
    entry = reading.entry
    if not reading.full:
        allowed = reading.shared_versions
        return version_of(entry, number if number in allowed else allowed[-1])
    return version_of(entry, number if number is not None else entry.version_count)


def comments(entry: WorkbookEntry) -> list[WorkbookComment]:
    """Trainers' comments on the entry, oldest first, with their authors."""
    return list(db.session.scalars(
        sa.select(WorkbookComment).where(WorkbookComment.entry_id == entry.id)
        .options(selectinload(WorkbookComment.author)).order_by(WorkbookComment.id)))


def add_comment(user: User, entry: WorkbookEntry, body: str,
                version_number: int | None = None) -> WorkbookComment:
    """A trainer of the learner's cohort (or an admin) comments; the learner is notified."""
    if not user.is_trainer or not trains_learner(user, entry.user_id, entry.item.course_id):
        raise Forbidden("Only the learner's trainers can comment.")
    body = (body or "").strip()
    if not body:
        raise DomainError("Write something first.")
    if len(body) > MAX_COMMENT:
        raise DomainError(f"Keep comments under {MAX_COMMENT:,} characters.")
    if version_number is not None:
        version_of(entry, version_number)
    comment = WorkbookComment(entry_id=entry.id, author_id=user.id, body=body,
                              version_number=version_number)
    db.session.add(comment)
    db.session.flush()
    db.session.add(Notification(user_id=entry.user_id, workbook_comment_id=comment.id,
                                kind="comment", created_at=comment.created_at))
    db.session.flush()
    return comment


def share_spaces(entry: WorkbookEntry) -> list[ShareSpace]:
    """Where the learner may share it: each of their cohorts of the course, and the course."""
    cohorts = db.session.scalars(
        sa.select(Cohort).where(Cohort.course_id == entry.item.course_id,
                                Cohort.id.in_(active_enrolments(entry.user_id)))
        .order_by(Cohort.name))
    spaces = [ShareSpace(f"cohort:{c.id}", f"My cohort: {c.name}", c.id) for c in cohorts]
    return spaces + [ShareSpace("course", f"Everyone in {entry.item.course.title}")]


def share_entry(user: User, entry: WorkbookEntry, space_key: str, body: str) -> Thread:
    """Share the latest version into a discussion as a new thread with its snapshot in ``body``."""
    if entry.user_id != user.id:
        raise NotFound("No such workbook entry.")
    space = next((s for s in share_spaces(entry) if s.key == space_key), None)
    if space is None:
        raise DomainError("Choose one of the listed discussions.")
    target = (forum.cohort_space(db.session.get_one(Cohort, space.cohort_id))
              if space.cohort_id is not None else forum.course_space(entry.item.course))
    thread = forum.start_thread(user, target, f"Workbook: {entry.item.title}"[:forum.MAX_TITLE],
                                body)
    now = utcnow()
    db.session.add(WorkbookShare(entry_id=entry.id, version_number=entry.version_count,
                                 space_key=space.key, thread_id=thread.id, shared_at=now))
    entry.shared_at = now
    db.session.flush()
    return thread


def my_entries(user: User) -> list[WorkbookEntry]:
    """The user's entries across live courses, most recently saved first, items loaded."""
    return list(db.session.scalars(
        sa.select(WorkbookEntry).join(Item, Item.id == WorkbookEntry.item_id)
        .where(WorkbookEntry.user_id == user.id, Item.is_live)
        .options(selectinload(WorkbookEntry.item).selectinload(Item.course))
        .order_by(WorkbookEntry.updated_at.desc(), WorkbookEntry.id.desc())))


def cohort_entries(cohort: Cohort, items: list[Item]
                   ) -> tuple[list[User], dict[tuple[int, int], WorkbookEntry]]:
    """The cohort's active learners and their entries for the items, keyed (user, item): 2 reads."""
    learners = list(db.session.scalars(
        sa.select(User).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active)
        .order_by(User.name, User.id)))
    if not learners or not items:
        return learners, {}
    entries = db.session.scalars(sa.select(WorkbookEntry).where(
        WorkbookEntry.item_id.in_([i.id for i in items]),
        WorkbookEntry.user_id.in_([u.id for u in learners])))
    return learners, {(e.user_id, e.item_id): e for e in entries}
