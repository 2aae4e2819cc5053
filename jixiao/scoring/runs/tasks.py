"""The result jobs: `results.recompute`, the debounced `scoring.recompute` after a change of
the data (`scoring.entry.follow` queues it), and the end of publicity.

Idempotent under at-least-once delivery: the same inputs return the run already stored, and
the newest-run pointer moves in the job's one transaction; a debounced job whose token was
replaced does nothing (a later job follows).
"""

from __future__ import annotations

from jixiao.audit.service import SYSTEM
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.entry import follow
from jixiao.scoring.runs import service
from jixiao.workers.registry import tenant_actor


@tenant_actor("results.recompute", max_retries=3, time_limit_ms=300_000)
def recompute_results(session: JixiaoSession, *, scheme_code: str, period: str) -> None:
    """Recompute a scheme's results for a period in the job's tenant."""
    service.recompute(session, scheme_code, period, SYSTEM)


@tenant_actor(follow.ACTOR, max_retries=5, time_limit_ms=300_000)
def recompute_after_change(
    session: JixiaoSession, *, scheme_code: str, period: str, token: str
) -> None:
    """Recompute a scheme's results for a period unless a newer change superseded this job."""
    tenant_id = str(session.require_tenant())
    if not follow.is_latest(tenant_id, scheme_code, period, token):
        return
    service.recompute(session, scheme_code, period, SYSTEM)


@tenant_actor("results.end_publicity", max_retries=3, time_limit_ms=300_000)
def end_publicity(session: JixiaoSession) -> None:
    """Make every run whose 公示 has ended the final published result (idempotent)."""
    from jixiao.scoring.runs import publicity

    publicity.end_due(session, actor=SYSTEM)
