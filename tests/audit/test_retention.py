"""Retention: events and sign-ins older than the policy are archived (gzip'd JSON Lines with a
SHA-256, verifiable, the chain's edges recorded) and only then removed; the purge is audited;
nothing younger is touched; a second run changes nothing; the remaining chain verifies from its
checkpoint, and tampering with it (or with the archive) is found."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, func, select

from jixiao.audit.archive_files import read_archive
from jixiao.audit.archives import verify_archive
from jixiao.audit.chain import ChainProblem
from jixiao.audit.models import GENESIS_HASH, ArchiveKind, AuditArchive, AuditEvent
from jixiao.audit.retention import RetentionRun, apply_retention
from jixiao.audit.service import record, verify_chain
from jixiao.identity.models import SignInLog, SignInOutcome
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import send
from tests.audit.retention_support import age_history, age_sign_ins, owner_connection
from tests.audit.support import as_owner
from tests.factories import make_tenant, tenant_user


def _record_some(database: Database, tenant: Tenant, count: int, label: str) -> list[int]:
    actor = tenant_user(tenant, "setting:write")
    with database.tenant_session(tenant.id) as session:
        events = [
            record(session, actor=actor, action="test.event", after={"n": f"{label}{i}"})
            for i in range(count)
        ]
        session.commit()  # events are chained (numbered) as the transaction commits
    return [event.seq for event in events]


def _sign_ins(database: Database, tenant: Tenant, count: int, address: str) -> None:
    with database.tenant_session(tenant.id) as session:
        for i in range(count):
            session.add(
                SignInLog(username=f"user{i}", outcome=SignInOutcome.FAILED, client_address=address)
            )
        session.commit()


@dataclass
class History:
    tenant: Tenant
    old_last: int  # events 1..old_last are past the policy
    young: list[int]


def _history(database: Database) -> History:
    """A tenant with old events and sign-ins (400 days) and young ones (today)."""
    tenant = make_tenant(database, "金凤区")
    _record_some(database, tenant, 3, "old")
    _sign_ins(database, tenant, 2, "10.0.0.1")
    old_last = age_history(database, tenant.id, days=400)
    age_sign_ins(database, tenant.id, days=400)
    young = _record_some(database, tenant, 2, "young")
    _sign_ins(database, tenant, 1, "10.0.0.2")
    return History(tenant, old_last, young)


def _retain(database: Database, tenant: Tenant) -> RetentionRun:
    with database.tenant_session(tenant.id) as session:
        run = apply_retention(session, file_store(database.settings))
        session.commit()
    return run


def _state(database: Database, tenant: Tenant) -> tuple[list[int], list[str], list[str]]:
    with database.tenant_session(tenant.id) as session:
        seqs = list(session.exec(select(AuditEvent.seq).order_by(col(AuditEvent.seq))))
        addresses = sorted(a or "" for a in session.exec(select(SignInLog.client_address)))
        files = sorted(session.exec(select(AuditArchive.file_name)))
    return seqs, addresses, files


def test_due_rows_are_archived_then_removed_and_a_second_run_changes_nothing(
    database: Database,
) -> None:
    history = _history(database)
    tenant, storage = history.tenant, database.settings.storage_dir

    run = _retain(database, tenant)

    assert (run.events_removed, run.sign_ins_removed) == (history.old_last, 2)
    events_archive, sign_in_archive = run.archives
    assert events_archive.kind is ArchiveKind.AUDIT_EVENTS
    assert (events_archive.first_seq, events_archive.last_seq) == (1, history.old_last)
    assert events_archive.first_prev_hash == GENESIS_HASH
    path = storage / str(tenant.id) / "archives" / events_archive.file_name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == events_archive.sha256
    with path.open("rb") as handle:
        header, rows = read_archive(handle)
        archived = list(rows)
    assert header["last_hash"] == events_archive.last_hash
    assert [r["seq"] for r in archived] == list(range(1, history.old_last + 1))
    assert archived[0]["action"] == "tenant.onboard"
    assert sign_in_archive.kind is ArchiveKind.SIGN_IN_LOG
    assert sign_in_archive.row_count == 2

    seqs, addresses, files = _state(database, tenant)
    assert seqs[0] == history.old_last + 1
    assert set(history.young) <= set(seqs)
    assert addresses == ["10.0.0.2"]  # the young sign-in stays
    with database.tenant_session(tenant.id) as session:
        for archive in run.archives:
            assert verify_archive(session, file_store(database.settings), archive).ok
        chain = verify_chain(session)
        purges = session.exec(
            select(AuditEvent).where(AuditEvent.action == "audit.retention.purge")
        ).all()
    assert chain.ok
    assert chain.checkpoint_seq == history.old_last
    assert chain.checked == len(seqs)
    assert [json.loads(p.after or "{}")["sha256"] for p in purges] == [
        a.sha256 for a in run.archives
    ]
    assert json.loads(purges[0].after or "{}")["last_seq"] == history.old_last

    again = _retain(database, tenant)
    assert again == RetentionRun((), 0, 0)
    assert _state(database, tenant) == (seqs, addresses, files)
    assert sorted(p.name for p in path.parent.iterdir()) == files


def test_the_retention_job_twice_is_the_job_once(
    database: Database, drain: Callable[[], None]
) -> None:
    history = _history(database)
    drain()
    for _ in range(2):
        send("audit.retention", tenant_id=str(history.tenant.id))
        drain()
    seqs, addresses, files = _state(database, history.tenant)
    assert seqs[0] == history.old_last + 1
    assert addresses == ["10.0.0.2"]
    assert len(files) == 2
    with database.tenant_session(history.tenant.id) as session:
        purges = session.exec(
            select(func.count()).where(AuditEvent.action == "audit.retention.purge")
        ).one()
        assert verify_chain(session).ok
    assert purges == 2  # one per archive


Tamper = Callable[[Database, History], None]


def _edit_young(database: Database, history: History) -> None:
    as_owner(
        database,
        history.tenant.id,
        "UPDATE audit_event SET reason = 'nothing happened' WHERE tenant_id = :t AND seq = :s",
        t=history.tenant.id,
        s=history.young[0],
    )


def _delete_first_remaining(database: Database, history: History) -> None:
    as_owner(
        database,
        history.tenant.id,
        "DELETE FROM audit_event WHERE tenant_id = :t AND seq = :s",
        t=history.tenant.id,
        s=history.old_last + 1,
    )


def _delete_checkpoint(database: Database, history: History) -> None:
    as_owner(
        database,
        history.tenant.id,
        "DELETE FROM audit_checkpoint WHERE tenant_id = :t",
        t=history.tenant.id,
    )


@pytest.mark.parametrize(
    ("tamper", "kind", "first_broken"),
    [
        (_edit_young, ChainProblem.EDITED, lambda h: h.young[0]),
        (_delete_first_remaining, ChainProblem.DELETED, lambda h: h.old_last + 1),
        (_delete_checkpoint, ChainProblem.DELETED, lambda h: 1),
    ],
    ids=["edited", "deleted-after-checkpoint", "checkpoint-deleted"],
)
def test_tampering_with_the_remaining_chain_is_found(
    database: Database,
    tamper: Tamper,
    kind: ChainProblem,
    first_broken: Callable[[History], int],
) -> None:
    history = _history(database)
    _retain(database, history.tenant)
    tamper(database, history)
    with database.tenant_session(history.tenant.id) as session:
        result = verify_chain(session)
    assert not result.ok
    assert (result.kind, result.first_broken_seq) == (kind, first_broken(history))
    assert result.problem


def test_a_changed_archive_file_is_found(database: Database) -> None:
    history = _history(database)
    archive = _retain(database, history.tenant).archives[0]
    path = database.settings.storage_dir / str(history.tenant.id) / "archives" / archive.file_name
    path.write_bytes(path.read_bytes() + b"\0")
    with database.tenant_session(history.tenant.id) as session:
        result = verify_archive(session, file_store(database.settings), archive)
    assert not result.ok
    assert result.problem == f"归档文件 {archive.file_name} 的校验值不符：文件被改动"


@pytest.mark.postgres
def test_the_database_itself_refuses_purges_outside_the_policy(pg_settings: object) -> None:
    """On PostgreSQL the app role cannot delete audit rows; the purge function it may call
    removes only what is past the policy (never under 180 days) and archived."""
    from jixiao.platform.config import Settings
    from jixiao.workers.broker import inprocess_worker, setup_broker

    assert isinstance(pg_settings, Settings)
    database = Database(pg_settings)
    with inprocess_worker(setup_broker(pg_settings, database)):
        tenant = make_tenant(database, "金凤区")
        other = make_tenant(database, "西夏区")
        with owner_connection(database, tenant.id) as conn:  # a setting forced under the floor
            conn.execute(
                text("UPDATE tenant_setting SET value = '30' WHERE key = 'audit_retention_days'")
            )
        last = age_history(database, tenant.id, days=100)
        assert _retain(database, tenant) == RetentionRun((), 0, 0)  # 100 days < 180: kept
        calls = [
            (tenant.id, last),  # not past the policy, and no archive
            (other.id, 1),  # another tenant than the transaction's
        ]
        for target, seq in calls:
            with database.tenant_session(tenant.id) as session, pytest.raises(DBAPIError):
                session.execute(
                    text("SELECT jixiao_audit_purge(:t, :s, :a, :c)"),
                    {"t": target, "s": seq, "a": uuid.uuid4(), "c": uuid.uuid4()},
                )
        with database.tenant_session(tenant.id) as session, pytest.raises(DBAPIError):
            session.execute(
                text(
                    "INSERT INTO audit_checkpoint (tenant_id, id, seq, hash, archive_id, at)"
                    " VALUES (:t, :i, 99, 'x', :i, now())"
                ),
                {"t": tenant.id, "i": uuid.uuid4()},
            )
        assert _state(database, tenant)[0][0] == 1
    database.dispose()
