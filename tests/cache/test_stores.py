"""The cache on Redis, as production runs it, and with Redis gone."""

import os
import time
import uuid

import pytest
import redis

from lms.cache.stores import LocalCopies, make_store

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LESSON = "/courses/sample/items/basics-intro"


@pytest.fixture
def learner(make_user, make_cohort, login_as):
    sofia = make_user(name="Sofia Kowalska")
    make_cohort(learners=[sofia])
    return login_as(user=sofia)


@pytest.fixture
def on_redis():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}:"
    yield {"CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


class TestOnRedis:
    @pytest.fixture
    def config_overrides(self, on_redis):
        return on_redis

    def test_repeat_view_needs_no_query_and_a_change_shows(self, client, learner,
                                                           count_queries):
        for _ in range(2):
            client.get(LESSON)
        with count_queries() as counter:
            assert "You marked this as done" not in client.get(LESSON).text
        assert counter.count == 0, counter.statements
        client.post(f"{LESSON}/done")
        client.get(LESSON)  # the flash
        assert "You marked this as done" in client.get(LESSON).text

    def test_pages_are_kept_in_redis_under_the_prefix(self, client, learner, on_redis):
        for _ in range(2):
            client.get(LESSON)
        keys = redis.Redis.from_url(REDIS_URL).keys(f"{on_redis['CACHE_KEY_PREFIX']}page:*")
        assert keys  # shared with the other instances, not only in this process


class TestWithRedisGone:
    @pytest.fixture
    def config_overrides(self):
        return {"CACHE_URL": "redis://127.0.0.1:9/0"}  # nothing listens on the discard port

    def test_pages_still_work_and_show_changes(self, client, learner, caplog):
        assert client.get(LESSON).status_code == 200
        client.post(f"{LESSON}/done")
        client.get(LESSON)
        assert "You marked this as done" in client.get(LESSON).text
        assert "cache tokens failed" in caplog.text


def test_an_unknown_cache_url_is_refused():
    with pytest.raises(ValueError, match="CACHE_URL"):
        make_store("memcached://127.0.0.1", "lms:")


def test_local_copies_keep_within_their_budget_and_drop_the_oldest():
    copies = LocalCopies(budget=10)
    far = time.monotonic() + 60
    copies.set("a", b"123456", far)
    copies.set("b", b"123456", far)
    assert copies.get("a") is None and copies.get("b") == b"123456"


def test_local_copies_do_not_serve_expired_entries():
    copies = LocalCopies(budget=100)
    copies.set("a", b"old", time.monotonic() - 1)
    assert copies.get("a") is None
