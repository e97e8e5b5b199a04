"""Finding 1 of issue 15: links in emails come from PUBLIC_BASE_URL, never the Host header."""

import re

import pytest

from config import Config, TestConfig
from lms import create_app
from lms.extensions import db
from lms.services import calendar_feeds
from lms.urls import MissingBaseUrl
from tests.fixtures.mail import sent_mail

BASE = "https://learn.example.org"


@pytest.fixture
def config_overrides():
    # An extra trusted name (a second DNS name of the same site) must not leak into links.
    return {"PUBLIC_BASE_URL": BASE, "EXTRA_TRUSTED_HOSTS": "localhost, alias.example.org",
            "PROXY_FIX": True}


def _link(message) -> str:
    return re.search(r"\S+/account/reset/\S+", message.get_content()).group(0)


def test_forged_host_header_is_refused_and_sends_nothing(client, make_user):
    make_user(email="elena@example.org")
    response = client.post("/account/forgot", data={"email": "elena@example.org"},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert sent_mail() == []


def test_forged_forwarded_host_is_refused(client, make_user):
    make_user(email="elena@example.org")
    response = client.post("/account/forgot", data={"email": "elena@example.org"},
                           headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 400
    assert sent_mail() == []


def test_reset_link_uses_the_public_base_url_whatever_the_host(client, make_user):
    make_user(email="elena@example.org")
    for host in ("localhost", "alias.example.org"):
        response = client.post("/account/forgot", data={"email": "elena@example.org"},
                               headers={"Host": host})
        assert response.status_code == 302
    links = [_link(message) for message in sent_mail()]
    assert len(links) == 2
    assert all(link.startswith(f"{BASE}/account/reset/") for link in links), links


def test_calendar_feed_links_use_the_public_base_url(client, make_user, make_cohort,
                                                     make_session):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    make_session(cohort, title="Kick-off")
    token = calendar_feeds.reset_feed(learner)
    db.session.commit()
    ics = client.get(f"/calendar/{token}.ics", headers={"Host": "alias.example.org"})
    assert ics.status_code == 200
    assert f"{BASE}/cohorts/{cohort.id}#session-" in ics.text.replace("\r\n ", "")
    assert "alias.example.org" not in ics.text


def test_production_settings_without_base_url_refuse_to_start():
    class Production(Config):
        SECRET_KEY = "x" * 32
        PUBLIC_BASE_URL = ""

    with pytest.raises(MissingBaseUrl, match="PUBLIC_BASE_URL"):
        create_app(Production)


def test_tests_and_development_get_a_local_default():
    class Debugging(TestConfig):
        PUBLIC_BASE_URL = ""

    app = create_app(Debugging)
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert "127.0.0.1" in app.config["TRUSTED_HOSTS"]
