"""The audit chain with HMAC-SM3 (GB/T 39786): chosen by a setting; a switch keeps every older
event verifiable, each naming its own algorithm."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from sqlalchemy import select

from jixiao.audit.hashers import HmacSm3
from jixiao.audit.models import AuditEvent
from jixiao.audit.service import verify_chain
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database
from tests.audit.support import record_some
from tests.factories import make_tenant


def test_sm3_is_the_standard_hash() -> None:
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")  # GB/T 32905-2016, example 1
    assert digest.finalize().hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert HmacSm3(b"k" * 32).digest("0" * 64, b"x") != HmacSm3(b"j" * 32).digest("0" * 64, b"x")


def test_a_chain_moves_to_hmac_sm3_and_verifies_whole(database: Database) -> None:
    tenant = make_tenant(database, "金凤区")
    record_some(database, tenant, 2)
    sm3 = Database(
        database.settings.with_changes(audit_chain_algorithm="hmac-sm3"), database.engine
    )
    record_some(sm3, tenant, 2)
    with sm3.tenant_session(tenant.id) as session:
        algorithms = list(
            session.execute(select(AuditEvent.hash_alg).order_by(AuditEvent.seq)).scalars()
        )
        assert algorithms[-2:] == ["hmac-sm3", "hmac-sm3"]
        assert "hmac-sha256" in algorithms
        assert verify_chain(session).ok
    with database.tenant_session(tenant.id) as session:  # a process still writing sha256 reads it
        assert verify_chain(session).ok


def test_an_unknown_algorithm_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="JIXIAO_AUDIT_CHAIN_ALGORITHM"):
        Settings.from_env({"JIXIAO_AUDIT_CHAIN_ALGORITHM": "md5"})
