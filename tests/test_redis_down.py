"""Finding 5 of issue 15: with Redis down, people still sign in (the rate limiter counts in
memory) and readiness names what is down; run against a throwaway redis-server."""

import shutil
import subprocess
import time

import pytest
import redis

from tests.fixtures.smtp import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """A redis-server on a free port, without persistence, that a test can kill."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="module")
def redis_server():
    if not shutil.which(REDIS_SERVER):
        pytest.fail(f"redis-server is needed at {REDIS_SERVER} (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def config_overrides(redis_server):
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": redis_server.url,
            "RATELIMIT_KEY_PREFIX": f"test-{time.monotonic_ns()}",
            "LOGIN_RATE_LIMIT": "3 per minute"}


def _login(client) -> int:
    return client.post("/account/login", data={"email": "x@example.org",
                                               "password": "wrong"}).status_code


def test_sign_in_works_and_is_still_limited_while_redis_is_down(client, redis_server):
    assert client.get("/readyz").json == {"status": "ok", "database": "ok", "redis": "ok"}
    assert _login(client) == 422  # counted in Redis
    redis_server.stop()
    try:
        assert [_login(client) for _ in range(4)] == [422, 422, 422, 429]  # in memory now
        for url in ("/account/register", "/account/forgot"):
            assert client.post(url, data={"email": "x@example.org"}).status_code in (302, 422)
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json == {"status": "unavailable", "database": "ok", "redis": "unreachable"}
        assert client.get("/healthz").status_code == 200
    finally:
        redis_server.start()
    assert client.get("/readyz").json["redis"] == "ok"
