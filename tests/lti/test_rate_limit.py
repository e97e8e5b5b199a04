"""Login initiation writes a row for an anonymous request, so it is rate limited."""

import pytest


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": True, "LTI_LOGIN_RATE_LIMIT": "3 per minute"}


def test_login_initiation_is_rate_limited(client, platform, registered):
    answers = [client.post("/lti/login", data=platform.login_initiation("ana-sub")).status_code
               for _ in range(4)]
    assert answers == [302, 302, 302, 429]
