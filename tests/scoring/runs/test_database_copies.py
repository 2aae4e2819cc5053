"""Two databases holding the same ids at the same revisions (a copy of one another, as the browser
tests' servers over one seeded file) never read each other's inputs, rules or enforcers from
what the process keeps: those are kept per database, tenant and scheme (`database_key`). (The
copies' rules are the same here: the rules are read through each copy's own key, not compared.)

Before, a server that recomputed after a change read the inputs another server had kept at the
same revision, and stored results of the other's scores (test_publicity after test_appeals)."""

from __future__ import annotations

import shutil
import uuid
from decimal import Decimal
from pathlib import Path

from sqlmodel import col, select

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.policies.enforcer import default_cache
from jixiao.schemes.inputs import engine_rules
from jixiao.scoring.models import Score
from jixiao.scoring.runs import sources
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.conftest import NO_RATE_LIMITS
from tests.factories import SCHEME
from tests.factories.tenants import import_example, make_tenant


def _open(data_dir: Path) -> Database:
    return Database(Settings(env="test", data_dir=data_dir, **NO_RATE_LIMITS))


def _set_first_actual(database: Database, tenant_id: uuid.UUID, actual: Decimal) -> None:
    """Change the first measured score (the scheme's inputs revision moves by one)."""
    with database.tenant_session(tenant_id) as session:
        score = session.exec(
            select(Score).where(col(Score.actual).is_not(None)).order_by(col(Score.seq))
        ).first()
        assert score is not None
        score.actual = actual
        session.add(score)
        session.commit()


def test_a_copy_of_the_database_reads_its_own_inputs_rules_and_policies(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    original = Database(sqlite_settings)
    with inprocess_worker(setup_broker(sqlite_settings, original, mode="inprocess")) as drain:
        tenant = make_tenant(original, "金凤区")
        import_example(original, tenant)
        drain()
    original.dispose()  # every page on disk before the copy
    copied_dir = tmp_path / "copy"
    shutil.copytree(sqlite_settings.data_dir, copied_dir)
    original, copy = _open(sqlite_settings.data_dir), _open(copied_dir)
    try:
        # The same change count on both, with different values: the same revision number.
        _set_first_actual(original, tenant.id, Decimal("11"))
        _set_first_actual(copy, tenant.id, Decimal("99"))
        sources.INPUTS.clear()
        with original.tenant_session(tenant.id) as session:
            kept = sources.load_inputs(session, SCHEME)  # kept by the process
            engine_rules(session, SCHEME)
        with copy.tenant_session(tenant.id) as session:
            warm = sources.load_inputs(session, SCHEME)
            full = sources.engine_inputs(session, SCHEME)  # no cache: every row read
            rules, _ = engine_rules(session, SCHEME)
        assert warm.inputs_seq == kept.inputs_seq  # the case: one revision, two contents
        assert warm.version == full.version != kept.version
        assert rules.code == SCHEME
        # The enforcers: one per database, each built from its own rows.
        with original.tenant_session(tenant.id) as session:
            default_cache.roles_for(session, tenant.id)
        with copy.tenant_session(tenant.id) as session:
            default_cache.roles_for(session, tenant.id)
        assert default_cache.cached_tenants().count(tenant.id) == 2
        default_cache.invalidate(tenant.id)
        assert tenant.id not in default_cache.cached_tenants()
    finally:
        original.dispose()
        copy.dispose()
