"""Login, registration and reset are rate-limited per client address."""

import pytest


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}


def test_login_is_rate_limited(client):
    statuses = [client.post("/account/login", data={"email": "x@example.org",
                                                    "password": "wrong"}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert "Too many attempts" in client.post("/account/login", data={}).text


def test_reset_and_registration_are_rate_limited(client):
    for url in ("/account/forgot", "/account/register"):
        statuses = [client.post(url, data={"email": "x@example.org"}).status_code
                    for _ in range(4)]
        assert statuses[-1] == 429, url
