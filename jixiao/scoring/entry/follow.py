"""Results follow the data: a debounced recompute job after every committed change.

`schedule` registers, for the session's transaction, the periods whose results a change
affects (its quarter and `annual`). Only once the transaction commits, each period gets a new
debounce token (the latest one per tenant + scheme + period, in Redis when the broker is Redis,
else in this process) and a `scoring.recompute` job delayed by `DEBOUNCE_MS` carrying it. A job
whose token is no longer the latest does nothing: a later change's job follows it. A rollback
sends nothing and leaves the token alone.

At-least-once: a redelivered or retried job recomputes again, and the result runs are keyed by
their inputs' version, so it finds the run already stored (no duplicate, same figures).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.workers.queue import current_broker

ACTOR = "scoring.recompute"
# Long enough to fold a burst of saves (a scorer submitting a sheet) into one recompute, short
# enough that a changed score reaches the draft run within two seconds (bench/change_latency.py).
DEBOUNCE_MS = 300
# A quarter's recompute starts this much after the year's, so that the year's (the one most
# people look at) is not kept waiting behind it (recomputes of a scheme take turns).
QUARTER_LAG_MS = 150
RETRY_MIN_BACKOFF_MS = 500
RETRY_MAX_BACKOFF_MS = 30_000
TOKEN_TTL_S = 3_600
ANNUAL = "annual"


class TokenStore(Protocol):
    def mark(self, key: str) -> str: ...

    def latest(self, key: str) -> str | None: ...


class MemoryTokens:
    """The in-process broker's store: a small map guarded by a lock."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()

    def mark(self, key: str) -> str:
        token = uuid.uuid4().hex
        with self._lock:
            self._tokens[key] = token
        return token

    def latest(self, key: str) -> str | None:
        with self._lock:
            return self._tokens.get(key)


class RedisTokens:
    """The Redis broker's store: one key per debounce key holding the latest token."""

    def __init__(self, client: Any, namespace: str) -> None:
        self._client = client
        self._prefix = f"{namespace}:debounce:"

    def mark(self, key: str) -> str:
        token = uuid.uuid4().hex
        self._client.set(self._prefix + key, token, ex=TOKEN_TTL_S)
        return token

    def latest(self, key: str) -> str | None:
        value = self._client.get(self._prefix + key)
        return value.decode() if isinstance(value, bytes) else value


_memory = MemoryTokens()


def tokens() -> TokenStore:
    """The token store matching this process's broker."""
    broker = current_broker()
    client = getattr(broker, "client", None)
    if client is not None:
        return RedisTokens(client, getattr(broker, "namespace", "dramatiq"))
    return _memory


def debounce_key(tenant_id: str, scheme_code: str, period: str) -> str:
    return f"{tenant_id}:{scheme_code}:{period}"


def affected(period: str) -> tuple[str, ...]:
    """The result periods a change in `period` affects (a quarter also changes the year), the
    year first: its draft run is the one most people look at, and recomputes of one scheme
    take turns in a worker (`sources.turn`)."""
    return (ANNUAL,) if period == ANNUAL else (ANNUAL, period)


def schedule(session: JixiaoSession, scheme_code: str, period: str) -> None:
    """After this transaction commits, recompute the affected periods (debounced).

    Scheduling twice in one transaction sends twice; the earlier job finds its token
    replaced and does nothing.
    """
    tenant_id = str(session.require_tenant())
    for target in affected(period):
        on_commit(session, _sender(tenant_id, scheme_code, target))


def _sender(tenant_id: str, scheme_code: str, period: str) -> Callable[[], None]:
    def send() -> None:
        token = tokens().mark(debounce_key(tenant_id, scheme_code, period))
        current_broker().get_actor(ACTOR).send_with_options(
            kwargs={
                "tenant_id": tenant_id,
                "scheme_code": scheme_code,
                "period": period,
                "token": token,
            },
            delay=DEBOUNCE_MS if period == ANNUAL else DEBOUNCE_MS + QUARTER_LAG_MS,
            min_backoff=RETRY_MIN_BACKOFF_MS,
            max_backoff=RETRY_MAX_BACKOFF_MS,
        )

    return send


def is_latest(tenant_id: str, scheme_code: str, period: str, token: str) -> bool:
    """Whether a job's token is still the latest (an expired key counts as latest)."""
    latest = tokens().latest(debounce_key(tenant_id, scheme_code, period))
    return latest is None or latest == token
