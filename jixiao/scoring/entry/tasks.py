"""The `scoring.recompute` job: the debounced recompute after a change of the data.

Idempotent and safe under at-least-once delivery: a job whose debounce token was replaced
does nothing (a later job follows), and a repeated job finds the run its inputs already have.
"""

from __future__ import annotations

from jixiao.audit.service import SYSTEM
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.entry import follow
from jixiao.scoring.runs import service
from jixiao.workers.registry import tenant_actor


@tenant_actor(follow.ACTOR, max_retries=5, time_limit_ms=300_000)
def recompute_after_change(
    session: JixiaoSession, *, scheme_code: str, period: str, token: str
) -> None:
    """Recompute a scheme's results for a period unless a newer change superseded this job."""
    tenant_id = str(session.require_tenant())
    if not follow.is_latest(tenant_id, scheme_code, period, token):
        return
    service.recompute(session, scheme_code, period, SYSTEM)
