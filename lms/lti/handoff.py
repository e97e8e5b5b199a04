"""From a platform's iframe to a window of our own.

A launch inside an iframe is a third-party context: the browser refuses the session cookie
the launch would set (SameSite=Lax, and third-party cookies are blocked). So an iframe launch
shows a link that opens ClusterLearn in a new window, carrying a token signed with our secret
key, valid two minutes and spent once (lti_login.handed_off_at), that signs the learner in
there, first-party.
"""

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from lms.extensions import db
from lms.models import LtiLogin, User, utcnow
from lms.security import safe_next_url
from lms.services.errors import DomainError

PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
TOOL_PLATFORM = "https://purl.imsglobal.org/spec/lti/claim/tool_platform"
MAX_AGE = 120  # seconds between the launch and the click on "Open"


class LinkExpired(DomainError):
    """The continue link is forged, too old, spent, or its session was ended since."""

    status = 400


def in_frame(claims: dict) -> bool:
    """True when the platform shows the launch inside its own page (iframe or frame)."""
    target = (claims.get(PRESENTATION) or {}).get("document_target", "")
    return target in ("iframe", "frame", "embed")


def platform_pages(claims: dict) -> list[str]:
    """Addresses of the platform's pages the launch names, which may frame our answer."""
    presentation = claims.get(PRESENTATION) or {}
    platform = claims.get(TOOL_PLATFORM) or {}
    return [url for url in ("", presentation.get("return_url"), platform.get("url"))
            if isinstance(url, str)]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lti-continue")


def link(user: User, state: str, target: str) -> str:
    """The token for the launch whose state is given: who, which session, where to go."""
    from flask import url_for

    login_id = db.session.scalar(sa.select(LtiLogin.id).where(LtiLogin.state == state))
    token = _serializer().dumps({"login": login_id, "user": user.id,
                                 "version": user.session_version, "next": target})
    return url_for("lti.continue_in_window", token=token)


def spend(token: str) -> tuple[User, str]:
    """The person and page of a valid, unspent token; it cannot be used again."""
    expired = LinkExpired("This link to ClusterLearn has expired or was already used. "
                          "Open the activity again from your course.")
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        raise expired from None
    spent = db.session.execute(
        sa.update(LtiLogin).where(LtiLogin.id == data["login"], LtiLogin.used_at.is_not(None),
                                  LtiLogin.handed_off_at.is_(None))
        .values(handed_off_at=utcnow()).execution_options(synchronize_session=False))
    user = db.session.get(User, data["user"])
    if (spent.rowcount != 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            or user is None or user.session_version != data["version"]):
        raise expired
    return user, safe_next_url(data["next"]) or "/"
