"""Request rate limits on /graphql, per signed-in party (user or API token), per tenant (all
its users and tokens together) and per address; every answer to a signed-in party says where it
stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset`).

Fixed one-minute windows counted in Redis by one Lua script (INCR and the window's expiry in
one step), so that concurrent requests on several API processes are counted exactly: of 100
simultaneous requests against a limit of 60, exactly 60 pass. Without Redis (the embedded
setup: one process) the same counts are kept in memory under a lock. The Redis call is awaited
(redis.asyncio): a request waiting for its count never holds the event loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

WINDOW_MS = 60_000
CONNECTIONS = 32  # Redis connections of one API process's limiter (each call takes ~0.2 ms)
POOL_WAIT_S = 5.0  # how long a request waits for one of them

log = logging.getLogger(__name__)

# KEYS[1]: the counter; ARGV[1]: the window in ms. Returns {count, ms left in the window}.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {count, left}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: int = 0  # whole seconds until the window ends (for Retry-After)
    limit: int = 0  # the window's limit (0: not counted)
    remaining: int = 0  # requests left in the window
    reset_s: int = 0  # whole seconds until the window ends

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds), told on every answer."""
        if not self.limit:
            return []
        return [
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(self.remaining).encode()),
            (b"x-ratelimit-reset", str(self.reset_s).encode()),
        ]


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> Verdict:
        """Count one request against `key`; refused past `limit` in the current window."""
        ...


class RedisLimiter:
    """Counters shared by every API process (an asyncio client: one event loop uses it).

    Its connections come from a blocking pool of `CONNECTIONS`: a deadline day's hundreds of
    requests in flight wait a moment for one instead of failing (redis-py's own pool refuses
    past 100). When Redis cannot answer at all the request is let through and the failure
    logged: a missing count must not turn every request into an error.
    """

    def __init__(self, client: Any, namespace: str) -> None:
        self.client = client
        self.prefix = f"{namespace}:rate:"
        self.script = client.register_script(_HIT)

    async def hit(self, key: str, limit: int) -> Verdict:
        from redis.exceptions import RedisError

        try:
            count, left = await self.script(keys=[self.prefix + key], args=[WINDOW_MS])
        except (RedisError, OSError) as error:
            log.warning("rate limit not counted (Redis: %s); the request goes on", error)
            return Verdict(True)
        return _verdict(int(count), int(left), limit)


class MemoryLimiter:
    """Counters of this process (the embedded setup runs one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.windows: dict[str, tuple[float, int]] = {}
        self.lock = threading.Lock()

    async def hit(self, key: str, limit: int) -> Verdict:
        return self.count(key, limit)

    def count(self, key: str, limit: int) -> Verdict:
        """`hit` without the coroutine: safe from any thread."""
        now = self.clock()
        with self.lock:
            if len(self.windows) > 100_000:  # forget ended windows now and then
                self.windows = {k: w for k, w in self.windows.items() if w[0] > now}
            ends, count = self.windows.get(key, (0.0, 0))
            if ends <= now:
                ends, count = now + WINDOW_MS / 1000, 0
            count += 1
            self.windows[key] = (ends, count)
        return _verdict(count, int((ends - now) * 1000), limit)


def _verdict(count: int, left_ms: int, limit: int) -> Verdict:
    reset = max(1, -(-left_ms // 1000))
    remaining = max(0, limit - count)
    if count <= limit:
        return Verdict(True, limit=limit, remaining=remaining, reset_s=reset)
    return Verdict(False, reset, limit=limit, remaining=0, reset_s=reset)


def make_limiter(redis_url: str | None, namespace: str) -> Limiter:
    """Redis when the deployment has it (several processes), else this process's memory."""
    if redis_url is None:
        return MemoryLimiter()
    from redis import asyncio as aioredis

    pool = aioredis.BlockingConnectionPool.from_url(
        redis_url, max_connections=CONNECTIONS, timeout=POOL_WAIT_S
    )
    return RedisLimiter(aioredis.Redis(connection_pool=pool), namespace)
