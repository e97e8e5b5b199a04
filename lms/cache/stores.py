"""Key-value stores behind the cache: Redis, an in-process dict, or nothing.

Every Redis error is logged and answered as a miss: the app then reads the database, so an
unreachable cache makes pages slower, never wrong or broken.
"""

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

log = logging.getLogger(__name__)


def new_token() -> bytes:
    """A fresh version token: random, so a token lost from the store is never reissued."""
    return secrets.token_hex(8).encode()


class Store:
    """The interface, and the store that keeps nothing (caching off)."""

    enabled = False

    def get(self, key: str) -> bytes | None:
        return None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        return None

    def tokens(self, names: list[str]) -> list[bytes]:
        """The current version token of each name, creating the missing ones."""
        return [b"0"] * len(names)

    def renew(self, names: Iterable[str]) -> None:
        """Give each name a new token, so everything keyed by the old one is stale."""
        return None


NullStore = Store


class LocalCopies:
    """Entries kept in this process: expiring, least recently used out first, within a
    budget of bytes."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._size = 0
        self._entries: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value, expires = self._entries.get(key, (None, 0.0))
            if value is None or expires <= time.monotonic():
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, expires: float) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            self._size += len(value) - (len(old[0]) if old else 0)
            self._entries[key] = (value, expires)
            while self._size > self._budget and len(self._entries) > 1:
                _, (dropped, _) = self._entries.popitem(last=False)
                self._size -= len(dropped)


class MemoryStore(Store):
    """One process's memory: for tests and a single-process development server."""

    enabled = True

    def __init__(self, budget: int = 64 << 20) -> None:
        self._entries = LocalCopies(budget)
        self._tokens: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._entries.get(key)

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self._entries.set(key, value, time.monotonic() + ttl)

    def tokens(self, names: list[str]) -> list[bytes]:
        with self._lock:
            return [self._tokens.setdefault(name, new_token()) for name in names]

    def renew(self, names: Iterable[str]) -> None:
        with self._lock:
            self._tokens.update((name, new_token()) for name in names)


class RedisStore(Store):
    """Redis shared by every app instance; keys carry a prefix so it can share a server.

    Entries are also copied into this process: they are keyed by version tokens and never
    change once written, so a copy is as good as the original, and a page or user read again
    costs one round trip, for the tokens."""

    enabled = True

    def __init__(self, url: str, prefix: str, local_budget: int = 32 << 20) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = prefix
        self._errors = redis.RedisError
        self._local = LocalCopies(local_budget)

    def get(self, key: str) -> bytes | None:
        value = self._local.get(key)
        if value is not None:
            return value
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.get(self._prefix + key)
            pipe.pttl(self._prefix + key)
            value, ttl_ms = pipe.execute()
        except self._errors as error:
            log.warning("cache get failed: %s", error)
            return None
        if value is not None and ttl_ms > 0:
            self._local.set(key, value, time.monotonic() + ttl_ms / 1000)
        return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self._local.set(key, value, time.monotonic() + ttl)
        try:
            self._redis.set(self._prefix + key, value, ex=ttl)
        except self._errors as error:
            log.warning("cache set failed: %s", error)

    def tokens(self, names: list[str]) -> list[bytes]:
        keys = [f"{self._prefix}v:{n}" for n in names]
        try:
            found = self._redis.mget(keys)
            if None in found:  # first use, or evicted: create, keeping a token set meanwhile
                pipe = self._redis.pipeline(transaction=False)
                for key, value in zip(keys, found, strict=True):
                    if value is None:
                        pipe.set(key, new_token(), nx=True)
                pipe.execute()
                found = self._redis.mget(keys)
            return found
        except self._errors as error:
            log.warning("cache tokens failed: %s", error)
            return [new_token() for _ in names]  # unique: nothing is read, nothing shared

    def renew(self, names: Iterable[str]) -> None:
        try:
            pipe = self._redis.pipeline(transaction=False)
            for name in names:
                pipe.set(f"{self._prefix}v:{name}", new_token())
            pipe.execute()
        except self._errors as error:
            log.error("cache invalidation failed, entries stay stale up to their TTL: %s",
                      error)


def make_store(url: str, prefix: str) -> Store:
    """redis://… shares the cache between instances; memory:// is per process; empty is off."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url, prefix)
    if url == "memory://":
        return MemoryStore()
    if url:
        raise ValueError(f"CACHE_URL must be redis://…, memory:// or empty, not {url!r}")
    return NullStore()
