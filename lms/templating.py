"""Template globals and filters."""

from flask import Flask, current_app, request
from flask_login import current_user

# (endpoint, label, who sees it, endpoints or blueprints of its section); an entry shows
# once its blueprint exists.
NAV = [
    ("learn.home", "Learn", "user", {"learn.home"}),
    ("learn.catalogue", "Courses", "anyone",
     {"learn.catalogue", "learn.course", "learn.item", "learn.page", "learn.certificate"}),
    ("cohorts.my_training", "My training", "user", {"cohorts"}),
    ("workbook.index", "My workbook", "user", {"workbook.index", "workbook.entry"}),
    ("forum.index", "Discussions", "user", {"forum"}),
    ("trainer.dashboard", "Trainer", "trainer", {"trainer", "workbook.cohort"}),
    ("admin.users", "Admin", "admin", {"admin"}),
]


def has_endpoint(endpoint: str) -> bool:
    """True when the app has a view for endpoint."""
    return endpoint in current_app.view_functions


def nav_links() -> list[tuple[str, str, bool]]:
    """The main navigation for the current user: (endpoint, label, is the current section)."""
    allowed = {"anyone"}
    if current_user.is_authenticated:
        allowed.add("user")
        if current_user.is_trainer:
            allowed.add("trainer")
        if current_user.is_admin:
            allowed.add("admin")
    endpoint = request.endpoint or ""
    blueprint = endpoint.partition(".")[0]
    return [(e, label, endpoint in section or blueprint in section)
            for e, label, who, section in NAV if who in allowed and has_endpoint(e)]


def field_attributes(field) -> dict[str, str]:
    """ARIA and required attributes of a form field: hint and error linked, invalid marked."""
    described = [f"{field.id}-hint"] if field.description else []
    attributes = {}
    if field.errors:
        described.append(f"{field.id}-error")
        attributes["aria-invalid"] = "true"
    if described:
        attributes["aria-describedby"] = " ".join(described)
    if field.flags.required:
        attributes["required"] = True
    return attributes


def init_app(app: Flask) -> None:
    """Register filters and globals used across templates."""
    app.jinja_env.globals.update(nav_links=nav_links, has_endpoint=has_endpoint,
                                 field_attributes=field_attributes)

    @app.template_filter("datetime")
    def format_datetime(value, fmt: str = "%d %b %Y, %H:%M"):
        return value.strftime(fmt) if value else ""

    @app.template_filter("date")
    def format_date(value, fmt: str = "%d %b %Y"):
        return value.strftime(fmt) if value else ""
