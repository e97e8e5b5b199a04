"""Search view: the course items and the discussion posts a person may read, by kind."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from lms import keyset
from lms.queries import search as finder

KINDS = ("all", "lessons", "posts")
PREVIEW = 5  # course items shown on the "all" page before "all N results"
MAX_PAGE = 1000


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/search", view_func=search)


@login_required
def search():
    """Results for ?q=: course items (paged with ?page=), then posts (newest first, keyset
    pages with ?before=); ?kind=lessons or ?kind=posts shows one group alone."""
    query = request.args.get("q", "").strip()[:finder.MAX_QUERY]
    kind = request.args.get("kind") or ("posts" if request.args.get("before") else "all")
    if kind not in KINDS:
        abort(400, "Choose lessons, posts or all results.")
    raw_page = request.args.get("page", "1")
    page = int(raw_page) if raw_page.isascii() and raw_page.isdigit() and len(raw_page) < 5 else 0
    if not 1 <= page <= MAX_PAGE:
        abort(400, "That page number is out of range. Search again.")
    try:
        before = keyset.decode(request.args.get("before"))
    except keyset.BadCursor:
        abort(400, "That page link is broken. Search again.")
    lessons = posts = None
    if kind in ("all", "lessons"):
        lessons = finder.search_lessons(current_user, query, page=page,
                                        per_page=PREVIEW if kind == "all" else
                                        finder.LESSONS_PER_PAGE)
    if kind in ("all", "posts"):
        posts = finder.search_posts(current_user, query, before=before)
    next_cursor = None
    if posts and posts.has_more:
        last = posts.posts[-1]
        next_cursor = keyset.encode(last.created_at, last.id)
    return render_template("forum/search.html", query=query, kind=kind, lessons=lessons,
                           result=posts, next_cursor=next_cursor, excerpt=finder.excerpt,
                           highlight=finder.highlight, terms=finder.terms_of(query))
