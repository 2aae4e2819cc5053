"""Notices through GraphQL: the office writes and publishes for an audience; readers see theirs
with unread counts and leave read receipts; the office sees who has read and reminds the rest."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.org.models import Unit, UnitKind
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from tests.factories import GraphQLClient, make_tenant, ok, person
from tests.notices.support import (
    BELL,
    COUNTS,
    CREATE,
    DELETE,
    MARK_READ,
    MY_NOTICES,
    NOTICE,
    PUBLISH,
    RECEIPTS,
    REMIND,
    UPDATE,
    WITHDRAW,
    notice_input,
)


def _mine(gql: GraphQLClient, subject: object, **variables: object) -> list[dict[str, object]]:
    data = ok(gql, MY_NOTICES, dict(variables), subject)  # type: ignore[arg-type]
    return [edge["node"] for edge in data["myNotices"]["edges"]]


def test_a_published_notice_reaches_its_audience_only(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        town = Unit(code="liangtian", name="良田镇", kind=UnitKind.TOWN)
        session.add(town)
        session.commit()
    office = person(database, jinfeng, "office", "office")
    reporter = person(database, jinfeng, "tianbao", "unit_reporter", unit_id=town.id)
    head = person(database, jinfeng, "zhenzhang", "unit_head")
    finance = person(database, jinfeng, "caizheng", "finance")
    leader = person(database, jinfeng, "leader", "leadership")

    created = ok(
        gql,
        CREATE,
        {
            "input": notice_input(
                bodyHtml='<p onclick="x()">请按时填报<script>alert(1)</script></p>',
                audience={
                    "everyone": False,
                    "roleCodes": ["finance"],
                    "userIds": [str(_gid("User", head.user_id))],
                    "unitIds": [str(_gid("Unit", town.id))],
                },
            )
        },
        office,
    )["createNotice"]["notice"]
    assert created["status"] == "DRAFT"
    assert created["bodyHtml"] == "<p>请按时填报</p>"
    assert created["audience"]["roles"] == [{"code": "finance", "name": "财政局"}]
    assert created["audience"]["units"][0]["name"] == "良田镇"
    assert created["audienceCount"] == 3
    assert created["readCount"] == 0
    assert _mine(gql, finance) == []  # a draft is the office's alone

    ok(gql, PUBLISH, {"id": created["id"]}, office)
    for reader in (reporter, head, finance):
        [seen] = _mine(gql, reader)
        assert seen["id"] == created["id"]
        assert seen["readAt"] is None
        assert ok(gql, COUNTS, {}, reader)["unreadCounts"]["notices"] == 1
    assert _mine(gql, leader) == []
    assert ok(gql, NOTICE, {"id": created["id"]}, leader)["notice"] is None
    assert ok(gql, COUNTS, {}, leader)["unreadCounts"]["notices"] == 0

    ok(gql, MARK_READ, {"id": created["id"]}, reporter)
    again = ok(gql, MARK_READ, {"id": created["id"]}, reporter)["markNoticeRead"]["notice"]
    assert again["readAt"] is not None  # the first reading stays
    assert ok(gql, COUNTS, {}, reporter)["unreadCounts"]["notices"] == 0
    assert _mine(gql, reporter, unreadOnly=True) == []
    refused = gql.execute(MARK_READ, {"id": created["id"]}, subject=leader)
    assert refused["data"]["markNoticeRead"]["errors"][0]["code"] == "NOT_FOUND"

    read = ok(gql, RECEIPTS, {"id": created["id"], "read": True}, office)
    unread = ok(gql, RECEIPTS, {"id": created["id"], "read": False}, office)
    assert [r["username"] for r in read["noticeReceipts"]["nodes"]] == ["tianbao"]
    assert [r["username"] for r in unread["noticeReceipts"]["nodes"]] == ["caizheng", "zhenzhang"]
    shown = ok(gql, NOTICE, {"id": created["id"]}, office)["notice"]
    assert (shown["readCount"], shown["audienceCount"]) == (1, 3)

    reminded = ok(gql, REMIND, {"id": created["id"]}, office)["remindNoticeUnread"]["reminded"]
    assert reminded == 2
    assert ok(gql, REMIND, {"id": created["id"]}, office)["remindNoticeUnread"]["reminded"] == 0
    [bell] = ok(gql, BELL, {}, finance)["myNotifications"]["nodes"]
    assert bell["kind"] == "NOTICE"
    assert bell["targetId"] == created["id"]
    assert "关于开展2026年第一季度绩效填报的通知" in bell["title"]
    assert ok(gql, BELL, {}, reporter)["myNotifications"]["nodes"] == []
    assert ok(gql, COUNTS, {}, finance)["unreadCounts"]["notifications"] == 1
    ok(gql, "mutation { markAllNotificationsRead { unread } }", {}, finance)
    assert ok(gql, COUNTS, {}, finance)["unreadCounts"]["notifications"] == 0

    ok(gql, WITHDRAW, {"id": created["id"]}, office)
    assert _mine(gql, finance) == []
    ok(gql, DELETE, {"id": created["id"]}, office)
    assert ok(gql, NOTICE, {"id": created["id"]}, office)["notice"] is None
    with database.tenant_session(jinfeng.id) as session:
        actions = session.exec(select(AuditEvent.action).where(
            AuditEvent.target_id == str(from_global_id(created["id"], "Notice")))).all()  # fmt: skip
    assert {"notice.create", "notice.publish", "notice.read", "notice.remind"} <= set(actions)
    assert {"notice.withdraw", "notice.delete"} <= set(actions)


def test_pinned_notices_come_first_and_pages_follow_the_order(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    office = person(database, jinfeng, "office", "office")
    reader = person(database, jinfeng, "reader", "finance")
    ids = []
    for title, pinned in (("一", False), ("二", True), ("三", False)):
        made = ok(gql, CREATE, {"input": notice_input(title, pinned=pinned)}, office)
        ok(gql, PUBLISH, {"id": made["createNotice"]["notice"]["id"]}, office)
        ids.append(made["createNotice"]["notice"]["id"])
    first = ok(gql, MY_NOTICES, {"first": 2}, reader)["myNotices"]
    rest = ok(gql, MY_NOTICES, {"first": 2, "after": first["pageInfo"]["endCursor"]}, reader)
    titles = [e["node"]["title"] for e in first["edges"] + rest["myNotices"]["edges"]]
    assert titles == ["二", "三", "一"]
    assert first["pageInfo"]["hasNextPage"]
    assert not rest["myNotices"]["pageInfo"]["hasNextPage"]

    # unpinning moves it back among the others; an expiry in the past is refused
    ok(gql, UPDATE, {"id": ids[1], "input": notice_input("二", pinned=False)}, office)
    assert [n["title"] for n in _mine(gql, reader)] == ["三", "二", "一"]
    past = (utcnow() - timedelta(hours=1)).isoformat()
    refused = gql.execute(
        UPDATE, {"id": ids[0], "input": notice_input(expiresAt=past)}, subject=office
    )
    assert refused["data"]["updateNotice"]["errors"][0]["field"] == "expiresAt"


def test_typed_errors_and_permissions(gql: GraphQLClient, database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    office = person(database, jinfeng, "office", "office")
    reader = person(database, jinfeng, "reader", "finance")
    bad = gql.execute(
        CREATE,
        {"input": notice_input(" ", audience={"everyone": False, "roleCodes": ["nope"]})},
        subject=office,
    )["data"]["createNotice"]
    assert bad["errors"][0]["field"] == "title"
    unknown = gql.execute(
        CREATE,
        {"input": notice_input(audience={"everyone": False, "roleCodes": ["nope"]})},
        subject=office,
    )["data"]["createNotice"]["errors"][0]
    assert unknown == {
        "code": "INVALID",
        "message": "未知的角色：nope",
        "field": "audience.roleCodes",
    }
    nobody = gql.execute(
        CREATE, {"input": notice_input(audience={"everyone": False})}, subject=office
    )["data"]["createNotice"]["errors"][0]
    assert nobody["field"] == "audience"
    both = gql.execute(
        CREATE,
        {"input": notice_input(audience={"everyone": True, "roleCodes": ["finance"]})},
        subject=office,
    )["data"]["createNotice"]["errors"][0]
    assert both["field"] == "audience"
    assert "全体人员" in both["message"]
    empty = gql.execute(
        CREATE, {"input": notice_input(bodyHtml="<script>x</script>")}, subject=office
    )
    assert empty["data"]["createNotice"]["errors"][0]["field"] == "bodyHtml"
    denied = gql.execute(CREATE, {"input": notice_input()}, subject=reader)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = gql.execute("{ notices { nodes { id } } }", subject=reader)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _gid(type_name: str, raw: uuid.UUID | None) -> str:
    assert raw is not None
    return str(to_global_id(type_name, raw))
