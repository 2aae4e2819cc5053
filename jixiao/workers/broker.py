"""Broker set-up: Redis in production, in-process (stub broker + worker thread) otherwise.

A composition root: setting up loads every actor (`workers.actors`). Domain code queues jobs
through `workers.queue` (re-exported here for the roots and the tests)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware.time_limit import TimeLimit

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers import registry
from jixiao.workers.actors import load_all
from jixiao.workers.observe import JobObserver
from jixiao.workers.queue import current_broker, enqueue, send, use_broker
from jixiao.workers.runtime import set_database

log = logging.getLogger(__name__)
__all__ = [
    "current_broker",
    "drain",
    "enqueue",
    "inprocess_worker",
    "send",
    "setup_broker",
    "start_worker",
]
BrokerMode = Literal["redis", "inprocess"]

# The thread that enforces jobs' time limits, shared by every in-process broker of this process:
# dramatiq starts one per broker and never stops it (a test run made hundreds).
_time_limits: Any = None


def _share_time_limits(broker: dramatiq.Broker) -> None:
    global _time_limits
    for middleware in broker.middleware:
        if isinstance(middleware, TimeLimit):
            if _time_limits is None:
                _time_limits = middleware.manager  # started with this broker
            else:
                middleware.manager = _time_limits
                middleware.after_process_boot = lambda _broker: None  # type: ignore[method-assign]


def setup_broker(
    settings: Settings, database: Database, mode: BrokerMode | None = None
) -> dramatiq.Broker:
    """Create the broker for this process and bind every registered actor to it.

    `redis` when JIXIAO_REDIS_URL is set; otherwise `inprocess`: a stub broker whose worker runs
    inside this process (`jixiao serve`, the CLI, tests; see `inprocess_worker`).
    """
    mode = mode or ("redis" if settings.redis_url else "inprocess")
    set_database(database)
    load_all()
    broker: dramatiq.Broker
    if mode == "redis":
        from dramatiq.brokers.redis import RedisBroker

        if not settings.redis_url:
            raise ValueError("JIXIAO_REDIS_URL is not set")
        broker = RedisBroker(  # type: ignore[no-untyped-call]
            url=settings.redis_url, namespace=settings.queue_namespace
        )
    else:
        broker = StubBroker()
        _share_time_limits(broker)
        broker.emit_after("process_boot")
    broker.add_middleware(JobObserver())  # request context on the job's logs; its metrics
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
    use_broker(broker)
    return broker


def start_worker(broker: dramatiq.Broker, threads: int = 2) -> dramatiq.Worker:
    """Start a dramatiq worker in this process (the embedded default, tests, `jixiao worker`)."""
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


def drain(broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
    """Wait until every queued job of this broker has run (in-process brokers only)."""
    assert isinstance(broker, StubBroker), "drain needs the in-process broker"
    for queue in broker.get_declared_queues():
        broker.join(queue, fail_fast=True)
    worker.join()


@contextmanager
def inprocess_worker(broker: dramatiq.Broker) -> Iterator[Callable[[], None]]:
    """Run a worker in this process; yields `drain`, which waits for the queued jobs."""
    worker = start_worker(broker)
    try:
        yield lambda: drain(broker, worker)
    finally:
        worker.stop()
