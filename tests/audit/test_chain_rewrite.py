"""Issue 15, finding 5: the table owner rewrites the chain and recomputes it.

The attack: as the owner of the tables, edit an event, recompute every following hash with the
public chain function, update the head. With an unkeyed hash the chain then verified. Now the
hash is keyed with a secret the database does not hold, so the recomputed hashes are wrong; and
an attacker who somehow had the key too still differs from the anchors kept outside the
database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select

from jixiao.audit.chain import ChainProblem, event_hash
from jixiao.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from jixiao.platform.db import Database
from tests.audit.retention_support import owner_connection
from tests.audit.support import record_some, verify
from tests.factories import make_tenant


def rewrite_as_owner(
    database: Database,
    tenant_id: uuid.UUID,
    edited_seq: int | None,
    rehash: Callable[[AuditEvent], str],
    *,
    edit: Callable[[AuditEvent], None] | None = None,
    from_seq: int | None = None,
) -> None:
    """The attack: edit one event's `after` (none when `edited_seq` is None), apply `edit` to
    every event from `from_seq` (the edited one by default), recompute their hashes with
    `rehash`, relink the chain and move the head, all as the table owner."""
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    head = AuditChainHead.__table__  # type: ignore[attr-defined]
    start = from_seq or edited_seq or 1
    with owner_connection(database, tenant_id) as conn:
        rows = conn.execute(
            select(table).where(table.c.tenant_id == tenant_id).order_by(table.c.seq)
        ).mappings()
        events = [AuditEvent.model_validate(dict(row)) for row in rows]
        previous = next((e.hash for e in events if e.seq == start - 1), GENESIS_HASH)
        for event in (e for e in events if e.seq >= start):
            if event.seq == edited_seq:
                event.after = '{"value":"en"}'
            if edit is not None:
                edit(event)
            event.prev_hash = previous
            event.hash = previous = rehash(event)
            changes = {"after": event.after, "prev_hash": event.prev_hash, "hash": event.hash}
            if "hash_alg" in table.c:  # the keyed chain's column (absent before the fix)
                changes["hash_alg"] = event.hash_alg
            conn.execute(
                table.update()
                .where(table.c.tenant_id == tenant_id, table.c.id == event.id)
                .values(**changes)
            )
        conn.execute(head.update().where(head.c.tenant_id == tenant_id).values(hash=previous))


def test_a_rewrite_recomputed_with_the_public_function_is_found(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 4)
    assert verify(database, jinfeng).ok
    # the attacker knows the public chain function, not the key (the database holds none)
    rewrite_as_owner(database, jinfeng.id, seqs[1], event_hash)
    with database.tenant_session(jinfeng.id) as session:
        edited = session.execute(select(AuditEvent).where(AuditEvent.seq == seqs[1])).scalar_one()
        assert edited.after == '{"value":"en"}'
    result = verify(database, jinfeng)
    assert not result.ok
    assert result.kind is ChainProblem.EDITED
    assert result.first_broken_seq == seqs[1]
    assert result.checked == seqs[1] - 1
