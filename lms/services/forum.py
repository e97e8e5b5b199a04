"""Discussion writes: spaces, threads, cases, posts, edits, deletions, likes and follows.

Every function takes the acting user, checks what they may do, changes rows and flushes;
the caller commits. Markdown is rendered and sanitized once, at write time.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from lms.content.rendering import render_markdown
from lms.database import conflict_insert
from lms.extensions import db
from lms.models import (
    Cohort,
    Course,
    Item,
    Post,
    PostLike,
    Space,
    Thread,
    ThreadFollow,
    User,
    utcnow,
)
from lms.queries import mentions
from lms.queries.forum_access import can_moderate, can_see_post, can_see_space, can_see_thread
from lms.services import attachments, notifications, progress
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound
from lms.xapi import statements as xapi

MAX_BODY = 20_000
MAX_TITLE = 200


def _space(course_id: int, cohort_id: int | None) -> Space:
    """The space row, created on first use; a concurrent creator's row wins the race."""
    key = f"cohort-{cohort_id}" if cohort_id else f"course-{course_id}"
    space = db.session.scalars(sa.select(Space).where(Space.key == key)).first()
    if space:
        return space
    try:
        with db.session.begin_nested():
            space = Space(course_id=course_id, cohort_id=cohort_id, key=key)
            db.session.add(space)
    except IntegrityError:  # created by a concurrent request a moment ago
        space = db.session.scalars(sa.select(Space).where(Space.key == key)).one()
    return space


def course_space(course: Course) -> Space:
    """The shared space of a course (created on first use)."""
    return _space(course.id, None)


def cohort_space(cohort: Cohort) -> Space:
    """The private space of a cohort (created on first use)."""
    return _space(cohort.course_id, cohort.id)


def render_body(body: str, space: Space) -> tuple[Markup, list[User]]:
    """Sanitized HTML of a post and the people it mentions who can see the space."""
    mentioned = mentions.find_mentions(body, space)
    return mentions.highlight(render_markdown(body), mentioned), mentioned


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError("Write something first.")
    if len(body) > MAX_BODY:
        raise DomainError(f"Posts are limited to {MAX_BODY:,} characters.")
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise DomainError("Give the thread a title of at least 3 characters.")
    if len(title) > MAX_TITLE:
        raise DomainError(f"Titles are limited to {MAX_TITLE} characters.")
    return title


def follow(user: User, thread: Thread) -> None:
    """Follow a thread (no-op if already following)."""
    if not can_see_thread(user, thread):
        raise NotFound("No such thread.")
    exists = db.session.get(ThreadFollow, (thread.id, user.id))
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(ThreadFollow(thread_id=thread.id, user_id=user.id))
        except IntegrityError:
            pass  # followed from another tab at the same moment: the same outcome


def unfollow(user: User, thread: Thread) -> None:
    """Stop following a thread."""
    db.session.execute(sa.delete(ThreadFollow).where(ThreadFollow.thread_id == thread.id,
                                                     ThreadFollow.user_id == user.id))


def _add_post(user: User, thread: Thread, body: str, *, reply_to: Post | None = None,
              quote_of: Post | None = None) -> Post:
    """Insert a post, bump the thread, follow it, and notify who should hear of it."""
    html, mentioned = render_body(body, thread.space)
    now = utcnow()
    post = Post(thread_id=thread.id, author_id=user.id, body=body, body_html=str(html),
                reply_to_id=reply_to.id if reply_to else None,
                quote_of_id=quote_of.id if quote_of else None, created_at=now)
    db.session.add(post)
    db.session.execute(sa.update(Thread).where(Thread.id == thread.id).values(
        post_count=Thread.post_count + 1, last_activity_at=now))
    db.session.flush()
    xapi.posted(user, thread, post.id)
    # The author follows the thread they post in (their right to post was checked).
    db.session.execute(conflict_insert(ThreadFollow).values(
        thread_id=thread.id, user_id=user.id, created_at=now).on_conflict_do_nothing())
    notifications.notify_new_post(post, thread, mentioned=mentioned,
                                  also=[p.author_id for p in (quote_of, reply_to) if p])
    return post


def start_thread(user: User, space: Space, title: str, body: str) -> Thread:
    """Start a discussion in a space the user can see."""
    if not can_see_space(user, space):
        raise NotFound("No such space.")
    thread = Thread(space_id=space.id, author_id=user.id, title=_clean_title(title),
                    kind="discussion")
    body = _clean_body(body)
    db.session.add(thread)
    db.session.flush()
    _add_post(user, thread, body)
    return thread


