"""Helpers for report tests: request, list and download reports over GraphQL, read PDFs."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from tests.factories import GraphQLClient

REQUEST = """
mutation Request($run: ID!, $kind: GeneratedReportKind!, $unit: String) {
  requestReport(runId: $run, kind: $kind, unitCode: $unit) {
    report { id kind title status done total unitCodes downloadUrl }
    errors { code message field }
  }
}"""
REPORTS = """
query Reports($run: ID!) {
  runReports(runId: $run) {
    id kind kindLabel title status statusLabel done total pages sizeBytes error downloadUrl
    unitCodes requestedBy
  }
}"""


def request(
    gql: GraphQLClient, who: Subject, run_id: str, kind: str, unit: str | None = None
) -> dict[str, Any]:
    result = gql.execute(REQUEST, {"run": run_id, "kind": kind, "unit": unit}, subject=who)
    assert "errors" not in result, result
    payload: dict[str, Any] = result["data"]["requestReport"]
    return payload


def reports(gql: GraphQLClient, who: Subject, run_id: str) -> list[dict[str, Any]]:
    result = gql.execute(REPORTS, {"run": run_id}, subject=who)
    assert "errors" not in result, result
    found: list[dict[str, Any]] = result["data"]["runReports"]
    return found


def download(gql: GraphQLClient, who: Subject, url: str) -> tuple[int, bytes, str]:
    gql.subject = who
    response = gql.http.get(url)
    return response.status_code, response.content, response.headers.get("content-type", "")


def pdf_text(content: bytes, folder: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) reads it, without white space (it spaces
    CJK text as it pleases, and table cells wrap)."""
    path = folder / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return re.sub(r"\s+", "", done.stdout)


def rendered_pages(content: bytes, folder: Path) -> int:
    """How many pages pdftoppm draws (each one an image; a page it cannot draw fails)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.pdf"
    path.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(path), str(folder / "page")],
        capture_output=True,
        check=True,
    )
    images = sorted(folder.glob("page-*.png"))
    assert all(image.stat().st_size > 0 for image in images)
    return len(images)


def audit_actions(database: Database, tenant_id: uuid.UUID, target: str) -> list[tuple[str, str]]:
    """(action, outcome) of the tenant's events about a report (a raw id), in order."""
    with database.tenant_session(tenant_id) as session:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.target_id) == target)
            .order_by(col(AuditEvent.seq))
        ).all()
        return [(event.action, str(event.outcome.value)) for event in events]
