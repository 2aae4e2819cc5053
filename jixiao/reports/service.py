"""Reports of a run: request one (the job makes it after the caller commits), list a run's
reports, hand one out, and make one (the `reports.generate` job).

Who may have which report: a reader of the run's results who reads every unit may have the
通报 and the cards of any unit, and the bonus table with `bonus:read` too; a user bound to
units (a unit's reporter, a scoring leader) only the cards of their own units. A report is
listed and handed out to those who could have asked for it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import SYSTEM, record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.storage import Area, FileStore, Stored, sha256_of
from jixiao.policies import permissions as p
from jixiao.reports import content, render, templates
from jixiao.reports.models import GeneratedReport, ReportKind, ReportStatus
from jixiao.reports.queries import reports_of_run
from jixiao.scoring.runs.models import ResultRun
from jixiao.scoring.runs.queries import run_units
from jixiao.scoring.runs.scope import ResultScope

ACTOR = "reports.generate"
AREA: Area = "reports"
CONTENT_TYPE = "application/pdf"
_INTERVAL = 0.5  # seconds between progress writes


@dataclass(frozen=True)
class Reader:
    """Who reads reports: the subject and their result scope (computed once per request)."""

    subject: Subject
    scope: ResultScope


def _run(session: JixiaoSession, reader: Reader, run_id: uuid.UUID) -> ResultRun:
    run = session.get(ResultRun, (session.require_tenant(), run_id))
    if run is None or not reader.scope.sees_run(run):
        raise NotFound("没有这次考评结果", field="runId")
    return run


def _own_codes(session: JixiaoSession, reader: Reader, run: ResultRun) -> list[str]:
    """The codes of the run's units whose cards the reader may have, in publication order."""
    return [unit.unit_code for unit in run_units(session, run.id, reader.scope)]


def request_report(
    session: JixiaoSession,
    reader: Reader,
    run_id: uuid.UUID,
    kind: ReportKind,
    unit_code: str | None = None,
) -> GeneratedReport:
    """Queue a report of a run; the job is sent once the caller's transaction commits."""
    run = _run(session, reader, run_id)
    scope, subject = reader.scope, reader.subject
    codes: list[str] | None = None
    unit_name: str | None = None
    total = 1
    if kind is ReportKind.CARDS:
        units = run_units(session, run.id, scope)
        wanted = (unit_code or "").strip()
        if wanted:
            units = [unit for unit in units if unit.unit_code == wanted]
            if not units:
                raise NotFound(f"本次考评结果中没有可查看的单位「{wanted}」", field="unitCode")
        if not units:
            raise NotFound("本次考评结果中没有可查看的单位", field="unitCode")
        if len(units) == 1:
            unit_name = units[0].unit_name
        if wanted or not scope.every_unit:
            codes = [unit.unit_code for unit in units]
        total = len(units)
    elif not scope.every_unit:
        raise Forbidden(
            f"只有能查看全部单位结果的用户才能生成{content.KIND_TITLES[kind]}；"
            "可生成本单位的考评报告单",
            field="kind",
        )
    elif kind is ReportKind.BONUS:
        if not subject.can(p.BONUS_READ.code):
            raise Forbidden("没有查看绩效奖金表的权限（bonus:read）", field="kind")
        if all(unit.bonus_amount is None for unit in content.all_units(session, run)):
            raise InvalidInput("这次考评结果没有绩效奖数据（绩效奖按全年结果核定）", field="kind")
    report = GeneratedReport(
        run_id=run.id,
        kind=kind,
        unit_codes=codes,
        title=content.title(run, kind, unit_name),
        total=total,
        sees_drafts=scope.newest_by_default,
        requested_by_id=subject.user_id,
        requested_by=subject.display_name,
        requested_by_username=subject.username,
    )
    session.add(report)
    session.flush()
    record(
        session,
        actor=subject,
        action="report.request",
        target_type="generated_report",
        target_id=report.id,
        after={"run": str(run.id), "kind": kind.value, "units": codes, "title": report.title},
    )
    from jixiao.workers.queue import enqueue

    enqueue(session, ACTOR, tenant_id=str(session.require_tenant()), report_id=str(report.id))
    return report


def _readable(
    session: JixiaoSession, reader: Reader, run: ResultRun
) -> Callable[[GeneratedReport], bool]:
    if reader.scope.every_unit:
        bonus = reader.subject.can(p.BONUS_READ.code)
        return lambda report: report.kind is not ReportKind.BONUS or bonus
    own = set(_own_codes(session, reader, run))
    return lambda report: (
        report.kind is ReportKind.CARDS
        and report.unit_codes is not None
        and set(report.unit_codes) <= own
    )


