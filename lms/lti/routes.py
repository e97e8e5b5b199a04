"""The LTI 1.3 endpoints platforms call: login initiation, launch, JWKS, deep linking.

CSRF: the platform's form POSTs cannot carry our CSRF token, so these views are exempt from
Flask-WTF's check. They are verified instead by what LTI defines: a launch must carry a state
this tool issued at login (one use, ten minutes) and an id_token signed by the platform's key
whose nonce is that state's nonce; a deep-linking selection must carry the signed token the
deep-linking launch page was rendered with.
"""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_user
from itsdangerous import BadSignature
from pylti1p3.contrib.flask import FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException

from lms.extensions import csrf, db, limiter
from lms.lti import deep_linking, handoff, keys, launches
from lms.lti.tool import Launch, LoginStore, TimeoutSession, ToolConf, find_platform
from lms.models import LtiPlatform
from lms.services.errors import DomainError
from lms.urls import public_url

bp = Blueprint("lti", __name__, url_prefix="/lti")
SELECTION_MAX_AGE = 60 * 60  # seconds a teacher has to pick content after the launch


def _refused(message: str, status: int = 403):
    db.session.rollback()
    current_app.logger.info("LTI refused: %s", message)
    return render_template("lti/refused.html", message=message), status


def _start_session(user) -> None:
    """A fresh session for the launched person: nothing of a previous session carries over
    (another person may have been signed in in this browser)."""
    session.clear()
    login_user(user)


def _flask_request() -> FlaskRequest:
    # Launch parameters come in the form or the query; never from a cookie or the session.
    data = request.form if request.method == "POST" else request.args
    return FlaskRequest(cookies={}, session={}, request_data=data.to_dict())


def _login_limit() -> str:
    # Per client address: generous, since a school's learners may share one NAT address
    # and start the same activity together; it caps rows written by anonymous requests.
    return current_app.config.get("LTI_LOGIN_RATE_LIMIT", "300 per minute")


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(_login_limit)
def login():
    """OIDC login initiation: send the browser to the platform with a new state and nonce."""
    store = LoginStore()
    oidc = FlaskOIDCLogin(_flask_request(), ToolConf(), session_service=store,
                          cookie_service=store)
    try:
        target = oidc.get_redirect_object(public_url("lti.launch"))
    except OIDCException as error:
        return _refused(f"The login initiation was refused: {error}. Check that the platform "
                        "is registered in ClusterLearn with this issuer and client id.", 400)
    params = _flask_request()
    store.record(find_platform(params.get_param("iss"), params.get_param("client_id")).id)
    db.session.commit()
    return redirect(target.get_redirect_url())


@bp.post("/launch")
@csrf.exempt
def launch():
    """The platform's id_token arrives: verify it, then sign in or show the content picker."""
    if not request.form.get("id_token") or not request.form.get("state"):
        return _refused("The launch needs an id_token and a state (OIDC form post).", 400)
    store = LoginStore(request.form["state"])
    message = Launch(_flask_request(), ToolConf(), session_service=store, cookie_service=store,
                     requests_session=TimeoutSession())
    try:
        claims = message.get_launch_data()
    except LtiException as error:
        return _refused(f"The launch was refused: {error}")
    if message.is_deep_link_launch():
        try:
            token = deep_linking.start(message.platform, claims)
        except DomainError as error:
            return _refused(error.message, error.status)
        db.session.commit()
        return deep_linking.in_platform_frame(
            render_template("lti/select.html", token=token, choices=deep_linking.choices(),
                            platform=message.platform),
            message.platform, claims[deep_linking.SETTINGS]["deep_link_return_url"])
    if not message.is_resource_launch():
        return _refused("ClusterLearn answers resource link and deep linking launches only.",
                        400)
    try:
        user, item = launches.resource_launch(message.platform, claims)
    except DomainError as error:
        return _refused(error.message, error.status)
    db.session.commit()
    target = url_for("learn.item", slug=item.course.slug, item_slug=item.slug)
    if handoff.in_frame(claims):
        return deep_linking.in_platform_frame(render_template(
            "lti/open.html", item=item, url=handoff.link(user, request.form["state"], target)),
            message.platform, *handoff.platform_pages(claims))
    _start_session(user)
    return redirect(target)


@bp.get("/continue/<token>")
def continue_in_window(token: str):
    """An iframe launch's link, opened in a new window: sign in there and open the lesson."""
    try:
        user, target = handoff.spend(token)
    except DomainError as error:
        return _refused(error.message, error.status)
    db.session.commit()
    _start_session(user)
    return redirect(target)


@bp.get("/jwks")
def jwks():
    """The tool's public keys (current and previous), for platforms to verify its JWTs."""
    key_set = keys.jwks()
    db.session.commit()  # the first call creates the first key
    response = jsonify(key_set)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.post("/deep-link")
@csrf.exempt
def deep_link():
    """The teacher's choice goes back to the platform as a signed deep-linking response."""
    try:
        settings = deep_linking.serializer().loads(request.form.get("token", ""),
                                       max_age=SELECTION_MAX_AGE)
    except BadSignature:
        return _refused("This content selection expired or was not started by a platform. "
                        "Open “Select content” in the platform again.", 400)
    platform = db.session.get(LtiPlatform, settings["platform_id"])
    if platform is None:
        return _refused("That platform is no longer registered in ClusterLearn.", 404)
    try:
        response_jwt = deep_linking.respond(platform, settings, request.form.getlist("item"))
    except DomainError as error:  # the picker again, in the platform's dialog, with why
        db.session.rollback()
        page = render_template("lti/select.html", token=request.form["token"],
                               choices=deep_linking.choices(), platform=platform,
                               error=error.message)
        return deep_linking.in_platform_frame(page, platform, settings["return_url"]), \
            error.status
    db.session.commit()
    return deep_linking.in_platform_frame(render_template(
        "lti/return.html", action=settings["return_url"], jwt=response_jwt),
        platform, settings["return_url"])
