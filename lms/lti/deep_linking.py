"""Deep linking: the platform's teacher picks lessons and quizzes, we answer with a signed JWT.

The picker page is shown inside the platform's dialog (an iframe), so its response allows the
platform's origins as frame ancestors, and its form may post to the platform's return URL.
The picker carries the launch's settings in a token signed with our secret key instead of a
session: a cross-site iframe may not get our cookies.
"""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, make_response
from itsdangerous import URLSafeTimedSerializer
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lms.extensions import db
from lms.lti.tool import PlatformRegistration
from lms.models import Course, Item, LtiPlatform
from lms.security import CONTENT_SECURITY_POLICY
from lms.services.errors import DomainError
from lms.urls import public_url

SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"

class _DeepLink(DeepLink):
    """pylti1p3's response, without a null data claim when the request carried none."""

    def get_message_jwt(self, resources):
        """The response's claims."""
        message = super().get_message_jwt(resources)
        if message.get(DATA) is None:
            message.pop(DATA, None)
        return message


def serializer() -> URLSafeTimedSerializer:
    """Signs the picker's token with the app's secret key."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lti-deep-link")


def start(platform: LtiPlatform, claims: dict) -> str:
    """The token the picker posts back: which platform, deployment and where to return."""
    settings = claims.get(SETTINGS) or {}
    if not settings.get("deep_link_return_url"):
        raise DomainError("The deep linking request has no return URL.")
    return serializer().dumps({
        "platform_id": platform.id, "deployment_id": claims[DEPLOYMENT],
        "return_url": settings["deep_link_return_url"], "data": settings.get("data"),
        "accept_multiple": settings.get("accept_multiple", True)})


def choices() -> list[tuple[Course, list[Item]]]:
    """Every live course with the items learners see, in course order (two queries)."""
    courses = db.session.scalars(sa.select(Course).where(Course.is_live)
                                 .order_by(Course.title)).all()
    items = db.session.scalars(sa.select(Item).where(
        Item.for_learners(), Item.course_id.in_([c.id for c in courses]))
        .order_by(Item.position)).all()
    return [(course, [i for i in items if i.course_id == course.id]) for course in courses]


def _resource(item: Item) -> DeepLinkResource:
    # Quizzes report their score out of 100; other items report completion as 1 out of 1.
    maximum = 100 if item.kind_info.graded else 1
    line_item = (LineItem().set_label(item.title[:100]).set_score_maximum(maximum)
                 .set_resource_id(f"{item.course.slug}/{item.slug}"))
    return (DeepLinkResource().set_title(item.title).set_url(public_url("lti.launch"))
            .set_custom_params({"course": item.course.slug, "item": item.slug})
            .set_lineitem(line_item))


def respond(platform: LtiPlatform, settings: dict, item_ids: list[str]) -> str:
    """The signed LtiDeepLinkingResponse for the picked items."""
    ids = [int(i) for i in item_ids if i.isascii() and i.isdigit()]  # not "²"
    if not ids:
        raise DomainError("Pick at least one lesson or quiz to place in the course.")
    if len(ids) > 1 and not settings.get("accept_multiple", True):
        raise DomainError("The platform accepts one item at a time: pick just one.")
    items = db.session.scalars(sa.select(Item).join(Course).where(
        Item.id.in_(ids), Item.for_learners(), Course.is_live).order_by(Item.position)).all()
    if len(items) != len(set(ids)):
        raise DomainError("Some of the picked items no longer exist; reload and pick again.")
    link = _DeepLink(PlatformRegistration(platform), settings["deployment_id"],
                    {"deep_link_return_url": settings["return_url"], "data": settings["data"]})
    return link.get_response_jwt([_resource(item) for item in items])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def in_platform_frame(html: str, platform: LtiPlatform, return_url: str, *pages: str):
    """A response the platform may frame (its registered addresses, the return URL and the
    pages the launch names: a hosted Canvas's issuer is not the school's own host), whose
    form may post to the platform's return URL."""
    urls = (platform.issuer, platform.auth_login_url, return_url, *pages)
    origins = " ".join(dict.fromkeys(o for o in map(_origin, urls) if o))
    policy = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors 'self' {origins}").replace(
        "form-action 'self'", f"form-action 'self' {_origin(return_url)}".strip())
    response = make_response(html)
    response.headers["Content-Security-Policy"] = policy
    return response
