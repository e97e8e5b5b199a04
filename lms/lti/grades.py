"""Assignment and Grade Services: results of learners who came through LTI go back as scores.

A finished quiz or a completed item writes an LtiScore row in the result's own transaction
(an outbox: nothing is lost while a platform is down). The rows are sent after the request's
commit, and again by `flask lti send-scores`, through pylti1p3's AGS client, which fetches a
client-credentials token signed with the tool's current key.
"""

from datetime import UTC, datetime

import requests
import sqlalchemy as sa
from flask import after_this_request, has_request_context
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector

from lms.extensions import db
from lms.lti.tool import PlatformRegistration, TimeoutSession
from lms.models import LtiContext, LtiIdentity, LtiResourceLink, LtiScore, utcnow
from lms.services import learning_events

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
MAX_ATTEMPTS = 10


def _gradable(link: LtiResourceLink) -> bool:
    """The link has a line item, or the scopes to find or create one in its container."""
    if link.lineitem_url:
        return True
    return bool(link.lineitems_url) and LINEITEM_SCOPE in link.ags_scopes


def _owed(user_id: int, item_id: int) -> list[tuple[LtiResourceLink, LtiIdentity]]:
    """The placements of the item that grade this learner: same platform, a line item."""
    rows = db.session.execute(
        sa.select(LtiResourceLink, LtiIdentity)
        .join(LtiContext, LtiResourceLink.context_id == LtiContext.id)
        .join(LtiIdentity, LtiIdentity.platform_id == LtiContext.platform_id)
        .where(LtiResourceLink.item_id == item_id, LtiIdentity.user_id == user_id,
               sa.or_(LtiResourceLink.lineitem_url != "", LtiResourceLink.lineitems_url != "")))
    return [(link, identity) for link, identity in rows if _gradable(link)]


def queue_score(user_id: int, item_id: int, given: float, maximum: float) -> int:
    """Write the scores owed for this result; returns how many."""
    owed = _owed(user_id, item_id)
    for link, identity in owed:
        db.session.add(LtiScore(resource_link_id=link.id, identity_id=identity.id,
                                score_given=given, score_maximum=maximum,
                                activity_progress="Completed", grading_progress="FullyGraded"))
    if owed:
        db.session.flush()
        if has_request_context():
            @after_this_request
            def _send_after_commit(response):
                send_pending(user_id=user_id)
                return response
    return len(owed)


def _on_quiz_submitted(attempt, user, item, **_):
    queue_score(user.id, item.id, float(attempt.score or 0), 100.0)


def _on_item_completed(item, user, by, **_):
    if by != "quiz":  # a quiz's score was sent by _on_quiz_submitted
        queue_score(user.id, item.id, 1.0, 1.0)


def connect() -> None:
    """Listen to the learning services (called once per app by lms.lti.init_app)."""
    learning_events.quiz_submitted.connect(_on_quiz_submitted)
    learning_events.item_completed.connect(_on_item_completed)


def _grade(score: LtiScore) -> Grade:
    return (Grade().set_score_given(score.score_given).set_score_maximum(score.score_maximum)
            .set_activity_progress(score.activity_progress)
            .set_grading_progress(score.grading_progress)
            .set_user_id(score.identity.sub).set_timestamp(utc_stamp(score.created_at)))


def send(score: LtiScore, connectors: dict[int, ServiceConnector]) -> None:
    """POST one score to its line item; LtiException or requests errors on failure."""
    link = score.resource_link
    platform = link.context.platform
    if platform.id not in connectors:  # one access token per platform and batch
        connectors[platform.id] = ServiceConnector(PlatformRegistration(platform),
                                                   requests_session=TimeoutSession())
    service = AssignmentsGradesService(connectors[platform.id], {
        "scope": link.ags_scopes or [SCORE_SCOPE], "lineitem": link.lineitem_url,
        "lineitems": link.lineitems_url})
    if not link.lineitem_url:  # found by its tag, or created once, then remembered
        link.lineitem_url = service.find_or_create_lineitem(_line_item(link)).get_id() or ""
        if not link.lineitem_url:
            raise LtiException("The platform created a line item without an id.")
    service.put_grade(_grade(score))


def _line_item(link: LtiResourceLink) -> LineItem:
    item = link.item
    return (LineItem().set_label(item.title[:100]).set_tag(f"clusterlearn:{link.id}")
            .set_score_maximum(100 if item.kind_info.graded else 1)
            .set_resource_id(f"{item.course.slug}/{item.slug}")
            .set_resource_link_id(link.resource_link_id))


def send_pending(user_id: int | None = None, limit: int = 200) -> tuple[int, int]:
    """Send unsent scores (oldest first); returns (sent, failed). Commits each outcome."""
    stmt = (sa.select(LtiScore).where(LtiScore.sent_at.is_(None),
                                      LtiScore.attempts < MAX_ATTEMPTS)
            .order_by(LtiScore.id).limit(limit))
    if user_id is not None:
        stmt = stmt.join(LtiIdentity).where(LtiIdentity.user_id == user_id)
    sent = failed = 0
    connectors: dict[int, ServiceConnector] = {}
    for score in db.session.scalars(stmt).all():
        score.attempts += 1
        try:
            send(score, connectors)
        except (LtiException, requests.RequestException, ValueError, KeyError) as error:
            score.last_error = str(error)[:2000]
            failed += 1
        else:
            score.sent_at = utcnow()
            score.last_error = ""
            sent += 1
        db.session.commit()
    return sent, failed


def utc_stamp(moment: datetime) -> str:
    """ISO 8601 with Z, as AGS wants timestamps."""
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
