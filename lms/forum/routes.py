"""The discussions blueprint: wires the route modules and the template helpers.

Views live in threads.py, posts.py, moderator_actions.py, inbox.py and search_results.py; each
exposes register(bp), so no module imports this one and nothing is imported circularly.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint
from flask_login import current_user
from markupsafe import Markup

from lms import keyset, nav_badges
from lms.extensions import db
from lms.forum import (
    commands,
    inbox,
    labels,
    moderator_actions,
    posts,
    search_results,
    sharing,
    threads,
)
from lms.nav_badges import NavCounts
from lms.services import moderation
from lms.services import notifications as notices
from lms.templating import viewer_timezone

bp = Blueprint("forum", __name__, url_prefix="/discussions")

for _module in (threads, posts, moderator_actions, inbox, search_results, commands, sharing):
    _module.register(bp)


@bp.app_template_filter("timeago")
def timeago(value: datetime | None) -> Markup:
    """A <time> element with a relative label ("3 h ago") and the exact time as its title."""
    return labels.time_tag(value, viewer_timezone())


bp.add_app_template_filter(labels.initials, "initials")


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
