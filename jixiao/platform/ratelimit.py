"""Request rate limits on /graphql, per signed-in party (user or API token), per tenant (all
its users and tokens together) and per address, and query cost budgets per party and per tenant;
every answer to a signed-in party says where it stands (`X-RateLimit-Limit`, `-Remaining`,
`-Reset`; `X-Query-Cost`, `X-QueryCost-Limit`, `-Remaining`, `-Reset`).

Fixed one-minute windows counted in Redis by Lua scripts (INCR and the window's expiry in one
step), so that concurrent requests on several API processes are counted exactly: of 100
simultaneous requests against a limit of 60, exactly 60 pass. A signed-in party's request is
counted in one call (`charge`): its request windows, then its cost budgets, which take the
request's cost only if it fits in every one of them (a refused request spends no budget).
Without Redis (the embedded setup: one process) the same counts are kept in memory under a
lock. The Redis call is awaited (redis.asyncio): a request waiting for its count never holds
the event loop.
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
# KEYS: request windows, then cost budgets. ARGV[1]: the window in ms; ARGV[2]: how many of
# KEYS are request windows; ARGV[3]: the cost; then each key's limit. Each request window is
# counted in turn, up to the first one past its limit; then, if every request window let it
# through, the cost is added to every budget if it fits in each of them. Returns {count, ms
# left} of each window counted and each budget, then 1 if the cost fitted (0 if not).
_CHARGE = """
local window = tonumber(ARGV[1])
local windows = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local out = {}
for i = 1, windows do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], window) end
  local left = redis.call('PTTL', KEYS[i])
  if left < 0 then redis.call('PEXPIRE', KEYS[i], window); left = window end
  table.insert(out, count)
  table.insert(out, left)
  if count > tonumber(ARGV[3 + i]) then return out end
