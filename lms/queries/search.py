"""Search: the posts a user may read, with the database's own full-text engine, and the
course items they may study.

SQLite answers from the FTS5 table post_fts (Porter stemming), PostgreSQL from a GIN index
on to_tsvector('english', body) with plainto_tsquery. Both give every word of the query
(AND), newest posts first, keyset-paginated.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from lms import keyset
from lms.access import active_enrolments, trained_cohorts
from lms.extensions import db
from lms.models import LEARNERS, Cohort, Course, Item, Post, Space, Thread, User
from lms.queries.forum_access import content_clause

MAX_QUERY = 200
MAX_TERMS = 12
_TERM_RE = re.compile(r"\w+")
_TAG_RE = re.compile(r"<[^>]*>")
_FTS = sa.table("post_fts", sa.column("rowid"))


@dataclass
class SearchPage:
    """Posts found, newest first, and whether older ones remain."""

    posts: list[Post]
    terms: list[str]
    has_more: bool


def terms_of(query: str) -> list[str]:
    """The words of a query, as both engines see them (punctuation is a separator)."""
    return _TERM_RE.findall((query or "")[:MAX_QUERY])[:MAX_TERMS]


def _match(terms: list[str], query: str):
    """The WHERE clause that matches post bodies against the query on this database."""
    if db.session.get_bind().dialect.name == "postgresql":
        # A literal, so the GIN index expression matches.
        english: sa.ColumnElement[str] = sa.literal_column("'english'")
        return sa.func.to_tsvector(english, Post.body).op("@@")(
            sa.func.plainto_tsquery(english, " ".join(terms)))
    # FTS5 syntax from quoted terms only: a user's query can never be read as operators.
    fts_query = " ".join('"' + term.replace('"', "") + '"' for term in terms)
    return Post.id.in_(sa.select(_FTS.c.rowid).where(
        sa.literal_column("post_fts").op("MATCH")(fts_query)))


def search_posts(user: User, query: str, *, before: tuple[datetime, int] | None = None,
                 course_id: int | None = None, limit: int = 20) -> SearchPage:
    """The posts matching every word of query that the user may read (one query)."""
    terms = terms_of(query)
    if not terms:
        return SearchPage([], [], False)
    stmt = (sa.select(Post).join(Thread, Thread.id == Post.thread_id)
            .where(_match(terms, query), content_clause(user))
            .options(joinedload(Post.author),
                     joinedload(Post.thread).joinedload(Thread.space).joinedload(Space.course),
                     joinedload(Post.thread).joinedload(Thread.space).joinedload(Space.cohort))
            .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit + 1))
    if course_id:
        stmt = stmt.where(Thread.space_id.in_(sa.select(Space.id)
                                              .where(Space.course_id == course_id)))
    if before:
        stmt = stmt.where(keyset.beyond(Post.created_at, Post.id, before, descending=True))
    posts = list(db.session.scalars(stmt))
    return SearchPage(posts[:limit], terms, len(posts) > limit)


def excerpt(post: Post, terms: list[str], length: int = 260) -> Markup:
    """Plain text of the post around the first hit, escaped, with the terms in <mark>."""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    return _marked(plain_text(post.body_html), pattern, length)


def _marked(text: str, pattern: re.Pattern | None, length: int) -> Markup:
    """length characters of text from a little before the first match, matches marked."""
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - 60) if first else 0
    snippet = text[start:start + length]
    prefix, suffix = ("… " if start else ""), (" …" if start + length < len(text) else "")
    if not pattern:
        return escape(prefix + snippet + suffix)
    out, last = [escape(prefix)], 0
    for hit in pattern.finditer(snippet):
        out += [escape(snippet[last:hit.start()]), Markup("<mark>"), escape(hit.group(0)),
                Markup("</mark>")]
        last = hit.end()
    out += [escape(snippet[last:]), escape(suffix)]
    return Markup("").join(out)


# Course content -----------------------------------------------------------------------

LESSONS_PER_PAGE = 10


@dataclass
class LessonHit:
    """A course item whose text holds every word of the query, with its plain text."""

    item: Item
    text: str


@dataclass
class LessonPage:
    """One page of matching course items, title matches first, then in course order."""

    hits: list[LessonHit]
    total: int
    page: int
    per_page: int

    @property
    def has_more(self) -> bool:
        """Whether a later page exists."""
        return self.page * self.per_page < self.total


def _stem(term: str) -> str:
    """A crude singular, so "fees" finds "fee" and "companies" finds "company"."""
    lower = term.lower()
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3]
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def plain_text(html_text: str) -> str:
    """The words of sanitized HTML, without tags or entities."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", html_text or "")).split())


def readable_items(user: User) -> sa.ColumnElement[bool]:
    """WHERE clause on Item and Course: live items of live courses the user may study,
    trainer-only items only for admins and the trainers of a cohort of that course."""
    live = sa.and_(Item.is_live, Course.is_live)
    if user.is_admin:
        return live
    if user.is_trainer:  # every course; facilitator notes only of courses they train
        trained = sa.select(Cohort.course_id).where(Cohort.id.in_(trained_cohorts(user.id)))
        return sa.and_(live, sa.or_(Item.visibility == LEARNERS, Item.course_id.in_(trained)))
    studied = sa.select(Cohort.course_id).where(Cohort.id.in_(active_enrolments(user.id)))
    return sa.and_(Item.for_learners(), Course.is_live, Item.course_id.in_(studied))


def search_lessons(user: User, query: str, *, page: int = 1,
                   per_page: int = LESSONS_PER_PAGE) -> LessonPage:
    """Course items the user may read whose title or text holds every word (one query).

    The database narrows the rows with LIKE on the stored HTML; the words are then checked
    again on the plain text, so tag names and attributes never count as hits. A course has
    tens of items, not millions, so this stays small.
    """
    stems = [_stem(t) for t in terms_of(query)]
    if not stems:
        return LessonPage([], 0, 1, per_page)
    stmt = (sa.select(Item).join(Course, Course.id == Item.course_id)
            .where(readable_items(user),
                   *[sa.or_(Item.title.ilike(_like(s), escape="\\"),
                            Item.body_html.ilike(_like(s), escape="\\")) for s in stems])
            .options(joinedload(Item.course))
            .order_by(Course.title, Item.position, Item.id))
    hits = []
    for item in db.session.scalars(stmt):
        text = plain_text(item.body_html)
        haystack = f"{item.title} {text}".lower()
        if all(s in haystack for s in stems):
            hits.append((not all(s in item.title.lower() for s in stems), LessonHit(item, text)))
    hits.sort(key=lambda pair: pair[0])  # stable: title matches first, course order kept
    start = (page - 1) * per_page
    return LessonPage([hit for _, hit in hits[start:start + per_page]], len(hits), page, per_page)


def highlight(text: str, terms: list[str], length: int = 260) -> Markup:
    """Plain text around the first hit, escaped, with the (stemmed) terms in <mark>."""
    stems = [re.escape(_stem(t)) for t in terms]
    pattern = re.compile("|".join(stems), re.IGNORECASE) if stems else None
    return _marked(text, pattern, length)
