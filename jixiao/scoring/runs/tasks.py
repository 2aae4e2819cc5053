"""The `results.recompute` job (issue 6 enqueues it after a score changes and registers this
module in `jixiao.workers.actors.TASK_MODULES`).

Idempotent under at-least-once delivery: the same inputs return the run already stored, and
the newest-run pointer moves in the job's one transaction.
"""

from __future__ import annotations

from jixiao.audit.service import SYSTEM
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.runs import service
from jixiao.workers.registry import tenant_actor


@tenant_actor("results.recompute", max_retries=3, time_limit_ms=300_000)
def recompute_results(session: JixiaoSession, *, scheme_code: str, period: str) -> None:
    """Recompute a scheme's results for a period in the job's tenant."""
    service.recompute(session, scheme_code, period, SYSTEM)


@tenant_actor("results.end_publicity", max_retries=3, time_limit_ms=300_000)
def end_publicity(session: JixiaoSession) -> None:
    """Make every run whose 公示 has ended the final published result (idempotent)."""
    from jixiao.scoring.runs import publicity

    publicity.end_due(session, actor=SYSTEM)
