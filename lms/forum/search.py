"""Search view: full-text search over the posts the user may read."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from lms import keyset
from lms.services import search as finder


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/search", view_func=search)


@login_required
def search():
    """Results for ?q=, newest first, keyset-paginated with ?before=."""
    query = request.args.get("q", "").strip()[:finder.MAX_QUERY]
    try:
        before = keyset.decode(request.args.get("before"))
    except keyset.BadCursor:
        abort(400, "That page link is broken. Search again.")
    result = finder.search_posts(current_user, query, before=before)
    next_cursor = None
    if result.has_more:
        last = result.posts[-1]
        next_cursor = keyset.encode(last.created_at, last.id)
    return render_template("forum/search.html", query=query, result=result,
                           next_cursor=next_cursor, excerpt=finder.excerpt)
