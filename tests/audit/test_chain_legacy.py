"""Events hashed before the key (no algorithm named, unkeyed sha256) keep verifying once a keyed
seal follows them, and the seal's HMAC keeps them from being rewritten with the public hash."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from jixiao.audit.chain import ChainProblem, event_hash
from jixiao.audit.models import AuditEvent
from jixiao.audit.service import seal_chain
from jixiao.cli import app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants.models import Tenant
from tests.audit.support import record_some, verify
from tests.audit.test_chain_rewrite import rewrite_as_owner
from tests.factories import make_tenant


def unkeyed(event: AuditEvent) -> None:
    event.hash_alg = None


def as_before_the_key(database: Database, tenant: Tenant) -> None:
    """The tenant's chain as an older release wrote it: unkeyed sha256, no algorithm named."""
    rewrite_as_owner(database, tenant.id, None, event_hash, edit=unkeyed, from_seq=1)


def test_events_from_before_the_key_verify_once_sealed(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    as_before_the_key(database, jinfeng)
    unsealed = verify(database, jinfeng)
    assert not unsealed.ok
    assert unsealed.problem is not None
    assert "尚未封存" in unsealed.problem
    with database.tenant_session(jinfeng.id) as session:
        seal = seal_chain(session)
        session.commit()
        assert seal is not None
        assert (seal.action, seal.hash_alg, seal.seq) == (
            "audit.chain.seal",
            "hmac-sha256",
            seqs[-1] + 1,
        )
        assert seal_chain(session) is None  # sealed already
    assert verify(database, jinfeng).ok
    assert record_some(database, jinfeng, 1)
    assert verify(database, jinfeng).ok


def test_an_old_event_rewritten_with_the_public_hash_breaks_at_the_seal(
    database: Database,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    seqs = record_some(database, jinfeng, 3)
    as_before_the_key(database, jinfeng)
    with database.tenant_session(jinfeng.id) as session:
        seal = seal_chain(session)
        session.commit()
    assert seal is not None
    # the attacker recomputes every unkeyed hash; the seal's HMAC they cannot
    rewrite_as_owner(
        database,
        jinfeng.id,
        seqs[1],
        lambda event: event.hash if event.hash_alg else event_hash(event),
    )
    result = verify(database, jinfeng)
    assert result.kind is ChainProblem.EDITED
    assert result.first_broken_seq == seal.seq
    assert result.checked == seal.seq - 1


def test_jixiao_migrate_seals_the_chains_left_unkeyed(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_ENV": "test"}
    assert runner.invoke(app, ["migrate"], env=env).exit_code == 0
    made = runner.invoke(app, ["tenant", "create", "jinfeng", "--name", "金凤区"], env=env)
    assert made.exit_code == 0, made.output
    database = Database(Settings(env="test", data_dir=tmp_path / "data"))
    try:
        with database.platform_session() as session:
            tenant = session.exec(select(Tenant)).one()
        as_before_the_key(database, tenant)
        assert not verify(database, tenant).ok
        result = runner.invoke(app, ["migrate"], env=env)
        assert result.exit_code == 0, result.output
        assert "sealed the audit chains of 1 tenants with the key" in result.stdout
        assert verify(database, tenant).ok
        again = runner.invoke(app, ["migrate"], env=env)
        assert "sealed" not in again.stdout
    finally:
        database.dispose()
