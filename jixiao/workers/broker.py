"""Broker set-up: Redis in production, in-process for the embedded default, eager for the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

import dramatiq
from dramatiq.brokers.stub import StubBroker

from jixiao.platform.config import Settings
from jixiao.platform.db import Database, on_commit
from jixiao.workers import registry
from jixiao.workers.actors import load_all
from jixiao.workers.runtime import set_database

log = logging.getLogger(__name__)
BrokerMode = Literal["redis", "inprocess", "eager"]

_broker: dramatiq.Broker | None = None
_mode: BrokerMode | None = None


def setup_broker(
    settings: Settings, database: Database, mode: BrokerMode | None = None
) -> dramatiq.Broker | None:
    """Create the broker for this process and bind every registered actor to it.

    `redis` when JIXIAO_REDIS_URL is set; otherwise `inprocess` (a stub broker whose worker runs
    inside the serving process). `eager` runs each job right after the commit that asked for it,
    in the caller's process (the CLI without a worker).
    """
    global _broker, _mode
    mode = mode or ("redis" if settings.redis_url else "inprocess")
    set_database(database)
    load_all()
    broker: dramatiq.Broker | None
    if mode == "redis":
        from dramatiq.brokers.redis import RedisBroker

        if not settings.redis_url:
            raise ValueError("JIXIAO_REDIS_URL is not set")
        broker = RedisBroker(url=settings.redis_url, namespace=settings.queue_namespace)
    elif mode == "inprocess":
        broker = StubBroker()
        broker.emit_after("process_boot")
    else:
        broker = None
    if broker is not None:
        dramatiq.set_broker(broker)
        for spec in registry.SPECS.values():
            dramatiq.Actor(
                spec.fn,
                broker=broker,
                actor_name=spec.name,
                queue_name=spec.queue,
                priority=0,
                options={
                    "max_retries": spec.max_retries,
                    "time_limit": spec.time_limit_ms,
                    "throws": registry.NOT_RETRIED,
                },
            )
    _broker, _mode = broker, mode
    return broker


def current_broker() -> dramatiq.Broker | None:
    return _broker


def send(name: str, **kwargs: Any) -> None:
    """Send a job now (prefer `enqueue`, which waits for the commit)."""
    if name not in registry.SPECS:
        raise KeyError(f"unknown actor {name}")
    if _mode is None:
        raise RuntimeError("no broker set up: call setup_broker first")
    if _broker is None:  # eager
        registry.SPECS[name].fn(**kwargs)
        return
    _broker.get_actor(name).send_with_options(kwargs=kwargs)


def enqueue(session: Any, name: str, **kwargs: Any) -> None:
    """Send a job once the session's transaction commits; a rollback drops it."""
    if name not in registry.SPECS:
        raise KeyError(f"unknown actor {name}")
    callback: Callable[[], None] = lambda: send(name, **kwargs)  # noqa: E731
    on_commit(session, callback)


def start_worker(broker: dramatiq.Broker, threads: int = 2) -> dramatiq.Worker:
    """Start a dramatiq worker in this process (the embedded default, tests, `jixiao worker`)."""
    worker = dramatiq.Worker(broker, worker_threads=threads)
    worker.start()
    return worker
