"""Anchors outside the database: a rewrite with the key, a fall-back to the public hash and a
dropped tail are all found, the daily job writes them (file store and log), and a tenant sees
and trusts only its own."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from sqlmodel import select

from jixiao.audit import chain
from jixiao.audit.anchors import PREFIX, Anchor, write_anchor
from jixiao.audit.archive_files import AREA
from jixiao.audit.chain import ChainProblem, event_hash
from jixiao.audit.hashers import chain_hashers
from jixiao.audit.models import AuditChainHead, AuditEvent
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import send
from tests.audit.support import as_owner, record_some, verify
from tests.audit.test_chain_rewrite import rewrite_as_owner
from tests.factories import GraphQLClient, make_tenant, tenant_user

VERIFY = "{ verifyAuditChain { ok checked firstBrokenSeq kind problem anchoredSeq } }"


def anchor(database: Database, tenant: Tenant) -> Anchor:
    with database.tenant_session(tenant.id) as session:
        written = write_anchor(session, file_store(database.settings))
        session.commit()
    assert written is not None
    return written


def with_the_key(database: Database) -> Callable[[AuditEvent], str]:
    hasher = chain_hashers(database.settings).current
    return lambda event: event_hash(event, hasher)


def unkeyed(event: AuditEvent) -> None:
    event.hash_alg = None


def test_a_rewrite_by_someone_holding_the_key_is_found_by_the_anchors(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    record_some(database, jinfeng, 3)
    first = anchor(database, jinfeng)
    later = record_some(database, jinfeng, 3)
    second = anchor(database, jinfeng)
    assert verify(database, jinfeng).anchored_seq == second.seq
    rewrite_as_owner(database, jinfeng.id, later[1], with_the_key(database))
    with database.tenant_session(jinfeng.id) as session:
        assert chain.verify_chain(session).ok  # the key alone cannot tell: they had it
    result = verify(database, jinfeng)
    assert not result.ok
    assert result.kind is ChainProblem.EDITED
    assert result.first_broken_seq == first.seq + 1
    assert result.anchored_seq == first.seq
    assert result.problem is not None
    assert f"第 {second.seq} 条日志的哈希与" in result.problem
    assert f"第 {first.seq + 1} 至 {second.seq} 条之间有日志被改写" in result.problem


def test_falling_back_to_the_public_hash_is_found(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 4)
    # from the edited event on, hashed with the public function and named unkeyed
    rewrite_as_owner(database, jinfeng.id, seqs[1], event_hash, edit=unkeyed)
    result = verify(database, jinfeng)
    assert result.first_broken_seq == seqs[1]
    assert result.problem == (
        f"第 {seqs[1]} 条日志在带密钥的日志之后改用无密钥哈希：日志被改写后重算了哈希"
    )
    # the whole chain, from its first event: then it ends in an unkeyed event
    rewrite_as_owner(database, jinfeng.id, seqs[1], event_hash, edit=unkeyed, from_seq=1)
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.EDITED
    assert result.first_broken_seq == seqs[-1]
    assert result.problem is not None
    assert "没有带密钥的哈希" in result.problem


def test_a_dropped_tail_with_its_head_moved_back_is_found_by_an_anchor(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    top = anchor(database, jinfeng)
    assert top.seq == seqs[-1]
    for sql in (
        "DELETE FROM audit_event WHERE tenant_id = :t AND seq = :s",
        "UPDATE audit_chain_head SET seq = :s - 1, hash = (SELECT hash FROM audit_event"
        " WHERE tenant_id = :t AND seq = :s - 1) WHERE tenant_id = :t",
    ):
        as_owner(database, jinfeng.id, sql, t=jinfeng.id, s=seqs[-1])
    with database.tenant_session(jinfeng.id) as session:
        assert chain.verify_chain(session).ok  # consistent in the database
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.DELETED
    assert result.first_broken_seq == seqs[-1]
    assert result.problem is not None
    assert f"审计链已到第 {seqs[-1]} 条，库中只到第 {seqs[-2]} 条" in result.problem


def test_the_daily_job_anchors_the_head_in_the_file_store_and_the_log(
    database: Database, drain: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 2)
    drain()
    store = file_store(database.settings)
    caplog.set_level(logging.INFO, logger="jixiao.audit.anchors")
    send("audit.anchor", tenant_id=str(jinfeng.id))
    drain()
    with database.tenant_session(jinfeng.id) as session:
        head = session.exec(select(AuditChainHead)).one()
    assert head.seq == seqs[-1]
    names = store.names(jinfeng.id, AREA, PREFIX)
    assert names == [f"chain-anchor-{head.seq:012d}.json"]
    with store.open(jinfeng.id, AREA, names[0]) as handle:
        data = json.load(handle)
    assert (data["tenant_id"], data["seq"], data["hash"]) == (str(jinfeng.id), head.seq, head.hash)
    assert data["hash_alg"] == data["mac_alg"] == "hmac-sha256"
    assert f"audit chain anchor: tenant={jinfeng.id} seq={head.seq} hash={head.hash}" in caplog.text
    send("audit.anchor", tenant_id=str(jinfeng.id))  # nothing new: nothing written
    drain()
    assert store.names(jinfeng.id, AREA, PREFIX) == names
    more = record_some(database, jinfeng, 1)
    send("audit.anchor", tenant_id=str(jinfeng.id))
    drain()
    assert store.names(jinfeng.id, AREA, PREFIX) == [*names, f"chain-anchor-{more[0]:012d}.json"]
    assert verify(database, jinfeng).anchored_seq == more[0]


def test_a_chain_that_does_not_verify_is_not_anchored(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 2)
    as_owner(
        database,
        jinfeng.id,
        "UPDATE audit_event SET after = '{}' WHERE tenant_id = :t AND seq = :s",
        t=jinfeng.id,
        s=seqs[0],
    )
    store = file_store(database.settings)
    with database.tenant_session(jinfeng.id) as session:
        assert write_anchor(session, store) is None
    assert store.names(jinfeng.id, AREA, PREFIX) == []
    assert f"audit chain of tenant {jinfeng.id} not anchored" in caplog.text


def test_a_tenant_sees_and_trusts_only_its_own_anchors(
    database: Database, gql: GraphQLClient
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    record_some(database, jinfeng, 2)
    top = anchor(database, jinfeng)
    store = file_store(database.settings)
    assert store.names(xixia.id, AREA, PREFIX) == []
    mine = gql.execute(VERIFY, subject=tenant_user(jinfeng, "audit:read"))["data"]
    theirs = gql.execute(VERIFY, subject=tenant_user(xixia, "audit:read"))["data"]
    assert (mine["verifyAuditChain"]["ok"], mine["verifyAuditChain"]["anchoredSeq"]) == (
        True,
        top.seq,
    )
    assert (theirs["verifyAuditChain"]["ok"], theirs["verifyAuditChain"]["anchoredSeq"]) == (
        True,
        0,
    )
    with store.open(jinfeng.id, AREA, top.file_name) as handle:
        data = json.load(handle)
    # jinfeng's anchor copied into xixia's folder is not xixia's
    _put(database, xixia, top.file_name, data)
    result = verify(database, xixia)
    assert not result.ok
    assert result.problem == f"库外锚点 {top.file_name} 不属于本租户的这一位置：锚点被挪用"
    # an anchor changed by someone without the key is not trusted
    _put(database, jinfeng, top.file_name, {**data, "hash": "0" * 64})
    result = verify(database, jinfeng)
    assert not result.ok
    assert result.problem == (f"库外锚点 {top.file_name} 的校验码不符：锚点被改动或并非本系统写入")


def _put(database: Database, tenant: Tenant, name: str, data: dict[str, object]) -> None:
    store = file_store(database.settings)
    staged = store.staging(tenant.id) / "anchor.json"
    staged.write_text(json.dumps(data), encoding="utf-8")
    store.put(tenant.id, AREA, name, staged)
