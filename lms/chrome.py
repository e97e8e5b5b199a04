"""The page frame around every page's content (the head's links, the header with its
navigation, the footer with the language switch), rendered once per shape rather than once
per request.

The frame is the same for everyone who shares a language, a role, the section they are in
and whether their badges show; only the name, the two numbers, the CSRF token and the page
to come back to differ. Rendering it through Jinja was half the cost of a small page, so it
is rendered once per shape with placeholders, kept (least recently used out), and the
placeholders are replaced by the request's escaped values. Nothing per person is kept.
"""

from functools import lru_cache
from typing import NamedTuple

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from lms import nav_badges
from lms.i18n import current_language
from lms.templating import NAV_LABELS, nav_links

# Placeholders: NUL never occurs in a rendered template, nor in an escaped value.
NAME, CSRF, BACK, UNREAD, REPORTS = (f"\x00{field}\x00" for field in
                                      ("name", "csrf", "back", "unread", "reports"))


class Frame(NamedTuple):
    """The three parts of the frame base.html places around the page."""

    head: Markup
    header: Markup
    footer: Markup


class _Shape(NamedTuple):
    """What decides the frame's markup, beside the per-request values."""

    language: str
    script_root: str
    signed_in: bool
    csrf_in_forms: bool  # WTF_CSRF_ENABLED: Flask-WTF forms carry the token only then
    links: tuple[tuple[str, bool], ...]  # (endpoint, is the current section)
    has_unread: bool
    has_reports: bool


@lru_cache(maxsize=512)
def _rendered(shape: _Shape) -> tuple[str, str, str]:
    """The frame of one shape with placeholders. Rendered in the request that first needs
    it, whose language and script root are part of the shape."""
    links = [(endpoint, NAV_LABELS[endpoint], current) for endpoint, current in shape.links]
    context = {"signed_in": shape.signed_in, "csrf_in_forms": shape.csrf_in_forms,
               "links": links, "language": shape.language, "name": NAME, "csrf": CSRF, "back": BACK,
               "unread": UNREAD if shape.has_unread else "",
               "reports": REPORTS if shape.has_reports else ""}
    return tuple(render_template(f"chrome/{part}.html", **context)  # type: ignore[return-value]
                 for part in ("head", "header", "footer"))


def _shown(number: int) -> str:
    return str(number) if number < 100 else "99+"


def page_frame() -> Frame:
    """This request's frame."""
    signed_in = current_user.is_authenticated
    counts = nav_badges.counts_now() if signed_in else nav_badges.NavCounts(0, 0)
    csrf_in_forms = current_app.config["WTF_CSRF_ENABLED"]
    shape = _Shape(current_language(), request.script_root, signed_in, csrf_in_forms, nav_links(),
                   bool(counts.unread), bool(counts.reports))
    back = request.full_path if request.query_string else request.path
    token = generate_csrf() if signed_in or csrf_in_forms else ""
    values = {CSRF: str(escape(token)), BACK: str(escape(back)),
              UNREAD: _shown(counts.unread), REPORTS: _shown(counts.reports),
              NAME: str(escape(current_user.name)) if signed_in else ""}

    def filled(part: str) -> Markup:
        for placeholder, value in values.items():
            part = part.replace(placeholder, value)
        return Markup(part)  # noqa: S704  # nosec B704 - rendered templates, escaped values

    return Frame(*(filled(part) for part in _rendered(shape)))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_frame"] = page_frame
