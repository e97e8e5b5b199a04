"""Template globals and filters."""

from datetime import datetime

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.i18n import locale
from lms.i18n.formatting import format_day, format_when
from lms.timezones import utc_to_local

# (endpoint, label, who sees it, endpoints or blueprints of its section); an entry shows
# once its blueprint exists.
NAV = [
    ("learn.home", _l("Learn"), "user", {"learn.home"}),
    ("learn.catalogue", _l("Courses"), "anyone",
     {"learn.catalogue", "learn.course", "learn.item", "learn.page", "learn.certificate"}),
    ("cohorts.my_training", _l("My training"), "user", {"cohorts"}),
    ("workbook.index", _l("My workbook"), "user", {"workbook.index", "workbook.entry"}),
    ("forum.index", _l("Discussions"), "user", {"forum"}),
    ("trainer.dashboard", _l("Trainer"), "trainer", {"trainer", "workbook.cohort"}),
    ("authoring.index", _l("Authoring"), "trainer", {"authoring"}),
    ("admin.users", _l("Admin"), "admin", {"admin", "lti_admin"}),
]


NAV_LABELS = {endpoint: label for endpoint, label, _who, _section in NAV}


class IdUrl:
    """An endpoint's URL for any id, built with one url_for: a page that links every post on it
    (permalink, like, reply, quote, report) builds each kind of link once, not once per post."""

    MARK = "2147483647"  # a valid id that no other part of these URLs contains

    def __init__(self, endpoint: str, field: str, **values) -> None:
        url = url_for(endpoint, **{field: int(self.MARK), **values})
        self._head, mark, self._tail = url.partition(self.MARK)
        if not mark:
            raise ValueError(f"{endpoint}: the id does not show in {url}")

    def __call__(self, value: int) -> str:
        return f"{self._head}{int(value)}{self._tail}"


def has_endpoint(endpoint: str) -> bool:
    """True when the app has a view for endpoint."""
    return endpoint in current_app.view_functions


def nav_links() -> tuple[tuple[str, bool], ...]:
    """The main navigation for the current user: (endpoint, is the current section); the
    labels are in NAV_LABELS, translated where the navigation is rendered (lms/chrome.py)."""
    allowed = {"anyone"}
    if current_user.is_authenticated:
        allowed.add("user")
        if current_user.is_trainer:
            allowed.add("trainer")
        if current_user.is_admin:
            allowed.add("admin")
    endpoint = request.endpoint or ""
    blueprint = endpoint.partition(".")[0]
    return tuple((e, endpoint in section or blueprint in section)
                 for e, _label, who, section in NAV if who in allowed and has_endpoint(e))


def viewer_timezone() -> str:
    """The zone the reader sees times in: their profile's, else the site's default."""
    if current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def field_attributes(field) -> dict[str, str | bool]:
    """ARIA and required attributes of a form field: hint and error linked, invalid marked."""
    described = [f"{field.id}-hint"] if field.description else []
    attributes: dict[str, str | bool] = {}
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
    app.jinja_env.globals.update(has_endpoint=has_endpoint, id_url=IdUrl,
                                 field_attributes=field_attributes,
                                 viewer_timezone=viewer_timezone)

    @app.template_filter("datetime")
    def format_datetime(value):
        """A stored (naive UTC) time in the reader's zone and language, labelled:
        "04 Dec 2026, 19:10 CET", "04 Δεκ 2026, 19:10 CET"."""
        return format_when(value, viewer_timezone(), locale()) if value else ""

    @app.template_filter("quoted_list")
    def quoted_list(titles) -> str:
        """Titles in typographic quotes, comma-separated: “Lesson A”, “Lesson B”."""
        return ", ".join(f"“{title}”" for title in titles)

    @app.template_filter("date")
    def format_date(value):
        """A day in the reader's language: "04 Dec 2026", "04 dic 2026"; a stored (naive UTC)
        time gives the day it was in the reader's zone."""
        if isinstance(value, datetime):
            value = utc_to_local(value, viewer_timezone())
        return format_day(value, locale()) if value else ""
