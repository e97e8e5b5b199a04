"""Flask-Login wiring: ids carry a session version so old cookies can be revoked."""

from flask import Flask
from flask_login import LoginManager, user_logged_in

from lms import nav_badges
from lms.models import User


def load_user(user_id: str) -> User | None:
    """Load the user from the database, the authority, on every request, and only if the
    cookie's session version is still current: signing out everywhere bumps it."""
    raw_id, _, raw_version = user_id.partition(":")
    if not (raw_id.isdigit() and raw_version.isdigit()):
        return None
    # The navigation's numbers come in the same query: every page shows them.
    user = nav_badges.load_with_counts(int(raw_id))
    if user is None or user.session_version != int(raw_version):
        nav_badges.forget()
        return None
    return user


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Configure the login manager."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    user_logged_in.connect(_hint_role, app)


def _hint_role(_app, user: User) -> None:
    nav_badges.hint_role(user)
