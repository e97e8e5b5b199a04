"""Reads for the discussion pages, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import abort, current_app
from sqlalchemy.orm import aliased, defer, joinedload

from lms import keyset
from lms.access import Viewer, active_enrolments, trained_cohorts
from lms.database import generic_plans
from lms.extensions import db
from lms.models import (
    Cohort,
    Course,
    Enrolment,
    Item,
    Post,
    PostLike,
    PostReport,
    Space,
    Thread,
    ThreadFollow,
    User,
)
from lms.queries.forum_access import (
    can_see_cohort_space,
    can_see_course_space,
    space_clause,
)


@dataclass
class SpaceRef:
    """A space as shown on the index, whether or not its row exists yet."""

    title: str
    endpoint: str
    values: dict
    private: bool
    course: Course
    threads: int = 0
    last_activity: datetime | None = None


@dataclass
class Page:
    """Rows of one keyset page and the cursors of its neighbours."""

    rows: list
    prev_cursor: str | None = None
    next_cursor: str | None = None
    pinned: list = field(default_factory=list)


def course_and_space_or_404(slug: str, user: User) -> tuple[Course, Space | None]:
    """A live course whose shared space the user may see, and that space if it exists."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug,
                                                       Course.is_live))
    if course is None or not can_see_course_space(user, course):
        abort(404)
    space = db.session.scalar(sa.select(Space).where(Space.key == f"course-{course.id}"))
    return course, space


def cohort_and_space_or_404(cohort_id: int, user: User) -> tuple[Cohort, Space | None]:
    """A cohort whose private space the user may see, and that space if it exists."""
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.id == cohort_id)
                               .options(joinedload(Cohort.course)))
    if cohort is None or not cohort.course.is_live or not can_see_cohort_space(user, cohort):
        abort(404)
    space = db.session.scalar(sa.select(Space).where(Space.key == f"cohort-{cohort.id}"))
    return cohort, space


def space_threads(space: Space | None, user: User, cursor: str | None) -> Page:
    """Pinned threads (first page only), then the others by last activity, newest first."""
    if space is None:
        return Page([])
    per_page = current_app.config["FORUM_THREADS_PER_PAGE"]
    position = _cursor_or_400(cursor)
    base = (sa.select(Thread).where(Thread.space_id == space.id)
            .options(joinedload(Thread.author), joinedload(Thread.module)))
    if not user.is_trainer:
        base = base.where(Thread.hidden_at.is_(None))
    pinned = [] if position else list(db.session.scalars(
        base.where(Thread.pinned.is_(True)).order_by(Thread.last_activity_at.desc(),
                                                     Thread.id.desc())))
    stmt = (base.where(Thread.pinned.is_(False))
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(per_page + 1))
    if position:
        stmt = stmt.where(keyset.beyond(Thread.last_activity_at, Thread.id, position,
                                        descending=True))
    rows = list(db.session.scalars(stmt))
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        next_cursor = keyset.encode(rows[-1].last_activity_at, rows[-1].id)
    return Page(rows, next_cursor=next_cursor, pinned=pinned)


def _cursor_or_400(cursor: str | None):
    try:
        return keyset.decode(cursor)
    except keyset.BadCursor:
        abort(400, "That page link is broken. Go back to the first page.")


# What a thread page shows of the people and posts around a post, and what it never needs
# of the thread's course and item (a lesson's whole body, its quiz): half the columns a
# page read, each one a cost per row in the driver and the ORM. Anything else is loaded
# if touched.
AUTHOR_SHOWN = (User.name, User.role, User.organisation, User.avatar_version)
QUOTE_SHOWN = (Post.author_id, Post.body_html, Post.deleted_at, Post.hidden_at,
               Post.created_at)
COURSE_BULK = (Course.summary, Course.authors, Course.source_path)
ITEM_BULK = (Item.body_html, Item.quiz, Item.prerequisites, Item.tool_options)


@dataclass
class ThreadView:
    """A thread the reader may see, with what the page needs to know of the reader."""

    thread: Thread
    moderator: bool  # a trainer or admin who can see the space
    following: bool


