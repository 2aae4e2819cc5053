"""Events are chained as their transaction commits (audit/service.record_many): the chain head's
lock orders a tenant's audited writes for the commit only, so a long transaction holding an
event does not hold up the others; what is rolled back leaves nothing, also not in the
session's next transaction."""

from __future__ import annotations

from sqlalchemy import event, text
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.audit.service import chain_head, record
from jixiao.platform.db import Database
from tests.audit.support import verify
from tests.factories import make_tenant, tenant_user


def _actions(database: Database, tenant_id: object) -> list[tuple[int, str]]:
    with database.tenant_session(tenant_id) as session:  # type: ignore[arg-type]
        rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
        return [(row.seq, row.action) for row in rows]


def test_an_open_transaction_holding_an_event_does_not_hold_up_another(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    actor = tenant_user(jinfeng, "setting:write")
    before = _actions(database, jinfeng.id)
    with database.tenant_session(jinfeng.id) as slow:
        held = record(slow, actor=actor, action="test.slow")
        # Another request records and commits meanwhile: on PostgreSQL it would wait for the
        # head row's lock (and this test hang) were the event chained when recorded.
        with database.tenant_session(jinfeng.id) as quick:
            if database.settings.is_postgres:  # fail rather than hang
                quick.exec(text("SET LOCAL lock_timeout = '5s'"))
            record(quick, actor=actor, action="test.quick")
            quick.commit()
        assert held.seq == 0  # numbered at the commit, not before
        slow.commit()
    after = _actions(database, jinfeng.id)[len(before) :]
    start = before[-1][0] if before else 0
    assert after == [(start + 1, "test.quick"), (start + 2, "test.slow")]
    assert held.seq == start + 2
    assert verify(database, jinfeng).ok


def test_a_rolled_back_transaction_leaves_no_event_even_in_the_next_one(
    database: Database,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    actor = tenant_user(jinfeng, "setting:write")
    before = _actions(database, jinfeng.id)
    with database.tenant_session(jinfeng.id) as session:
        record(session, actor=actor, action="test.undone")
        session.rollback()
        record(session, actor=actor, action="test.done")
        session.commit()
        head = chain_head(session)
    after = _actions(database, jinfeng.id)[len(before) :]
    assert [action for _, action in after] == ["test.done"]
    assert head == after[-1][0]
    assert verify(database, jinfeng).ok


def test_an_event_in_a_savepoint_rolled_back_goes_with_it(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    actor = tenant_user(jinfeng, "setting:write")
    before = _actions(database, jinfeng.id)
    with database.tenant_session(jinfeng.id) as session:
        record(session, actor=actor, action="test.outer")
        savepoint = session.begin_nested()
        record(session, actor=actor, action="test.inner.undone")
        savepoint.rollback()
        with session.begin_nested():
            record(session, actor=actor, action="test.inner.kept")
        session.commit()
    after = [action for _, action in _actions(database, jinfeng.id)[len(before) :]]
    # A savepoint's events are chained at once: before the transaction's others.
    assert after == ["test.inner.kept", "test.outer"]
    assert verify(database, jinfeng).ok


def test_an_audited_change_sends_its_event_with_the_heads_hash(database: Database) -> None:
    """One event: on PostgreSQL its insert rides in the head's hash update (one round trip
    fewer for every audited change); on SQLite the two statements follow each other. Several
    events: one insert for all of them. Each way the chain verifies."""
    jinfeng = make_tenant(database, "金凤区")
    actor = tenant_user(jinfeng, "setting:write")
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(" ".join(statement.split()).upper())

    def audit_statements_of_commit(actions: list[str]) -> list[str]:
        with database.tenant_session(jinfeng.id) as session:
            for action in actions:
                record(session, actor=actor, action=action)
            del seen[:]
            session.commit()
        return [statement for statement in seen if "AUDIT_" in statement]

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        one = audit_statements_of_commit(["test.one"])
        several = audit_statements_of_commit(["test.two", "test.three"])
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    assert one[0].startswith("UPDATE AUDIT_CHAIN_HEAD SET SEQ="), one  # the head taken first
    if database.settings.is_postgres:
        assert len(one) == 2, one
        assert one[1].startswith("WITH APPENDED AS (INSERT INTO AUDIT_EVENT"), one
        assert ") UPDATE AUDIT_CHAIN_HEAD SET HASH=" in one[1], one
    else:
        assert len(one) == 3, one
        assert one[1].startswith("INSERT INTO AUDIT_EVENT"), one
        assert one[2].startswith("UPDATE AUDIT_CHAIN_HEAD SET HASH="), one
    assert len(several) == 3, several
    assert several[1].startswith("INSERT INTO AUDIT_EVENT"), several
    actions = _actions(database, jinfeng.id)
    first = actions[-3][0]
    assert actions[-3:] == [(first, "test.one"), (first + 1, "test.two"), (first + 2, "test.three")]
    assert verify(database, jinfeng).ok
