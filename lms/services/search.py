"""Full-text search over the posts a user may read, with the database's own engine.

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
from lms.extensions import db
from lms.models import Post, Space, Thread, User
from lms.services.forum_access import content_clause

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
    text = " ".join(html.unescape(_TAG_RE.sub(" ", post.body_html)).split())
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
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
