"""Shared reflections become discussions: the handler the reflections service calls."""

import sqlalchemy as sa
from flask import url_for

from lms.extensions import db
from lms.models import Cohort, Post, Reflection
from lms.services import attachments, forum
from lms.services.reflections import SHARE_HANDLERS, ShareSpace


def share_as_thread(reflection: Reflection, space: ShareSpace) -> str:
    """Start a thread by the learner with the reflection's text; return its address."""
    course = reflection.item.course
    if space.cohort_id is not None:
        target = forum.cohort_space(db.session.get_one(Cohort, space.cohort_id))
    else:
        target = forum.course_space(course)
    title = thread_title(reflection.item.title)
    thread = forum.start_thread(reflection.user, target, title, reflection.body)
    first = db.session.execute(sa.select(Post).where(Post.thread_id == thread.id)).scalar_one()
    attachments.share_into(reflection, first)  # its files go with it
    return url_for("forum.thread", thread_id=thread.id)


def thread_title(item_title: str) -> str:
    """Title a shared reflection's thread once, never "Reflection: Reflection: …"."""
    title = item_title if item_title.casefold().startswith("reflection") else (
        f"Reflection: {item_title}")
    return title[:forum.MAX_TITLE]


def register() -> None:
    """Make sharing available (idempotent: apps created in tests import this many times)."""
    if share_as_thread not in SHARE_HANDLERS:
        SHARE_HANDLERS.append(share_as_thread)
