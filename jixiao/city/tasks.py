"""Jobs of the city domain: a child's schemes follow what its parent published."""

from __future__ import annotations

from jixiao.city import received
from jixiao.city.publish import RECEIVED_ACTOR
from jixiao.platform.db import JixiaoSession
from jixiao.workers.registry import tenant_actor


@tenant_actor(RECEIVED_ACTOR, max_retries=5, time_limit_ms=60_000)
def rankings_received(session: JixiaoSession, *, year: int) -> None:
    """In the child's tenant: its schemes of `year` read the parent's new ranks (idempotent)."""
    received.follow_publication(session, year)
