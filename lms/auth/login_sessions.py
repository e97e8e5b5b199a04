"""Flask-Login wiring: ids carry a session version so old cookies can be revoked."""

from flask import Flask
from flask_login import LoginManager

from lms.extensions import db
from lms.models import User


def load_user(user_id: str) -> User | None:
    """Load the user from the database, the authority, on every request, and only if the
    cookie's session version is still current: signing out everywhere bumps it."""
    raw_id, _, raw_version = user_id.partition(":")
    if not (raw_id.isdigit() and raw_version.isdigit()):
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_version != int(raw_version):
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