def run_reports(session: JixiaoSession, reader: Reader, run_id: uuid.UUID) -> list[GeneratedReport]:
    """The run's reports the reader may have, newest first."""
    run = _run(session, reader, run_id)
    readable = _readable(session, reader, run)
    return [report for report in reports_of_run(session, run.id) if readable(report)]


def get_report(session: JixiaoSession, reader: Reader, report_id: uuid.UUID) -> GeneratedReport:
    """One report the reader may have (NOT_FOUND otherwise, as for one that does not exist)."""
    report = session.get(GeneratedReport, (session.require_tenant(), report_id))
    if report is None:
        raise NotFound("没有这份报告", field="id")
    run = session.get(ResultRun, (session.require_tenant(), report.run_id))
    if run is None or not reader.scope.sees_run(run) or not _readable(session, reader, run)(report):
        raise NotFound("没有这份报告", field="id")
    return report


def download(session: JixiaoSession, reader: Reader, report_id: uuid.UUID) -> Stored:
    """Where a finished report's file is, its download recorded in the audit chain."""
    report = get_report(session, reader, report_id)
    if report.status is not ReportStatus.SUCCEEDED or report.file_name is None:
        raise NotFound("这份报告尚未生成完成", field="id")
    record(
        session,
        actor=reader.subject,
        action="report.download",
        target_type="generated_report",
        target_id=report.id,
        after={"title": report.title, "sha256": report.sha256},
    )
    return Stored(report.tenant_id, AREA, report.file_name, f"{report.title}.pdf", CONTENT_TYPE)


def generate(session: JixiaoSession, store: FileStore, report_id: uuid.UUID) -> None:
    """Make a queued report (the job): lay it out, keep the file, record the outcome. Progress
    commits as it goes; a report already made or failed is left alone (at-least-once)."""
    tenant_id = session.require_tenant()
    report = session.get(GeneratedReport, (tenant_id, report_id))
    if report is None or report.status in (ReportStatus.SUCCEEDED, ReportStatus.FAILED):
        return
    try:
        parts = _parts(session, report)
        report.status, report.done, report.total = ReportStatus.RUNNING, 0, len(parts)
        session.add(report)
        session.commit()  # the reading transaction ends before the long layout
        pdf = render.render(parts, _progress(session, report))
        staged = store.staging(tenant_id) / f".report-{uuid.uuid4().hex}.pdf"
        staged.write_bytes(pdf.content)
        name = f"{report.id}.pdf"
        digest = _sha256(staged)
        store.put(tenant_id, AREA, name, staged)
        _finish(report, ReportStatus.SUCCEEDED, file_name=name, pages=pdf.pages)
        report.size_bytes, report.sha256, report.done = len(pdf.content), digest, report.total
        session.add(report)
        record(
            session,
            actor=SYSTEM,
            action="report.generate",
            target_type="generated_report",
            target_id=report.id,
            after={"title": report.title, "pages": pdf.pages, "sha256": digest},
        )
    except DomainError as error:
        session.rollback()
        _failed(session, report_id, error.message)
    except Exception:
        session.rollback()
        _failed(session, report_id, "生成失败：服务器内部错误")
        session.commit()
        raise


def _parts(session: JixiaoSession, report: GeneratedReport) -> list[str]:
    run = session.get(ResultRun, (session.require_tenant(), report.run_id))
    if run is None:
        raise NotFound("没有这次考评结果", field="runId")
    head = content.header(session, run)
    if report.kind is ReportKind.NOTICE:
        return [templates.notice(head, report.title, content.all_units(session, run))]
    if report.kind is ReportKind.BONUS:
        return [templates.bonus(head, report.title, content.all_units(session, run))]
    cards = content.cards(session, run, report)
    if not cards:
        raise NotFound("这次考评结果中已没有报告单所列的单位", field="unitCode")
    return [
        templates.card(head, content.title(run, ReportKind.CARDS, card.unit.unit_name), card)
        for card in cards
    ]


def _progress(session: JixiaoSession, report: GeneratedReport) -> Callable[[int, int], None]:
    last = [time.monotonic()]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < _INTERVAL:
            return
        last[0] = now
        report.done = done
        session.add(report)
        session.commit()

    return progress


def _finish(report: GeneratedReport, status: ReportStatus, **values: object) -> None:
    report.status, report.finished_at = status, utcnow()
    for name, value in values.items():
        setattr(report, name, value)


def _failed(session: JixiaoSession, report_id: uuid.UUID, message: str) -> None:
    report = session.get(GeneratedReport, (session.require_tenant(), report_id))
    if report is None:
        return
    _finish(report, ReportStatus.FAILED, error=message[:500])
    session.add(report)
    record(
        session,
        actor=SYSTEM,
        action="report.generate",
        target_type="generated_report",
        target_id=report.id,
        after={"title": report.title},
        outcome=AuditOutcome.FAILED,
        reason=message[:500],
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_of(handle)
