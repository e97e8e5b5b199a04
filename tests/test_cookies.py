"""Cookies carry the production flags: Secure, HttpOnly, SameSite."""

import pytest

from config import Config
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"SESSION_COOKIE_SECURE": Config.SESSION_COOKIE_SECURE,
            "REMEMBER_COOKIE_SECURE": Config.REMEMBER_COOKIE_SECURE}


def test_production_defaults_are_secure():
    assert Config.SESSION_COOKIE_SECURE and Config.REMEMBER_COOKIE_SECURE


def test_session_and_remember_cookies_have_safe_flags(client, make_user):
    user = make_user()
    response = client.post("/account/login", base_url="https://localhost",
                           data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("session=", "remember_token="):
        [cookie] = [c for c in cookies if c.startswith(name)]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
