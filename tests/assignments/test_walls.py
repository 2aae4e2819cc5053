"""Walls around reports and evidence: other units, other tenants, bad files, CSRF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import (
    ASSIGN,
    PDF,
    REPORT,
    REPORTS,
    SAVE,
    done,
    gid,
    upload,
)


def _draft_with_file(quarter: Quarter) -> tuple[str, str]:
    """A liangtian draft for A2/Q1 with one PDF: (report id, evidence id)."""
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    assigned = done(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "targetText": "完成年度投资",
        },
    )
    assignment = assigned["assignments"][0]["id"]
    report = done(reporter, SAVE, input={"assignmentId": assignment, "period": "Q1"})["report"]
    sent = upload(reporter, report["id"], "台账.pdf", PDF)
    assert sent.status_code == 201, sent.text
    return report["id"], sent.json()["id"]


def _stored(quarter: Quarter) -> list[Path]:
    folder = quarter.database.settings.storage_dir / str(quarter.tenant.id) / "evidence"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_units_see_only_their_own_reports_and_files(quarter: Quarter) -> None:
    report_id, evidence_id = _draft_with_file(quarter)
    owner = quarter.as_("lt-reporter").http.get(f"/files/evidence/{evidence_id}")
    assert owner.status_code == 200
    assert owner.content == PDF
    assert owner.headers["content-disposition"] == (
        "attachment; filename*=utf-8''%E5%8F%B0%E8%B4%A6.pdf"
    )
    assert owner.headers["x-content-type-options"] == "nosniff"
    for who in ("fd-reporter", "zsj"):  # another unit; a department monitoring other indicators
        browser = quarter.as_(who)
        assert browser.gql(REPORT, {"id": report_id})["data"]["progressReport"] is None
        assert browser.gql(REPORTS)["data"]["progressReports"]["nodes"] == []
        assert browser.http.get(f"/files/evidence/{evidence_id}").status_code == 404
    for who in ("fgj", "office", "lt-head"):  # monitors A2; sees all; the unit's head
        browser = quarter.as_(who)
        assert browser.gql(REPORT, {"id": report_id})["data"]["progressReport"]["id"] == report_id
        assert browser.http.get(f"/files/evidence/{evidence_id}").status_code == 200
    # Another unit may not add files to this report either.
    refused = upload(quarter.as_("fd-reporter"), report_id, "x.pdf", PDF)
    assert refused.status_code == 404


def test_another_tenant_sees_nothing(quarter: Quarter) -> None:
    report_id, evidence_id = _draft_with_file(quarter)
    other = build_quarter(quarter.database, "永宁县")
    office = other.as_("office")
    assert office.gql(REPORT, {"id": report_id})["data"]["progressReport"] is None
    assert office.gql(REPORTS)["data"]["progressReports"]["nodes"] == []
    assert office.http.get(f"/files/evidence/{evidence_id}").status_code == 404
    assert upload(other.as_("lt-reporter"), report_id, "x.pdf", PDF).status_code == 404


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_bad_files_are_refused_and_nothing_is_stored(quarter: Quarter) -> None:
    report_id, _ = _draft_with_file(quarter)
    reporter = quarter.as_("lt-reporter")
    before = _stored(quarter)
    cases = [
        ("说明.pdf", b"MZ\x90\x00 not a pdf", 400, "不支持的文件类型"),
        ("说明.pdf", _docx(), 400, "扩展名与内容不符"),
        ("说明.exe", PDF, 400, "扩展名与内容不符"),
        ("../../etc/passwd.pdf", PDF, 400, "文件名无效"),
        ("..\\evil.pdf", PDF, 400, "文件名无效"),
        (".hidden.pdf", PDF, 400, "文件名无效"),
        ("大文件.pdf", PDF + b"0" * (1024 * 1024), 413, "超过大小上限（1 MB）"),
        ("空.pdf", b"", 400, ""),
    ]
    for name, content, status, message in cases:
        answer = upload(reporter, report_id, name, content)
        assert answer.status_code == status, (name, answer.text)
        assert message in answer.json()["errors"][0]["message"], name
    assert _stored(quarter) == before
    files = reporter.gql(REPORT, {"id": report_id})["data"]["progressReport"]["evidence"]
    assert [f["fileName"] for f in files] == ["台账.pdf"]
    # A docx named as such is accepted.
    assert upload(reporter, report_id, "方案.docx", _docx()).status_code == 201


def test_upload_needs_the_csrf_header_and_a_draft(quarter: Quarter) -> None:
    report_id, _ = _draft_with_file(quarter)
    reporter = quarter.as_("lt-reporter")
    bare = reporter.http.post(f"/files/reports/{report_id}", params={"name": "a.pdf"}, content=PDF)
    assert bare.status_code == 403
    done(
        reporter,
        "mutation($id: ID!) { submitProgressReport(id: $id) { errors { code } } }",
        id=report_id,
    )
    late = upload(reporter, report_id, "b.pdf", PDF)
    assert late.status_code == 409 or "草稿" in late.json()["errors"][0]["message"]
