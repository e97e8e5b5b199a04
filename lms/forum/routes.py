"""The discussions blueprint: wires the route modules and the template helpers.

Views live in threads.py, posts.py, moderator_actions.py, inbox.py and search_results.py; each
exposes register(bp), so no module imports this one and nothing is imported circularly.
"""

from datetime import datetime

from flask import Blueprint
from markupsafe import Markup

from lms import keyset, nav_badges
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
from lms.templating import viewer_timezone

bp = Blueprint("forum", __name__, url_prefix="/discussions")

for _module in (threads, posts, moderator_actions, inbox, search_results, commands, sharing):
    _module.register(bp)


@bp.app_template_filter("timeago")
def timeago(value: datetime | None) -> Markup:
    """A <time> element with a relative label ("3 h ago") and the exact time as its title."""
    return labels.time_tag(value, viewer_timezone())


bp.add_app_template_filter(labels.initials, "initials")


@bp.record_once
def forum_globals(state) -> None:
    """Template globals for the nav badge and thread pages (globals, not a context processor,
    which would run for every template rendered)."""
    state.app.jinja_env.globals.update(forum_nav_counts=nav_badges.counts_now,
                                       latest_cursor=keyset.LATEST)
