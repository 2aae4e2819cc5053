"""Attachments: uploaded through a plain POST (CSRF-protected), recognised by their content,
kept under server names in the tenant's folder, downloaded only by readers of the notice."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
from starlette.testclient import TestClient

from jixiao.platform.auth import CSRF_COOKIE
from jixiao.platform.db import Database
from jixiao.tenants.service import update_setting
from tests.factories import Browser
from tests.identity.support import account
from tests.notices.support import CREATE, PUBLISH, notice_input

PDF = b"%PDF-1.7\n" + b"0" * 100 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["单位", "得分"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(browser: Browser, name: str, content: bytes, *, csrf: bool = True) -> Any:
    headers = {"Content-Type": "application/octet-stream"}
    if csrf:
        headers["X-CSRF-Token"] = browser.http.cookies[CSRF_COOKIE]
    return browser.http.post(
        "/files/notices", params={"name": name}, content=content, headers=headers
    )


def _signed_in(database: Database, *roles: str, **kw: Any) -> Browser:
    who = account(database, *roles, **kw)
    browser = Browser(database)
    assert browser.sign_in(who.tenant.code, who.username, who.password)["errors"] == []
    browser.tenant = who.tenant  # type: ignore[attr-defined]
    return browser


def test_uploads_need_the_csrf_header_and_an_accepted_kind(database: Database) -> None:
    office = _signed_in(database, "office")
    assert _upload(office, "通知.pdf", PDF, csrf=False).status_code == 403
    stored = _upload(office, "..\\..\\通知.exe", PDF)
    assert stored.status_code == 201, stored.text
    body = stored.json()
    assert body["fileName"] == "通知.pdf"
    assert body["contentType"] == "application/pdf"
    assert body["sizeBytes"] == len(PDF)
    for name, content, kind in (
        ("图.jpg", PNG, "image/png"),
        ("方案.docx", _docx(), "wordprocessingml"),
        ("得分表.xlsx", _xlsx(), "spreadsheetml"),
    ):
        answer = _upload(office, name, content)
        assert answer.status_code == 201, answer.text
        assert kind in answer.json()["contentType"]
    for name, content in (
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("empty.pdf", b""),
    ):
        refused = _upload(office, name, content)
        assert refused.status_code == 400, refused.text
        assert refused.json()["errors"][0]["extensions"]["code"] == "INVALID"
    tenant_dir = database.settings.storage_dir / str(office.tenant.id) / "notices"  # type: ignore[attr-defined]
    kept = sorted(p.name for p in tenant_dir.iterdir())
    assert len(kept) == 4
    assert all(not name.startswith(".") for name in kept)
    assert not any("通知" in name for name in kept)  # server names only


def test_uploads_over_the_tenants_limit_are_refused(database: Database) -> None:
    office = _signed_in(database, "office")
    with database.tenant_session(office.tenant.id) as session:  # type: ignore[attr-defined]
        update_setting(session, "upload_max_mb", "1")
        session.commit()
    answer = _upload(office, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["message"] == "文件超过大小上限（1 MB）"


def test_only_readers_of_the_notice_download_its_files(database: Database) -> None:
    office = _signed_in(database, "office", name="金凤区")
    tenant = office.tenant  # type: ignore[attr-defined]
    reader = _signed_in(database, "finance", tenant=tenant)
    outsider = _signed_in(database, "leadership", tenant=tenant)
    stranger = _signed_in(database, "office", name="西夏区")

    attachment = _upload(office, "通知.pdf", PDF).json()
    # not taken by a notice yet: its uploader (the office) only
    assert reader.http.get(f"/files/notices/{attachment['id']}").status_code == 404
    created = office.gql(
        CREATE,
        {
            "input": notice_input(
                audience={"everyone": False, "roleCodes": ["finance"]},
                attachmentIds=[attachment["id"]],
            )
        },
    )["data"]["createNotice"]
    assert created["errors"] == [], created
    [listed] = created["notice"]["attachments"]
    office.gql(PUBLISH, {"id": created["notice"]["id"]})

    fetched = reader.http.get(listed["downloadUrl"])
    assert fetched.status_code == 200
    assert fetched.content == PDF
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["x-content-type-options"] == "nosniff"
    assert "attachment;" in fetched.headers["content-disposition"]
    for other in (outsider, stranger):
        assert other.http.get(listed["downloadUrl"]).status_code == 404
    assert TestClient(reader.http.app).get(listed["downloadUrl"]).status_code == 401
    # the other tenant cannot take the file into a notice of its own
    taken = stranger.gql(CREATE, {"input": notice_input(attachmentIds=[attachment["id"]])})
    assert taken["data"]["createNotice"]["errors"][0]["code"] == "NOT_FOUND"
