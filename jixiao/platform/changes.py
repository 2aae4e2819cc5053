"""Word of committed changes that end what a process keeps in memory, in this process at once
and in every other one through Redis.

Four kinds of word, each about one tenant:

- `head`: the tenant's audit chain head moved to `value` (every audited change moves it; the
  answer cache keys on it);
- `subjects`: an audited change that can alter a user's subject was chained at `value` (the
  chain head's `subjects_seq`; the principal cache keys on it);
- `principals`: a session or the tenant itself ended (sign-out, sessions revoked, the tenant
  suspended): forget the subjects kept for that tenant;
- `policy`: the tenant's roles or grants changed: rebuild its casbin enforcer.

Services say what changed with `announce(session, …)`; the word goes out after the transaction
commits, never for one rolled back. With `JIXIAO_REDIS_URL` it is published on one channel and a
thread of each API process (`ChangeBus.start`) hears every other process's word. While that
thread is not subscribed (no Redis, a lost connection), a head or subjects mark learnt here is
trusted for `LOCAL_TRUST` seconds only and then read again: a change made by a process that
cannot tell this one (a CLI command without Redis) is seen within that time.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

Kind = Literal["head", "subjects", "principals", "policy"]
KINDS: tuple[Kind, ...] = ("head", "subjects", "principals", "policy")
Mark = Literal["head", "subjects"]  # the kinds whose value is a tenant's mark, only moving on
CHANGES_KEY = "jixiao.changes"  # session.info: the bus of the session's database
LOCAL_TRUST = 1.0  # seconds a head is trusted without a live subscription
RECONNECT_AFTER = 1.0  # seconds between two attempts to subscribe again


@dataclass(frozen=True)
class Change:
    """One word: `kind` of tenant `tenant_id` (for `head` and `subjects`, the mark in `value`)."""

    kind: Kind
    tenant_id: uuid.UUID
    value: int = 0

    def encode(self) -> str:
        return f"{self.kind} {self.tenant_id} {self.value}"

    @classmethod
    def decode(cls, text: str) -> Change | None:
        """The change a message carries, or None for anything else (logged, never raised)."""
        parts = text.split()
        try:
            kind, tenant, value = parts
            if kind not in KINDS:
                raise ValueError(kind)
            return cls(kind, uuid.UUID(tenant), int(value))
        except ValueError:
            log.warning("ignored a change message that is not one: %r", text[:200])
            return None


class ChangeBus:
    """One database's word of changes: listeners in this process, Redis between processes."""

    def __init__(
        self,
        redis_url: str | None = None,
        namespace: str = "jixiao",
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.redis_url = redis_url
        self.channel = f"{namespace}:changes"
        self.clock = clock
        self._listeners: list[Callable[[Change], None]] = []
        # (kind, tenant) → (mark, learnt at)
        self._marks: dict[tuple[Mark, uuid.UUID], tuple[int, float]] = {}
        self._publisher: Any = None
        self._subscribed_since: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- listening ---------------------------------------------------------------------------

    def listen(self, callback: Callable[[Change], None]) -> None:
        """Call `callback` with every change, from this process or (when started) any other."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    def deliver(self, change: Change) -> None:
        """Hand a change to the listeners of this process (and keep a moved mark)."""
        if change.kind == "head" or change.kind == "subjects":
            self.saw(change.kind, change.tenant_id, change.value)
        for callback in list(self._listeners):
            try:
                callback(change)
            except Exception:  # a listener's fault must not stop the others nor the commit
                log.exception("a change listener failed on %s", change)

    # -- heads -------------------------------------------------------------------------------

    def saw(self, kind: Mark, tenant_id: uuid.UUID, value: int) -> None:
        """Remember a tenant's mark as read or told now; marks only move forward."""
        with self._lock:
            known = self._marks.get((kind, tenant_id))
            if known is None or value >= known[0]:
                self._marks[(kind, tenant_id)] = (value, self.clock())

    def saw_head(self, tenant_id: uuid.UUID, head: int) -> None:
        self.saw("head", tenant_id, head)

    def head(self, tenant_id: uuid.UUID) -> int | None:
        """The tenant's head when this process can vouch for it (see `mark`)."""
        return self.mark("head", tenant_id)

    def subjects(self, tenant_id: uuid.UUID) -> int | None:
        """The tenant's subjects mark when this process can vouch for it (see `mark`)."""
        return self.mark("subjects", tenant_id)

    def mark(self, kind: Mark, tenant_id: uuid.UUID) -> int | None:
        """A tenant's mark when this process can vouch for it without reading: learnt while
        subscribed (every later move would have been told), or within `LOCAL_TRUST` seconds."""
        known = self._marks.get((kind, tenant_id))
        if known is None:
            return None
        since = self._subscribed_since
        if since is not None and known[1] >= since:
            return known[0]
        return known[0] if self.clock() - known[1] < LOCAL_TRUST else None

    @property
    def subscribed(self) -> bool:
        return self._subscribed_since is not None

    # -- publishing --------------------------------------------------------------------------

    def publish(self, changes: list[Change]) -> None:
        """Tell this process, then the others (a Redis failure is logged: they fall back to
        reading within `LOCAL_TRUST` seconds or their own checks)."""
        for change in changes:
            self.deliver(change)
        if self.redis_url is None:
            return
        try:
            if self._publisher is None:
                import redis

                # Commits publish from many threads at once: they wait for one of a few
                # connections (redis-py's own pool refuses past 100).
                pool = redis.BlockingConnectionPool.from_url(
                    self.redis_url,
                    max_connections=16,
                    timeout=2,
                    socket_timeout=2,
                    socket_connect_timeout=2,
                )
                self._publisher = redis.Redis(connection_pool=pool)
            pipe = self._publisher.pipeline(transaction=False)
            for change in changes:
                pipe.publish(self.channel, change.encode())
            pipe.execute()
        except Exception:
            log.exception("could not publish %d change(s) to Redis", len(changes))

    # -- the subscriber thread ---------------------------------------------------------------

    def start(self) -> None:
        """Hear the other processes (a daemon thread; resubscribes after a lost connection)."""
        if self.redis_url is None or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="jixiao-changes", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)
        self._subscribed_since = None
        publisher, self._publisher = self._publisher, None
        if publisher is not None:
            publisher.close()  # its pool's connections (a new one is made if published again)

    def wait_subscribed(self, timeout: float = 5.0) -> bool:
        """Whether the subscription stands within `timeout` seconds (tests, start-up)."""
        deadline = time.monotonic() + timeout
        while not self.subscribed and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.subscribed

    def _run(self) -> None:
        import redis

        assert self.redis_url is not None
        while not self._stop.is_set():
            client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
            pubsub = client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
            try:
                pubsub.subscribe(self.channel)
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=0.5)
                    if message is None:
                        if self._subscribed_since is None and pubsub.subscribed:
                            self._mark_subscribed()
                        continue
                    if self._subscribed_since is None:
                        self._mark_subscribed()
                    data = message.get("data")
                    text = data.decode() if isinstance(data, bytes) else str(data)
                    change = Change.decode(text)
                    if change is not None:
                        self.deliver(change)
            except Exception:
                if not self._stop.is_set():
                    log.warning("lost the change subscription; subscribing again", exc_info=True)
            finally:
                self._subscribed_since = None
                try:
                    pubsub.close()
                    client.close()
                except Exception:  # the connection is gone already
                    log.debug("closing a lost subscription failed", exc_info=True)
            self._stop.wait(RECONNECT_AFTER)

    def _mark_subscribed(self) -> None:
        # Marks learnt before now may have missed a word: from now on nothing is missed.
        self._subscribed_since = self.clock()


class _Announcement:
    """The changes one transaction announced, published once after it commits."""

    def __init__(self, bus: ChangeBus) -> None:
        self.bus = bus
        self.changes: dict[tuple[Kind, uuid.UUID], int] = {}

    def add(self, change: Change) -> None:
        key = (change.kind, change.tenant_id)
        self.changes[key] = max(self.changes.get(key, change.value), change.value)

    def __call__(self) -> None:
        self.bus.publish(
            [Change(kind, tenant, value) for (kind, tenant), value in self.changes.items()]
        )


def announce(session: Session, kind: Kind, tenant_id: uuid.UUID, value: int = 0) -> None:
    """Tell every process of this change once the session's transaction commits (a session
    made outside a `Database` has no bus: nothing to tell)."""
    from jixiao.platform.db import AFTER_COMMIT_KEY

    bus = session.info.get(CHANGES_KEY)
    if not isinstance(bus, ChangeBus):
        return
    change = Change(kind, tenant_id, value)
    callbacks: list[Callable[[], None]] = session.info.setdefault(AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        if isinstance(callback, _Announcement):
            callback.add(change)
            return
    pending = _Announcement(bus)
    pending.add(change)
    callbacks.append(pending)
