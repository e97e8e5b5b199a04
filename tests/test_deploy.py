"""Two app instances behind one PostgreSQL and one Redis share sessions and rate limits."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig, database_url
from lms import create_app
from lms.extensions import db
from lms.models import Cohort, Course, Enrolment
from lms.services import accounts
from tests.fixtures.content import SAMPLE, import_package

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PG_URL = database_url(os.environ.get("TEST_DATABASE_URL"))

pytestmark = pytest.mark.skipif(
    not PG_URL.startswith("postgresql"),
    reason="runs in the PostgreSQL pass of the suite (set TEST_DATABASE_URL to PostgreSQL)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shared_database(fresh_database_url):
    """A fresh PostgreSQL database, migrated, with one user in it."""

    class Deploy(TestConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url

    app = create_app(Deploy)
    with app.app_context():
        upgrade()
        anna = accounts.register_user(email="anna@example.org", name="Anna",
                                      password="a long password")
        import_package(SAMPLE)
        course = db.session.scalar(sa.select(Course).where(Course.slug == "sample"))
        cohort = Cohort(course_id=course.id, name="Copenhagen")
        db.session.add(cohort)
        db.session.flush()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=anna.id))
        db.session.commit()
        db.engine.dispose()
    return fresh_database_url


@pytest.fixture
def two_instances(shared_database):
    """Two gunicorn servers with the same secret key, database and Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}")
    env = {**os.environ, "DATABASE_URL": shared_database, "SECRET_KEY": uuid.uuid4().hex,
           "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
           "LOGIN_RATE_LIMIT": "4 per minute", "COOKIE_SECURE": "0", "WEB_CONCURRENCY": "1",
           "PUBLIC_BASE_URL": "http://127.0.0.1"}
    ports = [_free_port(), _free_port()]
    servers = [subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, server in zip(bases, servers, strict=True):
            _wait_until_up(base, server)
        yield bases
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
            server.stderr.close()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode())
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):  # refused or timed out while starting
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, url: str) -> str:
        """The CSRF token of a form on the page."""
        _, page = self.request(url)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def login(self, base: str, password: str) -> int:
        return self.request(base + "/account/login", {
            "csrf_token": self.token(base + "/account/login"), "email": "anna@example.org",
            "password": password})[0]


def test_session_from_one_instance_works_on_the_other(two_instances):
    first, second = two_instances
    browser = Browser()
    assert browser.login(first, "a long password") == 302
    status, page = browser.request(second + "/learn")
    assert status == 200 and "Welcome, Anna" in page


def test_login_rate_limit_is_shared_between_instances(two_instances):
    first, second = two_instances
    browser = Browser()
    statuses = [browser.login(base, "wrong password") for base in (first, second, first, second)]
    assert statuses == [422, 422, 422, 422]
    assert browser.login(first, "wrong password") == 429
    assert browser.login(second, "a long password") == 429


LESSON = "/courses/sample/items/basics-intro"


def test_signing_out_on_one_instance_ends_the_session_on_the_other(two_instances):
    first, second = two_instances
    browser, stolen = Browser(), Browser()
    browser.login(first, "a long password")
    for cookie in browser.jar:
        stolen.jar.set_cookie(cookie)  # the same session, kept elsewhere
    for _ in range(3):
        assert stolen.request(second + LESSON)[0] == 200
    assert browser.request(first + "/account/logout",
                           {"csrf_token": browser.token(first + LESSON)})[0] == 302
    assert stolen.request(second + LESSON)[0] == 302
