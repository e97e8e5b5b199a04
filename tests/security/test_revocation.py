"""A signed-out or demoted session is refused on every page, whatever Redis does.

The session check reads the database, the authority, on every request, and no page comes from
a cache: so revocation never waits for a cache write. Each case runs with a throwaway
redis-server behind the app's Redis-backed rate limiter, answering, stalled (SIGSTOP: it
accepts connections and never replies) or gone, and the revocation happens while it is so.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from flask import url_for

from tests.fixtures.factories import PASSWORD
from tests.security.test_access_matrix import RULES, _matches, _tokens

REDIS_STATES = ("up", "stalled", "down")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own on a free port; the test may stop or kill it."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=1).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("the throwaway redis-server did not start")
            time.sleep(0.05)
    yield process, url
    process.send_signal(signal.SIGCONT)  # a stopped process cannot act on SIGTERM
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def config_overrides(redis_server, tool_plugin):
    """Rate limits on, kept in the throwaway Redis, as production keeps them in Redis; the
    workbook routes' tool plugin on, as in the access matrix."""
    _, url = redis_server
    # A bounded wait, so a page that did touch a stalled Redis fails instead of hanging.
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": url, "TOOL_ENTRY_POINTS": True,
            "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}}


def _put_redis(state: str, process: subprocess.Popen) -> None:
    if state == "stalled":
        process.send_signal(signal.SIGSTOP)
    elif state == "down":
        process.kill()
        process.wait(timeout=10)


def _get_pages(app, world) -> list[tuple[str, str, dict[str, str]]]:
    """Every GET route of the URL map: endpoint, URL and the answer per person."""
    pages = []
    for rule in app.url_map.iter_rules():
        spec = RULES[rule.endpoint]
        if rule.endpoint == "main.readyz":
            continue  # its answer is Redis's state by design (tests/test_redis_down.py)
        if "GET" in rule.methods and spec.get:
            with app.test_request_context():
                url = url_for(rule.endpoint, **spec.args(world), **spec.query(world))
            pages.append((rule.endpoint, url, _tokens(spec.get)))
    return pages


def _mismatches(client, pages, expected) -> list[str]:
    """GET each page; list those whose answer is not `expected(tokens)`."""
    failures = []
    for endpoint, url, tokens in pages:
        token = expected(tokens)
        response = client.get(url)
        if not _matches(token, response):
            failures.append(f"GET {endpoint} {url}: expected {token}, got "
                            f"{response.status_code} {response.headers.get('Location', '')}")
        response.close()
    return failures


@pytest.mark.parametrize("redis_state", REDIS_STATES)
@pytest.mark.parametrize("person", ["learner_a", "trainer_a", "admin"])
def test_a_session_signed_out_elsewhere_is_refused_on_every_page(
        app, client, workbook_world, redis_server, redis_state, person):
    w = workbook_world
    user = getattr(w, person)
    other_device = app.test_client()
    for browser in (client, other_device):
        assert browser.post("/account/login", data={
            "email": user.email, "password": PASSWORD}).status_code == 302
    pages = _get_pages(app, w)
    assert not _mismatches(client, pages, lambda tokens: tokens[person]), "works before"

    _put_redis(redis_state, redis_server[0])
    assert other_device.post("/account/logout").status_code == 302  # "sign out everywhere"

    failures = _mismatches(client, pages, lambda tokens: tokens["anon"])
    assert not failures, f"Redis {redis_state}: the old session still works:\n" + \
        "\n".join(failures)


@pytest.mark.parametrize("redis_state", REDIS_STATES)
def test_a_demoted_trainer_is_refused_on_every_trainer_page(
        app, client, workbook_world, redis_server, redis_state):
    w = workbook_world
    admin = app.test_client()
    for browser, user in ((client, w.trainer_a), (admin, w.admin)):
        assert browser.post("/account/login", data={
            "email": user.email, "password": PASSWORD}).status_code == 302
    pages = _get_pages(app, w)

    # Pages a trainer reaches by role and a learner never does. The cohort's quiz report and
    # reflection list are left to the access matrix: they follow the trainer's assignment as
    # well as the role.
    by_assignment = {"quiz.cohort_report", "quiz.cohort_reflections"}
    trainer_pages = [(endpoint, url, tokens) for endpoint, url, tokens in pages
                     if tokens["trainer_a"] == "200" and tokens["learner_a"] in ("403", "4xx")
                     and endpoint not in by_assignment]
    assert len(trainer_pages) >= 10
    assert not _mismatches(client, trainer_pages, lambda tokens: "200")

    _put_redis(redis_state, redis_server[0])
    response = admin.post(f"/admin/users/{w.trainer_a.id}/role", data={"role": "learner"})
    assert response.status_code == 302

    failures = _mismatches(client, trainer_pages, lambda tokens: "4xx")  # the same session
    assert not failures, f"Redis {redis_state}: the demoted trainer still gets in:\n" + \
        "\n".join(failures)
