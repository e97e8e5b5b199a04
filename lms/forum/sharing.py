"""Shared reflections become discussions: the receiver of the reflections service's signal."""

import sqlalchemy as sa
from flask import Blueprint, Flask, url_for
from flask.blueprints import BlueprintSetupState

from lms.extensions import db
from lms.models import Cohort, Post, Reflection
from lms.services import attachments, forum, learning_events
from lms.services.reflections import ShareSpace


def share_as_thread(app: Flask, *, reflection: Reflection, space: ShareSpace) -> str:
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


def _connect(state: BlueprintSetupState) -> None:
    learning_events.reflection_shared.connect(share_as_thread, sender=state.app)


def register(bp: Blueprint) -> None:
    """Make sharing available in each app the discussions are registered on, and only there."""
    bp.record_once(_connect)