def start_case(user: User, space: Space, *, title: str, situation: str, questions: str,
               module_id: int | None = None, files: Sequence[attachments.Upload] = ()) -> Thread:
    """A trainer's practical case: pinned, optionally tied to a module, with attachments."""
    if not can_moderate(user, space):
        raise Forbidden("Only trainers can post practical cases.")
    module = None
    if module_id:
        module = next((m for m in space.course.modules if m.id == module_id), None)
        if module is None:
            raise DomainError("Choose a module of this course.")
    questions = (questions or "").strip()
    if len(questions) > MAX_BODY:
        raise DomainError(f"Questions are limited to {MAX_BODY:,} characters.")
    thread = Thread(space_id=space.id, author_id=user.id, title=_clean_title(title),
                    kind="case", pinned=True, module_id=module.id if module else None,
                    questions_md=questions,
                    questions_html=str(render_markdown(questions)) if questions else "")
    situation = _clean_body(situation)
    db.session.add(thread)
    db.session.flush()
    attachments.store_all(thread, files)
    _add_post(user, thread, situation)
    return thread


def _check_can_post(user: User, thread: Thread) -> None:
    if not can_see_thread(user, thread):
        raise NotFound("No such thread.")
    if thread.locked and not user.is_trainer:
        raise Forbidden("This thread is locked: it takes no new replies.")


def _referenced(user: User, thread: Thread, post_id: int | None) -> Post | None:
    """A post of the same thread that the user can read, for reply-to and quote links."""
    if not post_id:
        return None
    post = db.session.get(Post, post_id)
    if post is None or post.thread_id != thread.id or not can_see_post(user, post):
        raise DomainError("The post you answer is not in this thread.")
    return post


def reply(user: User, thread: Thread, body: str, *, reply_to_id: int | None = None,
          quote_of_id: int | None = None,
          files: Sequence[attachments.Upload] = ()) -> Post:
    """Post a reply, with any files attached (checked as a case's files are); an item's
    case thread counts as completing the case."""
    _check_can_post(user, thread)
    body = _clean_body(body)
    post = _add_post(user, thread, body, reply_to=_referenced(user, thread, reply_to_id),
                     quote_of=_referenced(user, thread, quote_of_id))
    attachments.store_all(thread, files, post=post)
    item = thread.item  # the thread of an item (its discussion), if it is one
    if item is not None and item.kind_info.completed_by_post:
        done = progress.completed_slugs(user, item.course_id)
        if not progress.missing_prerequisites(item, done):
            progress.mark_completed(user, item, by="post")
    return post


def item_thread(item: Item) -> Thread | None:
    """The thread of an item, if anyone has posted in it yet."""
    return db.session.scalar(sa.select(Thread).where(Thread.item_id == item.id))


def reply_on_item(user: User, item: Item, body: str) -> Post:
    """Post in an item's thread, creating the thread in the course's space on first post."""
    body = _clean_body(body)
    thread = item_thread(item)
    if thread is None:
        space = course_space(item.course)
        if not can_see_space(user, space):
            raise NotFound("No such lesson.")
        try:
            with db.session.begin_nested():
                thread = Thread(space_id=space.id, author_id=user.id, title=item.title,
                                kind="item", item_id=item.id, module_id=item.module_id)
                db.session.add(thread)
        except IntegrityError:  # someone else's first post created it a moment ago
            thread = db.session.scalars(sa.select(Thread).where(Thread.item_id == item.id)).one()
    return reply(user, thread, body)


def _check_owner_or_moderator(user: User, post: Post) -> None:
    if not can_see_post(user, post):
        raise NotFound("No such post.")
    if post.author_id != user.id and not can_moderate(user, post.thread.space):
        raise Forbidden("You can only change your own posts.")


def edit_post(user: User, post: Post, body: str) -> None:
    """Change a post's text; it is marked as edited and newly mentioned people are told."""
    _check_owner_or_moderator(user, post)
    if post.thread.locked and not user.is_trainer:
        raise Forbidden("This thread is locked.")
    body = _clean_body(body)
    html, mentioned = render_body(body, post.thread.space)
    post.body, post.body_html, post.edited_at = body, str(html), utcnow()
    db.session.flush()
    notifications.notify_mentions(post, mentioned)


def delete_post(user: User, post: Post) -> None:
    """Soft-delete a post: it stays in the database but shows to nobody."""
    _check_owner_or_moderator(user, post)
    if post.deleted_at is None:
        post.deleted_at = utcnow()
        db.session.execute(sa.update(Thread).where(Thread.id == post.thread_id)
                           .values(post_count=Thread.post_count - 1))
        db.session.flush()


def toggle_like(user: User, post: Post) -> bool:
    """Like a post, or take the like back; True if it is now liked."""
    if not can_see_post(user, post):
        raise NotFound("No such post.")
    if post.author_id == user.id:
        raise Conflict("You cannot like your own post.")
    existing = db.session.get(PostLike, (post.id, user.id))
    if existing:
        db.session.delete(existing)
        delta = -1
    else:
        try:
            with db.session.begin_nested():
                db.session.add(PostLike(post_id=post.id, user_id=user.id))
        except IntegrityError:
            return True  # a double click: the first one already liked it
        delta = 1
    db.session.execute(sa.update(Post).where(Post.id == post.id)
                       .values(like_count=Post.like_count + delta))
    db.session.flush()
    return delta == 1