end
local fits = 1
local spent = {}
for i = windows + 1, #KEYS do
  spent[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  if spent[i] + cost > tonumber(ARGV[3 + i]) then fits = 0 end
end
for i = windows + 1, #KEYS do
  local total = spent[i]
  if fits == 1 and cost > 0 then total = redis.call('INCRBY', KEYS[i], cost) end
  local left = redis.call('PTTL', KEYS[i])
  if left == -1 then redis.call('PEXPIRE', KEYS[i], window) end
  if left < 0 then left = window end
  table.insert(out, total)
  table.insert(out, left)
end
table.insert(out, fits)
return out
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

    def cost_headers(self) -> list[tuple[bytes, bytes]]:
        """The same of a cost budget: `X-QueryCost-Limit`, `-Remaining` and `-Reset`."""
        if not self.limit:
            return []
        return [
            (b"x-querycost-limit", str(self.limit).encode()),
            (b"x-querycost-remaining", str(self.remaining).encode()),
            (b"x-querycost-reset", str(self.reset_s).encode()),
        ]


@dataclass(frozen=True)
class Standing:
    """A party's request as counted by `charge`: a verdict per request window counted (up to
    the first that refused it) and, if none refused it, per cost budget (all refuse alike:
    the cost is taken by all of them or by none)."""

    windows: list[Verdict]
    budgets: list[Verdict]


Window = tuple[str, int]  # a key and its limit


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> Verdict:
        """Count one request against `key`; refused past `limit` in the current window."""
        ...

    async def charge(self, windows: list[Window], budgets: list[Window], cost: int) -> Standing:
        """Count one request against each of `windows` in turn (up to the first that refuses
        it); then, if none refused it, take `cost` from every one of `budgets` if it fits in
        each (refused by all of them, spending nothing, if not)."""
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
        self.charging = client.register_script(_CHARGE)

    async def hit(self, key: str, limit: int) -> Verdict:
        from redis.exceptions import RedisError

        try:
            count, left = await self.script(keys=[self.prefix + key], args=[WINDOW_MS])
        except (RedisError, OSError) as error:
            log.warning("rate limit not counted (Redis: %s); the request goes on", error)
            return Verdict(True)
        return _verdict(int(count), int(left), limit)

    async def charge(self, windows: list[Window], budgets: list[Window], cost: int) -> Standing:
        from redis.exceptions import RedisError

        counters = [*windows, *budgets]
        try:
            answer = await self.charging(
                keys=[self.prefix + key for key, _ in counters],
                args=[WINDOW_MS, len(windows), cost, *(limit for _, limit in counters)],
            )
        except (RedisError, OSError) as error:
            log.warning("rate limit not counted (Redis: %s); the request goes on", error)
            return Standing([], [])
        numbers = [int(n) for n in answer]
        counted = [
            _verdict(numbers[2 * i], numbers[2 * i + 1], limit)
            for i, (_, limit) in enumerate(windows[: len(numbers) // 2])
        ]
        if len(counted) < len(windows) or not all(v.allowed for v in counted):
            return Standing(counted, [])
        fits = bool(numbers[-1])
        start = 2 * len(windows)
        return Standing(
            counted,
            [
                _budget(numbers[start + 2 * i], numbers[start + 2 * i + 1], limit, fits)
                for i, (_, limit) in enumerate(budgets)
            ],
        )


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
            self._forget(now)
            count, ends = self._add(key, 1, now)
        return _verdict(count, int((ends - now) * 1000), limit)

    async def charge(self, windows: list[Window], budgets: list[Window], cost: int) -> Standing:
        return self.count_charge(windows, budgets, cost)

    def count_charge(self, windows: list[Window], budgets: list[Window], cost: int) -> Standing:
        """`charge` without the coroutine: safe from any thread."""
        now = self.clock()
        counted: list[Verdict] = []
        with self.lock:
            self._forget(now)
            for key, limit in windows:
                count, ends = self._add(key, 1, now)
                counted.append(_verdict(count, int((ends - now) * 1000), limit))
                if not counted[-1].allowed:
                    return Standing(counted, [])
            spent = [self._add(key, 0, now) for key, _ in budgets]
            fits = all(
                used + cost <= limit for (used, _), (_, limit) in zip(spent, budgets, strict=True)
            )
            if fits and cost > 0:
                spent = [self._add(key, cost, now) for key, _ in budgets]
        return Standing(
            counted,
            [
                _budget(used, int((ends - now) * 1000), limit, fits)
                for (used, ends), (_, limit) in zip(spent, budgets, strict=True)
            ],
        )

    def _forget(self, now: float) -> None:
        if len(self.windows) > 100_000:  # forget ended windows now and then
            self.windows = {k: w for k, w in self.windows.items() if w[0] > now}

    def _add(self, key: str, amount: int, now: float) -> tuple[int, float]:
        """The key's count after adding `amount` (0: read it) and when its window ends."""
        ends, count = self.windows.get(key, (0.0, 0))
        if ends <= now:
            ends, count = now + WINDOW_MS / 1000, 0
        if amount:
            count += amount
            self.windows[key] = (ends, count)
        return count, ends


def _verdict(count: int, left_ms: int, limit: int) -> Verdict:
    reset = max(1, -(-left_ms // 1000))
    remaining = max(0, limit - count)
    if count <= limit:
        return Verdict(True, limit=limit, remaining=remaining, reset_s=reset)
    return Verdict(False, reset, limit=limit, remaining=0, reset_s=reset)


def _budget(spent: int, left_ms: int, limit: int, fits: bool) -> Verdict:
    """A cost budget's verdict: `spent` of `limit` (the request's cost included if it fits)."""
    reset = max(1, -(-left_ms // 1000))
    remaining = max(0, limit - spent)
    return Verdict(fits, 0 if fits else reset, limit=limit, remaining=remaining, reset_s=reset)


def make_limiter(redis_url: str | None, namespace: str) -> Limiter:
    """Redis when the deployment has it (several processes), else this process's memory."""
    if redis_url is None:
        return MemoryLimiter()
    from redis import asyncio as aioredis

    pool = aioredis.BlockingConnectionPool.from_url(
        redis_url, max_connections=CONNECTIONS, timeout=POOL_WAIT_S
    )
    return RedisLimiter(aioredis.Redis(connection_pool=pool), namespace)
