"""The discussions blueprint: wires the route modules and the template helpers.

Views live in threads.py, posts.py, moderator_actions.py, inbox.py and search_results.py; each
exposes register(bp), so no module imports this one and nothing is imported circularly.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint
from flask_login import current_user
from markupsafe import Markup, escape

from lms import keyset, nav_badges
from lms.extensions import db
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
from lms.nav_badges import NavCounts
from lms.services import moderation
from lms.services import notifications as notices
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


@bp.app_context_processor
def forum_helpers() -> dict:
    """Template helpers for the nav badge and thread pages."""

    def nav_counts() -> NavCounts:
        """Unread notifications and, for trainers, open reports: read with the signed-in user
        (lms.nav_badges), or counted again here after a view marked some read."""
        if not current_user.is_authenticated:
            return NavCounts(0, 0)
        counts = nav_badges.remembered()
        if counts is None:
            user = current_user._get_current_object()
            columns = [notices.unread_count_select(user)]
            if user.is_trainer:
                columns.append(moderation.open_report_count(user))
            row = db.session.execute(sa.select(*columns)).one()
            counts = NavCounts(row[0], row[1] if user.is_trainer else 0)
            nav_badges.remember(counts)
        return counts

    return {
        "forum_nav_counts": nav_counts,
        "latest_cursor": keyset.LATEST,
    }
