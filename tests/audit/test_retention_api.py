"""The audit admin's side through GraphQL and HTTP: the policy floor, archives listed, verified
and downloaded, the daily check alerting once per break, the sign-in log searched, both logs
exported, and audit events searched by unit and actor."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime

import openpyxl
from sqlmodel import func, select
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.audit.models import AuditEvent
from jixiao.graphql.relay import to_global_id
from jixiao.notices.models import Notification, NotificationKind
from jixiao.org.models import Unit, UnitKind
from jixiao.platform.auth import ANONYMOUS, CSRF_COOKIE, Subject
from jixiao.platform.db import Database
from jixiao.workers.broker import send
from tests.audit.support import as_owner
from tests.audit.test_retention import _history, _retain
from tests.factories import GraphQLClient, make_tenant, ok, person, tenant_user

SETTING = """
mutation($v: String!) { updateTenantSetting(key: "audit_retention_days", value: $v) {
  setting { value } errors { code message field } } }"""
ARCHIVES = """
query($kind: AuditArchiveKind) { auditArchives(kind: $kind) { nodes {
  id kind fileName sha256 rowCount firstSeq lastSeq firstPrevHash lastHash downloadUrl } } }"""
VERIFY_ARCHIVE = "query($id: ID!) { verifyAuditArchive(id: $id) { ok rows problem } }"
VERIFY = "{ verifyAuditChain { ok checked checkpointSeq firstBrokenSeq kind problem } }"
SIGN_INS = """
query($filter: SignInLogFilter, $first: Int, $after: String) {
  signInLog(filter: $filter, first: $first, after: $after) {
    nodes { id username outcome clientAddress } pageInfo { hasNextPage endCursor } } }"""
EXPORT_EVENTS = """
mutation($format: ExportFormat!, $filter: AuditEventFilter) {
  exportAuditEvents(format: $format, filter: $filter) {
    file { fileName contentType base64 rowCount } errors { code message } } }"""
EXPORT_SIGN_INS = """
mutation($format: ExportFormat!, $filter: SignInLogFilter) {
  exportSignInLog(format: $format, filter: $filter) {
    file { fileName contentType base64 rowCount } errors { code message } } }"""


def test_a_retention_policy_under_180_days_is_refused(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = tenant_user(jinfeng, "setting:write")
    refused = gql.execute(SETTING, {"v": "179"}, subject=admin)["data"]["updateTenantSetting"]
    assert refused["setting"] is None
    assert refused["errors"][0]["code"] == "INVALID"
    assert "须为 180 到 3650 之间的整数" in refused["errors"][0]["message"]
    kept = ok(gql, SETTING, {"v": "180"}, admin)["updateTenantSetting"]["setting"]
    assert kept == {"value": "180"}


def test_the_audit_admin_lists_verifies_and_downloads_archives(
    gql: GraphQLClient, database: Database
) -> None:
    history = _history(database)
    run = _retain(database, history.tenant)
    auditor = tenant_user(history.tenant, "audit:read", "audit:export")
    listed = ok(gql, ARCHIVES, {"kind": "AUDIT_EVENTS"}, auditor)["auditArchives"]["nodes"]
    [archive] = listed
    assert (archive["firstSeq"], archive["lastSeq"]) == (1, history.old_last)
    assert archive["sha256"] == run.archives[0].sha256
    assert ok(gql, VERIFY_ARCHIVE, {"id": archive["id"]}, auditor)["verifyAuditArchive"] == {
        "ok": True,
        "rows": history.old_last,
        "problem": None,
    }
    chain = ok(gql, VERIFY, {}, auditor)["verifyAuditChain"]
    assert chain["ok"]
    assert chain["checkpointSeq"] == history.old_last

    gql.subject = ANONYMOUS
    assert gql.http.get(archive["downloadUrl"]).status_code == 401
    gql.subject = auditor
    fetched = gql.http.get(archive["downloadUrl"])
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "application/gzip"
    assert hashlib.sha256(fetched.content).hexdigest() == archive["sha256"]
    gql.subject = tenant_user(history.tenant, "audit:read")  # reading is not exporting
    assert gql.http.get(archive["downloadUrl"]).status_code == 403
    gql.subject = tenant_user(make_tenant(database, "西夏区"), "audit:read", "audit:export")
    assert gql.http.get(archive["downloadUrl"]).status_code == 404
    with database.tenant_session(history.tenant.id) as session:
        downloads = session.exec(
            select(AuditEvent.outcome).where(AuditEvent.action == "audit.archive.download")
        ).all()
    assert sorted(o.value for o in downloads) == ["refused", "success"]


def test_the_daily_check_alerts_the_audit_admins_once_per_break(
    gql: GraphQLClient, database: Database, drain: Callable[[], None]
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    auditor = person(database, jinfeng, "auditor", "audit_admin")
    office = person(database, jinfeng, "office", "office")
    drain()
    send("audit.verify", tenant_id=str(jinfeng.id))
    drain()
    assert _alerts(database, auditor) == 0  # an intact chain alerts nobody

    as_owner(
        database,
        jinfeng.id,
        "UPDATE audit_event SET reason = 'nothing happened' WHERE tenant_id = :t AND seq = 2",
        t=jinfeng.id,
    )
    for _ in range(2):
        send("audit.verify", tenant_id=str(jinfeng.id))
        drain()
    assert _alerts(database, auditor) == 1
    assert _alerts(database, office) == 0
    [bell] = ok(gql, "{ myNotifications { nodes { kind title body } } }", {}, auditor)[
        "myNotifications"
    ]["nodes"]
    assert bell["kind"] == "ALERT"
    assert "第 2 条日志的内容被篡改" in bell["body"]
    with database.tenant_session(jinfeng.id) as session:
        recorded = session.exec(
            select(func.count()).where(AuditEvent.action == "audit.alert")
        ).one()
    assert recorded == 1


def _alerts(database: Database, subject: Subject) -> int:
    assert subject.tenant_id is not None
    with database.tenant_session(subject.tenant_id) as session:
        return int(
            session.exec(
                select(func.count()).where(
                    Notification.user_id == subject.user_id,
                    Notification.kind == NotificationKind.ALERT,
                )
            ).one()
        )


def test_the_sign_in_log_is_searched_paged_and_exported(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    # An address of its own: the throttle counts failures per address across tenants, and
    # tests/identity/test_throttle.py locks 10.9.8.7 (on the same PostgreSQL database, this
    # test's attempts came back LOCKED).
    client = TestClient(create_app(database.settings, database=database), client=("10.77.3.9", 1))
    client.get("/healthz")
    for username in ("zhangsan", "lisi", "zhangsan"):
        client.post(
            "/graphql",
            json={
                "query": "mutation($t: String, $u: String!) { signIn(input: {tenant: $t, "
                'username: $u, password: "Wrong-Password-0000"}) { errors { code } } }',
                "variables": {"t": jinfeng.code, "u": username},
            },
            headers={"X-CSRF-Token": client.cookies[CSRF_COOKIE]},
        )
    auditor = tenant_user(jinfeng, "audit:read", "audit:export")
    found = ok(gql, SIGN_INS, {"filter": {"username": "zhang"}, "first": 1}, auditor)["signInLog"]
    assert [n["username"] for n in found["nodes"]] == ["zhangsan"]
    assert found["nodes"][0]["outcome"] == "FAILED"
    assert found["nodes"][0]["clientAddress"] == "10.77.3.9"
    rest = ok(
        gql,
        SIGN_INS,
        {"filter": {"username": "zhang"}, "first": 5, "after": found["pageInfo"]["endCursor"]},
        auditor,
    )["signInLog"]
    assert [n["username"] for n in rest["nodes"]] == ["zhangsan"]
    assert not rest["pageInfo"]["hasNextPage"]

    exported = ok(
        gql, EXPORT_SIGN_INS, {"format": "CSV", "filter": {"clientAddress": "10.77."}}, auditor
    )
    file = exported["exportSignInLog"]["file"]
    assert file["rowCount"] == 3
    assert file["fileName"].endswith(".csv")
    text = base64.b64decode(file["base64"]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间", "用户名", "结果"]
    assert sorted(r[1] for r in rows[1:]) == ["lisi", "zhangsan", "zhangsan"]

    reader = tenant_user(jinfeng, "audit:read")
    denied = gql.execute(EXPORT_SIGN_INS, {"format": "CSV"}, subject=reader)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_audit_events_are_found_by_unit_and_actor_and_exported(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        town = Unit(code="liangtian", name="良田镇", kind=UnitKind.TOWN)
        session.add(town)
        session.commit()
    reporter = person(database, jinfeng, "tianbao", "unit_reporter", unit_id=town.id)
    ok(gql, "mutation { markAllNotificationsRead { unread } }", {}, reporter)
    ok(
        gql,
        'mutation { updateMyNotificationSettings(input: {email: "=cmd@x.gov.cn"}) '
        "{ errors { message } } }",
        {},
        reporter,
    )
    auditor = tenant_user(jinfeng, "audit:read", "audit:export")
    unit_id = str(to_global_id("Unit", town.id))
    query = (
        "query($u: ID, $a: String) { auditEvents(unitId: $u, actorId: $a) { nodes { action } } }"
    )
    by_unit = ok(gql, query, {"u": unit_id}, auditor)["auditEvents"]["nodes"]
    assert [e["action"] for e in by_unit] == ["notification.settings.update"]
    by_actor = ok(gql, query, {"a": str(reporter.user_id)}, auditor)["auditEvents"]["nodes"]
    assert [e["action"] for e in by_actor] == ["notification.settings.update"]

    exported = ok(
        gql,
        EXPORT_EVENTS,
        {"format": "XLSX", "filter": {"unitId": unit_id}},
        auditor,
    )["exportAuditEvents"]["file"]
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(exported["base64"]))).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:6] == ["序号", "时间", "操作者类型", "操作者", "操作者标识", "操作"]
    assert values[1][5:7] == ["修改通知设置", "notification.settings.update"]
    assert isinstance(values[1][0], int)
    assert isinstance(values[1][1], datetime)  # a date cell, not text
    assert values[1][9] == "成功"
    assert json.loads(values[1][14])["email"] == "=cmd@x.gov.cn"  # text, never a formula
    with database.tenant_session(jinfeng.id) as session:
        export = session.exec(select(AuditEvent).where(AuditEvent.action == "audit.export")).one()
    assert json.loads(export.after or "{}")["rows"] == 1
