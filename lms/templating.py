"""Template globals and filters."""

from flask import Flask, current_app
from flask_login import current_user

# (endpoint, label, who sees it); an entry shows once its blueprint exists.
NAV = [
    ("learn.home", "Learn", "user"),
    ("learn.catalogue", "Courses", "anyone"),
    ("cohorts.my_training", "My training", "user"),
    ("forum.index", "Discussions", "user"),
    ("trainer.dashboard", "Trainer", "trainer"),
    ("admin.users", "Admin", "admin"),
]


def has_endpoint(endpoint: str) -> bool:
    """True when the app has a view for endpoint."""
    return endpoint in current_app.view_functions


def nav_links() -> list[tuple[str, str]]:
    """The main navigation for the current user."""
    allowed = {"anyone"}
    if current_user.is_authenticated:
        allowed.add("user")
        if current_user.is_trainer:
            allowed.add("trainer")
        if current_user.is_admin:
            allowed.add("admin")
    return [(e, label) for e, label, who in NAV if who in allowed and has_endpoint(e)]


def init_app(app: Flask) -> None:
    """Register filters and globals used across templates."""
    app.jinja_env.globals.update(nav_links=nav_links, has_endpoint=has_endpoint)

    @app.template_filter("datetime")
    def format_datetime(value, fmt: str = "%d %b %Y, %H:%M"):
        return value.strftime(fmt) if value else ""

    @app.template_filter("date")
    def format_date(value, fmt: str = "%d %b %Y"):
        return value.strftime(fmt) if value else ""
