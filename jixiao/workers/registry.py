"""Actor specifications, declared without touching dramatiq until a broker is set up.

Declaring actors lazily avoids dramatiq's silent default broker (PITFALLS: set the broker
before importing actors): `jixiao.workers.broker.setup_broker` binds every spec to the broker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class ActorSpec:
    """How one job runs: its name (`domain.event`), function, retries and time limit."""

    name: str
    fn: Callable[..., None]
    max_retries: int
    time_limit_ms: int
    queue: str = "default"


SPECS: dict[str, ActorSpec] = {}


def actor(
    name: str, *, max_retries: int = 3, time_limit_ms: int = 60_000, queue: str = "default"
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a function as the actor `name`; its arguments must be JSON values."""

    def register(fn: Callable[..., None]) -> Callable[..., None]:
        if name in SPECS and SPECS[name].fn is not fn:
            raise ValueError(f"actor {name} registered twice")
        SPECS[name] = ActorSpec(name, fn, max_retries, time_limit_ms, queue)
        return fn

    return register


def tenant_actor(
    name: str, *, max_retries: int = 3, time_limit_ms: int = 60_000, queue: str = "default"
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """An actor that runs in a session of its job's tenant and commits when it succeeds.

    The decorated function takes the session first, then keyword arguments; the job carries
    `tenant_id` as a string.
    """

    def register(fn: Callable[..., None]) -> Callable[..., None]:
        def run(tenant_id: str, **kwargs: Any) -> None:
            from jixiao.workers.runtime import current_database

            with current_database().tenant_session(uuid.UUID(tenant_id)) as session:
                fn(session, **kwargs)
                session.commit()

        run.__name__ = fn.__name__
        actor(name, max_retries=max_retries, time_limit_ms=time_limit_ms, queue=queue)(run)
        return fn

    return register


NOT_RETRIED: tuple[type[Exception], ...] = (DomainError,)

__all__ = ["NOT_RETRIED", "SPECS", "ActorSpec", "JixiaoSession", "actor", "tenant_actor"]
