"""The hash chain: appends stay ordered under concurrency, and tampering is found and named."""

from __future__ import annotations

import threading

from sqlmodel import col, select

from jixiao.audit.chain import ChainProblem, ChainVerification, event_hash
from jixiao.audit.hashers import chain_hashers
from jixiao.audit.models import AuditChainHead, AuditEvent
from jixiao.audit.service import verify_chain
from jixiao.platform.db import Database
from tests.audit.support import as_owner, record_some, verify
from tests.factories import make_tenant


def test_an_untouched_chain_verifies(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]
    result = verify(database, jinfeng)
    assert result.ok
    assert result.checked == seqs[-1]
    with database.tenant_session(jinfeng.id) as session:
        first = session.exec(select(AuditEvent).where(AuditEvent.seq == 1)).one()
    assert first.action == "tenant.onboard"  # onboarding opened the chain
    assert first.prev_hash == "0" * 64


def test_an_edited_event_is_found(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    touched = as_owner(
        database,
        jinfeng.id,
        'UPDATE audit_event SET after = \'{"value":"en"}\' WHERE tenant_id = :t AND seq = :s',
        t=jinfeng.id,
        s=seqs[1],
    )
    assert touched == 1
    result = verify(database, jinfeng)
    assert not result.ok
    assert result.kind is ChainProblem.EDITED
    assert result.first_broken_seq == seqs[1]
    assert result.problem == f"第 {seqs[1]} 条日志的内容被篡改（哈希值不符）"


def test_a_deleted_event_is_found(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    as_owner(
        database,
        jinfeng.id,
        "DELETE FROM audit_event WHERE tenant_id = :t AND seq = :s",
        t=jinfeng.id,
        s=seqs[1],
    )
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.DELETED
    assert result.first_broken_seq == seqs[1]
    assert result.problem == f"第 {seqs[1]} 条日志缺失：已被删除"


def test_deleting_the_latest_events_is_found_against_the_head(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    as_owner(
        database,
        jinfeng.id,
        "DELETE FROM audit_event WHERE tenant_id = :t AND seq >= :s",
        t=jinfeng.id,
        s=seqs[1],
    )
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.DELETED
    assert result.problem == f"第 {seqs[1]} 至 {seqs[2]} 条日志缺失：已被删除"


def test_a_renumbered_chain_is_found_even_with_recomputed_hashes(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    # the tamperer (with the key, even) deletes an event, moves the next one into its place
    # and re-hashes it
    with database.tenant_session(jinfeng.id) as session:
        moved = session.exec(select(AuditEvent).where(AuditEvent.seq == seqs[2])).one()
        session.expunge(moved)
    moved.seq = seqs[1]
    for sql in (
        "DELETE FROM audit_event WHERE tenant_id = :t AND seq = :old",
        "UPDATE audit_event SET seq = :old, hash = :h WHERE tenant_id = :t AND seq = :new",
        "UPDATE audit_chain_head SET seq = :old, hash = :h WHERE tenant_id = :t",
    ):
        as_owner(
            database,
            jinfeng.id,
            sql,
            t=jinfeng.id,
            old=seqs[1],
            new=seqs[2],
            h=event_hash(moved, chain_hashers(database.settings).current),
        )
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.REORDERED
    assert result.first_broken_seq == seqs[1]
    assert "顺序被改动" in result.problem


def test_concurrent_appends_keep_one_gapless_chain(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    failures: list[BaseException] = []

    def append() -> None:
        try:
            for _ in range(3):
                record_some(database, jinfeng, 2)
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=append) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with database.tenant_session(jinfeng.id) as session:
        seqs = list(session.exec(select(AuditEvent.seq).order_by(col(AuditEvent.seq))))
        head = session.exec(select(AuditChainHead)).one()
        assert verify_chain(session).ok
    assert seqs == list(range(1, len(seqs) + 1))
    assert head.seq == seqs[-1]


def test_each_tenant_has_its_own_chain(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    record_some(database, jinfeng, 5)
    with database.tenant_session(xixia.id) as session:
        tenants = set(session.exec(select(AuditEvent.tenant_id)))
        assert tenants == {xixia.id}
        assert verify_chain(session).ok


def test_a_deleted_or_rolled_back_head_is_found(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 2)
    as_owner(
        database,
        jinfeng.id,
        "UPDATE audit_chain_head SET seq = :s WHERE tenant_id = :t",
        t=jinfeng.id,
        s=seqs[0],
    )
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.EDITED
    assert "链头被改动" in result.problem
    as_owner(
        database, jinfeng.id, "DELETE FROM audit_chain_head WHERE tenant_id = :t", t=jinfeng.id
    )
    result = verify(database, jinfeng)
    assert not result.ok
    assert "链头被删除" in result.problem


def test_a_tenant_without_a_chain_yet_starts_one(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    for table in ("audit_event", "audit_chain_head"):  # as if onboarded before audit existed
        as_owner(database, jinfeng.id, f"DELETE FROM {table} WHERE tenant_id = :t", t=jinfeng.id)
    assert verify(database, jinfeng) == ChainVerification(ok=True, checked=0)
    assert record_some(database, jinfeng, 2) == [1, 2]
    assert verify(database, jinfeng) == ChainVerification(ok=True, checked=2)
