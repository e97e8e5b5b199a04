"""The navigation's numbers (unread notifications; open reports for trainers), fetched in
the same query that loads the signed-in user: every page shows them, so they cost no round
trip of their own, and templates read them instead of running a query.

What is counted depends on the role (a trainer reads more spaces, and has reports), so there
is one statement per role. The role the counts are built for comes from a hint kept in the
session; the user row read in the same query is the authority: when the role changed, the
counts are read again for the real role and the hint is corrected."""

from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from flask import g, session
from flask_login import current_user

from lms.access import Viewer
from lms.extensions import db
from lms.models import ROLES, User
from lms.services.moderation import open_report_count
from lms.services.notifications import unread_count_select

ROLE_HINT = "nav_role"  # the session key of the role the counts were last built for


class NavCounts(NamedTuple):
    """The numbers on the navigation's bell and on the trainers' moderation link."""

    unread: int
    reports: int


def _count_columns(viewer: Viewer) -> tuple[sa.ColumnElement[int], sa.ColumnElement[int]]:
    """Unread notifications and open reports of someone of the viewer's role."""
    reports = open_report_count(viewer) if viewer.is_trainer else sa.literal(0)
    return unread_count_select(viewer), reports


@cache
def user_with_counts(role: str) -> sa.Select:
    """SELECT of the user row (by the parameter `user_id`) and the nav counts as someone of
    `role` has them: built once per process and role, since building its subqueries cost a
    quarter of a lesson page, and one role's subqueries only (PostgreSQL plans and starts
    every branch of a CASE, which cost a millisecond a page)."""
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    return sa.select(User, *_count_columns(Viewer(user_id, role))).where(User.id == user_id)


@cache
def _counts_for(role: str) -> sa.Select:
    """The counts alone, for when the hint named the wrong role."""
    return sa.select(*_count_columns(Viewer(sa.bindparam("user_id", type_=sa.Integer), role)))


def load_with_counts(user_id: int) -> User | None:
    """The user row with this request's nav counts remembered (one query, two when the
    role changed since the hint was written)."""
    hint = session.get(ROLE_HINT)
    role = hint if hint in ROLES else ROLES[0]
    row = db.session.execute(user_with_counts(role), {"user_id": user_id}).one_or_none()
    if row is None:
        return None
    user, unread, reports = row
    if user.role != role:
        unread, reports = db.session.execute(_counts_for(user.role), {"user_id": user_id}).one()
    if hint != user.role:
        session[ROLE_HINT] = user.role
    remember(NavCounts(unread, reports))
    return user


def hint_role(user: User) -> None:
    """At sign-in: the counts of the first page are built for the person's role at once."""
    session[ROLE_HINT] = user.role


def remember(counts: NavCounts) -> None:
    """Keep this request's counts, read with the user (see load_with_counts)."""
    g.nav_counts = counts


def forget() -> None:
    """A view that marked notifications read while serving a GET: count again when shown."""
    g.pop("nav_counts", None)


def remembered() -> NavCounts | None:
    """This request's counts, if they were read with the user and are still current."""
    return g.get("nav_counts")


def counts_now() -> NavCounts:
    """The signed-in person's counts: those read with the user, or counted again (once) after
    a view marked some read."""
    counts = remembered()
    if counts is None:
        user = current_user._get_current_object()
        unread, reports = db.session.execute(_counts_for(user.role), {"user_id": user.id}).one()
        counts = NavCounts(unread, reports)
        remember(counts)
    return counts
