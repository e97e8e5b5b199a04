"""Flask-Login wiring: ids carry a session version so old cookies can be revoked."""

from flask import Flask
from flask_login import LoginManager

from lms import nav_badges
from lms.extensions import db
from lms.models import User


def load_user(user_id: str) -> User | None:
    """Load the user from the database, the authority, on every request, and only if the
    cookie's session version is still current: signing out everywhere bumps it."""
    raw_id, _, raw_version = user_id.partition(":")
    if not (raw_id.isdigit() and raw_version.isdigit()):
        return None
    # The navigation's numbers come in the same query: every page shows them.
    row = db.session.execute(nav_badges.user_with_counts(),
                             {"user_id": int(raw_id)}).one_or_none()
    if row is None or row[0].session_version != int(raw_version):
        return None
    user, unread, reports = row
    nav_badges.remember(nav_badges.NavCounts(unread, reports))
    return user


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Configure the login manager."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