@cache
def _thread_for(role: str) -> sa.Select:
    """The thread (parameter `thread_id`) with its space, course, cohort, item, module and
    files, whether the reader (parameter `user_id`, of the role) may see its space and follows
    it: one round trip, built once per process and role (building it cost more than running
    it)."""
    viewer = Viewer(sa.bindparam("user_id", type_=sa.Integer), role)
    sees_space = sa.exists().where(Space.id == Thread.space_id,
                                   space_clause(viewer)).correlate(Thread)
    following = sa.exists().where(ThreadFollow.thread_id == Thread.id,
                                  ThreadFollow.user_id == viewer.id).correlate(Thread)
    return (sa.select(Thread, sees_space.label("sees_space"), following.label("following"))
            .where(Thread.id == sa.bindparam("thread_id", type_=sa.Integer))
            .options(joinedload(Thread.space).joinedload(Space.course)
                     .options(*map(defer, COURSE_BULK)),
                     joinedload(Thread.space).joinedload(Space.cohort),
                     joinedload(Thread.item).options(*map(defer, ITEM_BULK)),
                     joinedload(Thread.module),
                     joinedload(Thread.attachments)))


def thread_view_or_404(thread_id: int, user: User) -> ThreadView:
    """A thread the user may see (as can_see_thread says), whether they may moderate it (as
    can_moderate says) and follow it, in one query."""
    row = db.session.execute(_thread_for(user.role), {"thread_id": thread_id,
                                                      "user_id": user.id}).unique().first()
    if row is None or not row.sees_space or (row[0].hidden_at is not None
                                             and not user.is_trainer):
        abort(404)
    return ThreadView(row[0], bool(user.is_trainer and row.sees_space), bool(row.following))


def thread_or_404(thread_id: int, user: User) -> Thread:
    """A thread the user may see, with its space, course, cohort, item and files loaded."""
    return thread_view_or_404(thread_id, user).thread


@dataclass
class PostPage(Page):
    """A page of posts with what the reader sees of them: their likes, the open reports
    (trainers only), each author's cohort in the course."""

    liked: set[int] = field(default_factory=set)
    reported: set[int] = field(default_factory=set)
    cohorts: dict[int, str] = field(default_factory=dict)


_MOMENT = sa.bindparam("moment", type_=sa.DateTime)
# LIMIT 1 written into the statement, not bound (see the end of _posts_from).
ONE: sa.ColumnClause[int] = sa.literal_column("1")
_ROW_ID = sa.bindparam("row_id", type_=sa.Integer)


@cache
def _posts_from(direction: str, trainer: bool, limit: int) -> sa.Select:
    """One keyset page of posts (parameters `thread_id`, `user_id`, `course_id`, and the
    cursor's `moment` and `row_id` unless `direction` is "first"), with their authors and
    the posts they answer, whether the reader likes each, whether it has open reports (for
    trainers), its author's current or latest cohort in the course, and whether any post lies
    before the page (forward) or after it (backward). Built once per process and shape.

    Directions: "first" (the thread's start), "after" the cursor, "before" it (newest
    first), "from" the cursor on (a permalink: the post itself first).
    """
    thread_id = sa.bindparam("thread_id", type_=sa.Integer)
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    key, cursor = sa.tuple_(Post.created_at, Post.id), sa.tuple_(_MOMENT, _ROW_ID)
    liked = sa.exists().where(PostLike.post_id == Post.id,
                              PostLike.user_id == user_id).correlate(Post)
    reported = (sa.exists().where(PostReport.post_id == Post.id,
                                  PostReport.resolved_at.is_(None)).correlate(Post)
                if trainer else sa.false())
    cohort = (sa.select(Cohort.name).join(Enrolment, Enrolment.cohort_id == Cohort.id)
              .where(Enrolment.user_id == Post.author_id,
                     Cohort.course_id == sa.bindparam("course_id", type_=sa.Integer))
              .order_by(Enrolment.is_active.desc(), Enrolment.joined_at.desc(),
                        Cohort.id.desc())
              .limit(ONE).correlate(Post).scalar_subquery())
    # Anything on the far side of the cursor: no post lies between it and the page's edge.
    other = aliased(Post)
    other_key = sa.tuple_(other.created_at, other.id)
    beyond_edge = {"first": sa.false(),
                   "after": sa.exists().where(other.thread_id == thread_id, other_key <= cursor),
                   "from": sa.exists().where(other.thread_id == thread_id, other_key < cursor),
                   "before": sa.exists().where(other.thread_id == thread_id,
                                               other_key >= cursor)}[direction]
    stmt = (sa.select(Post, liked.label("liked"), reported.label("reported"),
                      cohort.label("cohort"), beyond_edge.label("beyond_edge"))
            .where(Post.thread_id == thread_id)
            .options(joinedload(Post.author).load_only(*AUTHOR_SHOWN),
                     joinedload(Post.quote_of).load_only(*QUOTE_SHOWN)
                     .joinedload(Post.author).load_only(*AUTHOR_SHOWN),
                     joinedload(Post.reply_to).load_only(*QUOTE_SHOWN)
                     .joinedload(Post.author).load_only(*AUTHOR_SHOWN)))
    if direction == "before":
        stmt = stmt.where(key < cursor).order_by(Post.created_at.desc(), Post.id.desc())
    else:
        if direction == "after":
            stmt = stmt.where(key > cursor)
        elif direction == "from":
            stmt = stmt.where(key >= cursor)
        stmt = stmt.order_by(Post.created_at, Post.id)
    # The limit written into the statement, not bound: PostgreSQL plans a prepared statement
    # once only if its plan does not depend on the parameters, and an unknown LIMIT does.
    return stmt.limit(sa.literal_column(str(int(limit))))


