"""Sending jobs: what domain code uses (`enqueue` after the commit, `send` now).

The broker itself is set up by the processes' composition roots (`workers.broker.setup_broker`,
called by `jixiao serve`, `jixiao worker` and the scheduler), which load every actor; this module
only holds the broker they set up, so domain packages can queue work without importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dramatiq

from jixiao.platform.db import on_commit
from jixiao.workers import registry

_broker: dramatiq.Broker | None = None


def use_broker(broker: dramatiq.Broker) -> None:
    """The broker jobs go to from now on (the set-up's last step)."""
    global _broker
    _broker = broker


def current_broker() -> dramatiq.Broker:
    if _broker is None:
        raise RuntimeError("no broker set up: call setup_broker first")
    return _broker


def send(name: str, **kwargs: Any) -> None:
    """Send a job now (prefer `enqueue`, which waits for the commit)."""
    if name not in registry.SPECS:
        raise KeyError(f"unknown actor {name}")
    current_broker().get_actor(name).send_with_options(kwargs=kwargs)


def enqueue(session: Any, name: str, **kwargs: Any) -> None:
    """Send a job once the session's transaction commits; a rollback drops it."""
    if name not in registry.SPECS:
        raise KeyError(f"unknown actor {name}")
    callback: Callable[[], None] = lambda: send(name, **kwargs)  # noqa: E731
    on_commit(session, callback)
