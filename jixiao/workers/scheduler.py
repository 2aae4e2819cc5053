"""Periodic work: one scheduler process enqueues each periodic job for every active tenant.

dramatiq has no scheduler (PITFALLS): APScheduler 3 fires the explicit jobs of `PERIODIC_JOBS`
at their times (in `TIMEZONE`), and each firing sends one message per active tenant; the jobs
themselves are idempotent, so a firing twice (two schedulers by mistake, a retry) does no harm.
`jixiao scheduler` runs a BlockingScheduler; `jixiao demo` a BackgroundScheduler in its process.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from dataclasses import dataclass
from typing import Any

import jixiao.models  # noqa: F401 - every table, before the database opens
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants import service as tenant_service
from jixiao.workers.broker import send

log = logging.getLogger(__name__)
TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class PeriodicJob:
    """A tenant job fired daily at `hour:minute` (TIMEZONE)."""

    actor: str
    hour: int
    minute: int
    description: str


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob("results.end_publicity", 0, 5, "公示期满的考评结果转为正式公布"),
    PeriodicJob("audit.anchor", 1, 0, "将审计日志哈希链的链头写到库外锚点（文件存储与日志）"),
    PeriodicJob("audit.verify", 1, 30, "每日核验审计日志哈希链与归档"),
    PeriodicJob("audit.retention", 2, 30, "按保留期限归档并清理审计日志与登录日志"),
    PeriodicJob("notices.cleanup_uploads", 3, 30, "清理未被通知使用的上传文件"),
    PeriodicJob("notices.remind_deadlines", 8, 0, "截止前提醒与逾期提醒"),
)


def active_tenants(database: Database) -> list[str]:
    """The ids of the tenants periodic work runs for (suspended ones are skipped)."""
    with database.platform_session() as session:
        return [str(tenant.id) for tenant in tenant_service.active_tenants(session)]


def fan_out(database: Database, actor: str) -> int:
    """Send the job once for every active tenant; returns how many were sent."""
    tenants = active_tenants(database)
    for tenant_id in tenants:
        send(actor, tenant_id=tenant_id)
    log.info("scheduled %s for %d tenants", actor, len(tenants))
    return len(tenants)


def run_all_once(database: Database) -> dict[str, int]:
    """Fire every periodic job now (operations: `jixiao scheduler --once`)."""
    return {job.actor: fan_out(database, job.actor) for job in PERIODIC_JOBS}


def build_scheduler(database: Database, *, blocking: bool) -> Any:
    """A scheduler with every periodic job: blocking for its own process, else background."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(
        timezone=TIMEZONE,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job in PERIODIC_JOBS:
        scheduler.add_job(
            _fire,
            CronTrigger(hour=job.hour, minute=job.minute, timezone=TIMEZONE),
            args=(database, job.actor),
            id=job.actor,
            name=job.description,
            replace_existing=True,
        )
    return scheduler


def _fire(database: Database, actor: str) -> None:
    try:
        fan_out(database, actor)
    except Exception:
        # One failed firing must not stop the scheduler; the next day's runs again.
        log.exception("could not schedule %s", actor)


def run_scheduler_process(settings: Settings, *, once: bool = False) -> dict[str, int] | None:
    """`jixiao scheduler`: fire the periodic jobs on schedule until SIGTERM/SIGINT, or all of
    them now with `once`. Jobs go to Redis when configured; otherwise they run in this process
    (a worker thread), so a single machine without Redis needs only this and `serve`."""
    from jixiao.workers.broker import inprocess_worker, setup_broker

    database = Database(settings)
    broker = setup_broker(settings, database)
    try:
        with contextlib.ExitStack() as stack:
            drain = None if settings.redis_url else stack.enter_context(inprocess_worker(broker))
            if once:
                counts = run_all_once(database)
                if drain is not None:
                    drain()
                return counts
            scheduler = build_scheduler(database, blocking=True)
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: scheduler.shutdown(wait=False))
            log.info("scheduler running: %s", ", ".join(j.actor for j in PERIODIC_JOBS))
            scheduler.start()
            return None
    finally:
        database.dispose()