def thread_posts(thread: Thread, user: User, *, after: str | None = None,
                 before: str | None = None, start: str | None = None) -> PostPage:
    """One page of posts in (created_at, id) order, read from a cursor through the index,
    with the reader's likes, open reports and the authors' cohorts: one query.

    ``after`` continues forward, ``before`` goes back a page, ``start`` begins at a post
    (its permalink).
    """
    per_page = current_app.config["FORUM_POSTS_PER_PAGE"]
    position = _cursor_or_400(before or after)
    start_at = _cursor_or_400(start)
    direction = ("before" if before else "after") if position else \
        ("from" if start_at else "first")
    params = {"thread_id": thread.id, "user_id": user.id,
              "course_id": thread.space.course_id}
    if position or start_at:
        params["moment"], params["row_id"] = position or start_at
    generic_plans()
    rows = list(db.session.execute(_posts_from(direction, user.is_trainer, per_page + 1),
                                   params))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if direction == "before":
        rows.reverse()
    if not rows:
        return PostPage([])
    posts = [row[0] for row in rows]
    page = PostPage(posts, liked={row[0].id for row in rows if row.liked},
                    reported={row[0].id for row in rows if row.reported},
                    cohorts={row[0].author_id: row.cohort for row in rows if row.cohort})
    first, last = posts[0], posts[-1]
    beyond_edge = bool(rows[0].beyond_edge)
    has_prev, has_next = (more, beyond_edge) if direction == "before" else (beyond_edge, more)
    page.prev_cursor = keyset.encode(first.created_at, first.id) if has_prev else None
    page.next_cursor = keyset.encode(last.created_at, last.id) if has_next else None
    return page


