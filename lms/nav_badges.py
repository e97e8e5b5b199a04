"""The navigation's numbers (unread notifications; open reports for trainers), fetched in
the same query that loads the signed-in user: every page shows them, so they cost no round
trip of their own, and templates read them instead of running a query."""

from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from flask import g

from lms.access import Viewer
from lms.models import ROLES, User
from lms.services.moderation import open_report_count
from lms.services.notifications import unread_count_select


class NavCounts(NamedTuple):
    """The numbers on the navigation's bell and on the trainers' moderation link."""

    unread: int
    reports: int


def _by_role(user_id, count) -> sa.ColumnElement[int]:
    """One count per role, the role read from the user row in the same query: the database
    evaluates only the branch of the role the user has now."""
    return sa.case(*((User.role == role, count(Viewer(user_id, role))) for role in ROLES),
                   else_=0)


def nav_count_columns(user_id) -> tuple[sa.ColumnElement[int], sa.ColumnElement[int]]:
    """Columns to select beside the user row: unread notifications, open reports. The id
    may be a bound parameter (see user_with_counts)."""
    reports = _by_role(user_id, lambda viewer: open_report_count(viewer) if viewer.is_trainer
                       else sa.literal(0))
    return _by_role(user_id, unread_count_select), reports


@cache
def user_with_counts() -> sa.Select:
    """SELECT of the user row (by the parameter `user_id`) and its nav counts: built once per
    process, since building its six subqueries cost a quarter of a lesson page."""
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    return sa.select(User, *nav_count_columns(user_id)).where(User.id == user_id)


def remember(counts: NavCounts) -> None:
    """Keep this request's counts, read with the user (see lms.auth.login_sessions)."""
    g.nav_counts = counts


def forget() -> None:
    """A view that marked notifications read while serving a GET: count again when shown."""
    g.pop("nav_counts", None)


def remembered() -> NavCounts | None:
    """This request's counts, if they were read with the user and are still current."""
    return g.get("nav_counts")
