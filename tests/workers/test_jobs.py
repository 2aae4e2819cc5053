"""Jobs: sent only after commit, idempotent, on the in-process broker and on Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlmodel import select

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants import onboarding
from jixiao.tenants.models import Tenant, TenantLevel, TenantSetting
from jixiao.tenants.settings import SPECS
from jixiao.workers import registry
from jixiao.workers.broker import enqueue, send, setup_broker, start_worker
from tests.factories import make_tenant, unique_code

RECORDED: list[str] = []


@registry.actor("tests.record", max_retries=0, time_limit_ms=5_000)
def record(token: str) -> None:
    RECORDED.append(token)


def test_a_job_of_a_rolled_back_transaction_never_runs(
    database: Database, drain: Callable[[], None]
) -> None:
    token = uuid.uuid4().hex
    with database.platform_session() as session:
        onboarded = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(unique_code(), "回滚区", TenantLevel.DISTRICT)
        ).tenant
        enqueue(session, "tests.record", token=token)
        session.rollback()
    drain()
    assert token not in RECORDED
    assert not (database.settings.storage_dir / str(onboarded.id)).exists()


def test_a_job_of_a_committed_transaction_runs_once(
    database: Database, drain: Callable[[], None]
) -> None:
    token = uuid.uuid4().hex
    with database.platform_session() as session:
        enqueue(session, "tests.record", token=token)
        assert token not in RECORDED  # not before the commit
        session.commit()
    drain()
    assert RECORDED.count(token) == 1


def test_provisioning_twice_has_one_effect(database: Database, drain: Callable[[], None]) -> None:
    tenant = make_tenant(database, "金凤区")
    drain()
    with database.platform_session() as session:
        first = session.get(Tenant, tenant.id)
        assert first is not None
        assert first.provisioned_at is not None
        provisioned_at = first.provisioned_at
    # delivered again (at-least-once), twice more
    send("tenants.provision", tenant_id=str(tenant.id))
    send("tenants.provision", tenant_id=str(tenant.id))
    drain()
    with database.tenant_session(tenant.id) as session:
        keys = session.exec(select(TenantSetting.key)).all()
        again = session.get(Tenant, tenant.id)
    assert sorted(keys) == sorted(set(keys))
    assert sorted(keys) == sorted(spec.key for spec in SPECS)  # each default setting once
    assert again is not None
    assert again.provisioned_at == provisioned_at
    assert (database.settings.storage_dir / str(tenant.id) / "evidence").is_dir()


@pytest.fixture
def redis_database(
    sqlite_settings: Settings, redis_url: str
) -> Iterator[tuple[Database, Settings]]:
    settings = sqlite_settings.with_changes(
        redis_url=redis_url, queue_namespace=f"jixiao-test-{uuid.uuid4().hex[:8]}"
    )
    database = Database(settings)
    broker = setup_broker(settings, database)
    worker = start_worker(broker)
    yield database, settings
    worker.stop()
    database.dispose()


def _wait_for(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.redis
def test_redis_broker_runs_committed_jobs_and_drops_rolled_back_ones(
    redis_database: tuple[Database, Settings],
) -> None:
    database, _settings = redis_database
    kept, dropped = uuid.uuid4().hex, uuid.uuid4().hex
    with database.platform_session() as session:
        enqueue(session, "tests.record", token=dropped)
        session.rollback()
    tenant = make_tenant(database, "西夏区")  # commits and enqueues provisioning
    with database.platform_session() as session:
        enqueue(session, "tests.record", token=kept)
        session.commit()

    def provisioned() -> bool:
        with database.platform_session() as session:
            row = session.get(Tenant, tenant.id)
            return row is not None and row.provisioned_at is not None

    assert _wait_for(lambda: kept in RECORDED)
    assert _wait_for(provisioned)
    assert dropped not in RECORDED
