"""The discussions blueprint: wires the route modules and the template helpers.

Views live in threads.py, posts.py, moderator_actions.py, inbox.py and search_results.py; each
exposes register(bp), so no module imports this one and nothing is imported circularly.
"""

from datetime import datetime

from flask import Blueprint
from markupsafe import Markup, escape

from lms import keyset, nav_badges
from lms.forum import (
    commands,
    inbox,
    moderator_actions,
    posts,
    search_results,
    sharing,
    threads,
)
from lms.models import utcnow
from lms.templating import viewer_timezone
from lms.timezones import local_label

bp = Blueprint("forum", __name__, url_prefix="/discussions")

for _module in (threads, posts, moderator_actions, inbox, search_results, commands, sharing):
    _module.register(bp)


@bp.app_template_filter("timeago")
def timeago(value: datetime | None) -> Markup:
    """A <time> element with a relative label ("3 h ago") and the exact time as its title."""
    if value is None:
        return Markup("")
    seconds = max(0, int((utcnow() - value).total_seconds()))
    if seconds < 60:
        label = "just now"
    elif seconds < 3600:
        label = f"{seconds // 60} min ago"
    elif seconds < 86400:
        label = f"{seconds // 3600} h ago"
    elif seconds < 7 * 86400:
        label = f"{seconds // 86400} d ago"
    else:
        label = local_label(value, viewer_timezone(), "%d %b %Y").rsplit(" ", 1)[0]
    # An f-string with each value escaped: Markup.format costs ten times as much, 20 per page.
    return Markup(f'<time datetime="{value.isoformat(timespec="seconds")}Z" '  # noqa: S704  # nosec B704
                  f'title="{escape(local_label(value, viewer_timezone()))}">{escape(label)}</time>')


@bp.app_template_filter("initials")
def initials(name: str | None) -> str:
    """Up to two initials for an avatar."""
    words = [w for w in (name or "?").split() if w[:1].isalnum()] or ["?"]
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


@bp.record_once
def forum_globals(state) -> None:
    """Template globals for the nav badge and thread pages (globals, not a context processor,
    which would run for every template rendered)."""
    state.app.jinja_env.globals.update(forum_nav_counts=nav_badges.counts_now,
                                       latest_cursor=keyset.LATEST)
