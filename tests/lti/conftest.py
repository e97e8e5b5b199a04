"""Fixtures of the LTI tests: a running platform, registered in ClusterLearn."""

from urllib.parse import urlsplit

import pytest

from lms.extensions import db
from lms.models import LtiPlatform
from tests.lti.platform import Platform


@pytest.fixture
def platform():
    """A running LTI 1.3 platform (its own HTTP server); stopped after the test."""
    running = Platform()
    yield running
    running.close()


@pytest.fixture
def registered(app_ctx, client, platform, load_sample_package):
    """The platform registered in ClusterLearn as an admin would, and the tool's JWKS
    fetched from the app by the platform (the sample course is there to be placed)."""
    load_sample_package()
    row = LtiPlatform(name="Moodle", issuer=platform.issuer, client_id=platform.client_id,
                      auth_login_url=platform.auth_login_url,
                      auth_token_url=platform.token_url, jwks_url=platform.jwks_url,
                      deployment_ids=platform.deployment_id)
    db.session.add(row)
    db.session.commit()
    platform.tool_jwks = client.get("/lti/jwks").get_json()
    return row


@pytest.fixture
def launch(client, platform):
    """Run a launch through the app: login initiation, authorization, id_token form post.
    launch(claims, **id_token_overrides) returns the launch POST's response."""

    def run(claims: dict, key=None, kid=None, **overrides):
        started = client.post("/lti/login", data=platform.login_initiation(claims["sub"]))
        assert started.status_code == 302, started.text
        redirect_uri, form = platform.authorize(started.headers["Location"], claims, key=key,
                                                kid=kid, **overrides)
        run.last_form = form
        return client.post(urlsplit(redirect_uri).path, data=form)

    return run
