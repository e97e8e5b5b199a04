"""Resource link launches end to end, and forged or replayed launches refused."""

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, LtiIdentity, LtiLogin, User
from tests.lti.platform import new_key

INTRO = "/courses/sample/items/basics-intro"


def _people() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_first_launch_provisions_a_signed_in_learner_in_the_context_cohort(
        client, platform, registered, launch):
    response = launch(platform.resource_claims("ana-sub", "basics-intro", name="Ana Sousa"))
    assert response.status_code == 302 and response.headers["Location"] == INTRO
    page = client.get(INTRO)
    assert page.status_code == 200 and "Ana Sousa" in page.text  # signed in, lesson open
    identity = db.session.scalar(sa.select(LtiIdentity).where(LtiIdentity.sub == "ana-sub"))
    user = identity.user
    assert user.role == "learner" and user.email == "ana-sub@platform.example"
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == user.id))
    assert enrolment.cohort.name == "Moodle: Cluster management"
    assert enrolment.cohort.course.slug == "sample"
    # No password works for this account.
    client.delete_cookie("session")
    for password in ("", "!lti"):
        refused = client.post("/account/login", data={"email": user.email, "password": password})
        assert refused.status_code != 302


def test_next_launches_reuse_the_account_and_the_cohort(client, platform, registered, launch):
    launch(platform.resource_claims("ana-sub", "basics-intro"))
    launch(platform.resource_claims("ana-sub", "practice-quiz", link="link-2"))
    launch(platform.resource_claims("ben-sub", "basics-intro"))
    assert _people() == 2
    cohorts = set(db.session.scalars(sa.select(Enrolment.cohort_id)))
    assert len(cohorts) == 1


def test_an_email_from_the_platform_never_opens_an_existing_account(
        client, platform, registered, launch, make_user):
    owner = make_user(email="boss@example.org", role="admin")
    response = launch(platform.resource_claims("attacker", "basics-intro",
                                               email="boss@example.org"))
    assert response.status_code == 302
    identity = db.session.scalar(sa.select(LtiIdentity).where(LtiIdentity.sub == "attacker"))
    assert identity.user_id != owner.id and identity.user.role == "learner"
    assert identity.user.email.endswith("@lti.invalid")
    assert client.get("/admin/users").status_code == 403


def test_a_link_without_content_is_refused_with_a_clear_message(
        client, platform, registered, launch):
    claims = platform.resource_claims("ana-sub", "basics-intro")
    claims.pop("https://purl.imsglobal.org/spec/lti/claim/custom")
    response = launch(claims)
    assert response.status_code == 422 and "Select content" in response.text
    assert _people() == 0


def _refused(response, status, words):
    assert response.status_code == status, response.text
    assert words in response.text, response.text
    assert _people() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LtiIdentity)) == 0


def test_a_token_signed_with_another_key_is_refused(client, platform, registered, launch):
    response = launch(platform.resource_claims("ana-sub", "basics-intro"), key=new_key())
    _refused(response, 403, "Signature verification failed")


def test_a_token_for_another_tool_is_refused(client, platform, registered, launch):
    response = launch(platform.resource_claims("ana-sub", "basics-intro"),
                      aud=["another-tool", platform.client_id + "x"])
    _refused(response, 403, "Registration not found")


def test_an_expired_token_is_refused(client, platform, registered, launch):
    response = launch(platform.resource_claims("ana-sub", "basics-intro"),
                      exp=1_000_000, iat=999_000)
    _refused(response, 403, "Signature has expired")


def test_an_unknown_deployment_is_refused(client, platform, registered, launch):
    response = launch(platform.resource_claims("ana-sub", "basics-intro"),
                      **{"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "other"})
    _refused(response, 403, "Unable to find deployment")


def test_a_replayed_launch_is_refused(client, platform, registered, launch):
    assert launch(platform.resource_claims("ana-sub", "basics-intro")).status_code == 302
    client.delete_cookie("session")
    replay = client.post("/lti/launch", data=launch.last_form)
    assert replay.status_code == 403 and "already used" in replay.text
    assert client.get(INTRO).status_code == 302  # the replay signed nobody in


def test_a_nonce_reused_with_a_fresh_state_is_refused(client, platform, registered, launch):
    launch(platform.resource_claims("ana-sub", "basics-intro"))
    old_token = launch.last_form["id_token"]
    started = client.post("/lti/login", data=platform.login_initiation("ana-sub"))
    _, fresh = platform.authorize(started.headers["Location"], {})
    replay = client.post("/lti/launch", data={"id_token": old_token, "state": fresh["state"]})
    assert replay.status_code == 403 and "nonce" in replay.text


def test_a_launch_with_a_state_the_tool_never_issued_is_refused(client, platform, registered,
                                                                launch):
    launch(platform.resource_claims("ana-sub", "basics-intro"))
    forged = dict(launch.last_form, state="state-made-up")
    response = client.post("/lti/launch", data=forged)
    assert response.status_code == 403 and "unknown state" in response.text


def test_login_initiation_from_an_unknown_platform_is_refused(client, registered):
    response = client.post("/lti/login", data={"iss": "https://evil.example",
                                               "login_hint": "x", "client_id": "y"})
    assert response.status_code == 400 and "registered" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LtiLogin)) == 0


