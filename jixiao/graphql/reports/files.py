"""`GET /files/reports/<report id>`: a generated PDF report, for those who may have it (as
`runReports` lists them: readers of its run's results, a unit's users only their own cards);
each download is audited."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jixiao.audit.models import AuditOutcome
from jixiao.graphql.notices.files import audit_attempt, refusal, send_stored_file, subject_of
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.reports.schema import REPORT_FILES
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.storage import Stored, file_store
from jixiao.policies import permissions as p
from jixiao.reports import service
from jixiao.scoring.runs.scope import ResultScope

ACTION = "report.download"


def report_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The download route of generated reports."""
    files = file_store(settings)

    async def download(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.RESULT_READ)
        if refused is not None:
            await audit_attempt(database, subject, ACTION, AuditOutcome.REFUSED, "没有权限")
            return refused
        reader = service.Reader(subject, ResultScope.of(subject))

        def find(session: JixiaoSession) -> Stored:
            report_id = from_global_id(request.path_params["id"], "GeneratedReport")
            return service.download(session, reader, report_id)

        return await send_stored_file(database, files, subject, find, missing="报告")

    return [Route(f"{REPORT_FILES}/{{id}}", download, methods=["GET"])]