def page_after_cursor(post: Post) -> str | None:
    """The ``after`` cursor of the thread page that holds the post (None: the first page).

    Pages are counted from the first post, as the pager builds them, so a permalink lands
    on the same page a reader paging forward would see, with the opening post on page one.
    Two indexed queries: how many posts come before it, and the post that ends the page
    before its page.
    """
    per_page = current_app.config["FORUM_POSTS_PER_PAGE"]
    earlier = db.session.scalar(sa.select(sa.func.count()).select_from(Post).where(
        Post.thread_id == post.thread_id,
        keyset.beyond(Post.created_at, Post.id, (post.created_at, post.id), descending=True)))
    if earlier < per_page:
        return None
    edge = db.session.execute(
        sa.select(Post.created_at, Post.id).where(Post.thread_id == post.thread_id)
        .order_by(Post.created_at, Post.id)
        .offset(earlier // per_page * per_page - 1).limit(1)).one()
    return keyset.encode(edge.created_at, edge.id)


def post_or_404(post_id: int) -> Post:
    """A post with its thread and space (access is checked by the caller or service)."""
    post = db.session.scalar(sa.select(Post).where(Post.id == post_id).options(
        joinedload(Post.thread).joinedload(Thread.space)))
    return post or abort(404)


def index_spaces(user: User) -> list[SpaceRef]:
    """Every space the user may see, course-wide first, with thread counts (three queries)."""
    courses_stmt = sa.select(Course).where(Course.is_live).order_by(Course.title)
    cohorts_stmt = (sa.select(Cohort).join(Course, Course.id == Cohort.course_id)
                    .where(Course.is_live).options(joinedload(Cohort.course))
                    .order_by(Course.title, Cohort.name))
    if not user.is_trainer:
        ever = sa.select(Cohort.course_id).join(Enrolment, Enrolment.cohort_id == Cohort.id) \
            .where(Enrolment.user_id == user.id)
        courses_stmt = courses_stmt.where(Course.id.in_(ever))
        cohorts_stmt = cohorts_stmt.where(Cohort.id.in_(active_enrolments(user.id)))
    elif not user.is_admin:
        cohorts_stmt = cohorts_stmt.where(Cohort.id.in_(trained_cohorts(user.id)))
    refs: dict[str, SpaceRef] = {}
    for course in db.session.scalars(courses_stmt):
        refs[f"course-{course.id}"] = SpaceRef(f"{course.title}", "forum.course_space",
                                               {"slug": course.slug}, False, course)
    for cohort in db.session.scalars(cohorts_stmt):
        refs[f"cohort-{cohort.id}"] = SpaceRef(cohort.name, "forum.cohort_space",
                                               {"cohort_id": cohort.id}, True, cohort.course)
    if refs:
        join_on = Thread.space_id == Space.id
        if not user.is_trainer:
            join_on = sa.and_(join_on, Thread.hidden_at.is_(None))
        stats = db.session.execute(
            sa.select(Space.key, sa.func.count(Thread.id), sa.func.max(Thread.last_activity_at))
            .outerjoin(Thread, join_on).where(Space.key.in_(list(refs))).group_by(Space.key))
        for key, count, last in stats:
            refs[key].threads, refs[key].last_activity = count, last
    return list(refs.values())


def recent_threads(user: User, limit: int = 8) -> list[Thread]:
    """The threads with the latest activity across the spaces the user may see."""
    stmt = (sa.select(Thread).join(Space, Space.id == Thread.space_id).where(space_clause(user))
            .options(joinedload(Thread.space).joinedload(Space.course),
                     joinedload(Thread.space).joinedload(Space.cohort))
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(limit))
    if not user.is_trainer:
        stmt = stmt.where(Thread.hidden_at.is_(None))
    return list(db.session.scalars(stmt))


class NotRead:
    """Marks an item's thread as not read yet (None means read: the item has none)."""


NOT_READ = NotRead()


def item_discussion(user: User, item: Item, limit: int = 3,
                    thread: Thread | None | NotRead = NOT_READ) -> dict:
    """The item's thread and its latest visible posts, for the lesson page (two queries; one
    when the caller read the thread with its own, as the lesson view does)."""
    if isinstance(thread, NotRead):
        thread = db.session.scalar(sa.select(Thread).where(Thread.item_id == item.id))
    if thread is None or (thread.hidden_at and not user.is_trainer):
        return {"thread": None, "posts": []}
    stmt = (sa.select(Post).where(Post.thread_id == thread.id, Post.deleted_at.is_(None))
            .options(joinedload(Post.author))
            .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit))
    if not user.is_trainer:
        stmt = stmt.where(Post.hidden_at.is_(None))
    return {"thread": thread, "posts": list(reversed(db.session.scalars(stmt).all()))}


def cases_by_module(user: User, course: Course) -> dict[int | None, list[Thread]]:
    """Case threads the user may see, by module, for the course outline (one query)."""
    if not user.is_authenticated:
        return {}
    stmt = (sa.select(Thread).join(Space, Space.id == Thread.space_id)
            .where(Thread.kind == "case", Thread.module_id.is_not(None),
                   Space.course_id == course.id, Thread.hidden_at.is_(None),
                   space_clause(user))
            .order_by(Thread.created_at))
    grouped: dict[int | None, list[Thread]] = {}
    for thread in db.session.scalars(stmt):
        grouped.setdefault(thread.module_id, []).append(thread)
    return grouped