def test_a_launch_without_a_token_is_refused(client, registered):
    response = client.post("/lti/launch", data={"state": "x"})
    assert response.status_code == 400 and "id_token" in response.text


IFRAME = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation":
          {"document_target": "iframe"}}


def test_an_iframe_launch_continues_in_a_new_window_signed_in_once(
        client, platform, registered, launch):
    response = launch({**platform.resource_claims("ana-sub", "basics-intro"), **IFRAME})
    assert response.status_code == 200
    assert f"frame-ancestors 'self' {platform.base}" in \
        response.headers["Content-Security-Policy"]
    link = re.search(r'href="(/lti/continue/[^"]+)" target="_blank"', response.text).group(1)
    assert client.get(INTRO).status_code == 302  # nobody is signed in inside the frame
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"] == INTRO
    assert client.get(INTRO).status_code == 200
    client.delete_cookie("session")
    again = client.get(link)
    assert again.status_code == 400 and "already used" in again.text
    assert client.get(INTRO).status_code == 302


def test_an_iframe_launch_may_be_framed_by_the_pages_it_names(client, platform, registered,
                                                              launch):
    # Hosted Canvas: the issuer is canvas.instructure.com, the page is the school's host.
    presentation = {"document_target": "iframe",
                    "return_url": "https://school.instructure.com/courses/1/external_content"}
    claims = {**platform.resource_claims("ana-sub", "basics-intro"),
              "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": presentation}
    policy = launch(claims).headers["Content-Security-Policy"]
    assert policy.endswith(f"frame-ancestors 'self' {platform.base} https://school.instructure.com")
    assert client.get(INTRO).headers["Content-Security-Policy"].count("frame-ancestors 'none'")


def test_a_deep_linking_request_without_a_return_url_is_refused(client, platform, registered,
                                                                launch):
    claims = platform.deep_linking_claims()
    claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"].pop(
        "deep_link_return_url")
    response = launch(claims)
    assert response.status_code in (403, 422) and "return" in response.text.lower()


def test_a_forged_continue_link_signs_nobody_in(client, registered):
    response = client.get("/lti/continue/forged")
    assert response.status_code == 400 and "expired" in response.text


def test_logins_of_past_days_are_forgotten(client, platform, registered, launch):
    from datetime import timedelta

    from lms.models import utcnow

    launch(platform.resource_claims("ana-sub", "basics-intro"))
    old = db.session.scalar(sa.select(LtiLogin))
    old.created_at = utcnow() - timedelta(days=2)
    old_state = old.state
    db.session.commit()
    client.post("/lti/login", data=platform.login_initiation("ana-sub"))
    states = db.session.scalars(sa.select(LtiLogin.state)).all()
    assert len(states) == 1 and old_state not in states


def test_a_launch_replaces_whoever_was_signed_in(client, auth, platform, registered, launch,
                                                 make_user):
    auth.login(make_user(role="admin", name="Ada Admin"))
    assert client.get("/admin/users").status_code == 200
    launch(platform.resource_claims("ana-sub", "basics-intro", name="Ana Sousa"))
    assert client.get("/admin/users").status_code == 403
    assert "Ana Sousa" in client.get(INTRO).text


def test_odd_claims_from_a_genuine_platform_get_messages_not_errors(client, platform,
                                                                     registered, launch):
    base = platform.resource_claims("ana-sub", "basics-intro")
    odd = [
        {CUSTOM: "course=sample"},
        {CUSTOM: {"course": 1, "item": ["x"]}},
        {CONTEXT: "course-101"},
        {CONTEXT: {"id": 7}},
        {LINK: None},
        {"sub": "x" * 300},
    ]
    for change in odd:
        response = launch({**base, **change})
        assert response.status_code in (403, 422), (change, response.status_code)
        assert "could not open this link" in response.text
    assert _people() == 0
    # An email that is not a string, a name that is a list: ignored, the launch goes through.
    response = launch({**base, "email": 5, "name": ["Ana"],
                       "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": "nonsense"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User.name)) == "Learner"


CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"
CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
LINK = "https://purl.imsglobal.org/spec/lti/claim/resource_link"


def test_a_platform_whose_keyset_cannot_be_fetched_gets_a_clear_refusal(
        client, platform, registered, launch):
    registered.jwks_url = platform.base + "/no-such-keyset"
    db.session.commit()
    response = launch(platform.resource_claims("ana-sub", "basics-intro"))
    assert response.status_code == 403 and "key set is malformed" in response.text
    assert _people() == 0
