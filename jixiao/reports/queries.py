"""The generated reports' reads."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from jixiao.platform.db import JixiaoSession
from jixiao.reports.models import GeneratedReport


def reports_of_run(session: JixiaoSession, run_id: uuid.UUID) -> list[GeneratedReport]:
    """Every report generated from a run, newest first."""
    return list(
        session.exec(
            select(GeneratedReport)
            .where(col(GeneratedReport.run_id) == run_id)
            .order_by(col(GeneratedReport.created_at).desc(), col(GeneratedReport.id).desc())
        ).all()
    )
