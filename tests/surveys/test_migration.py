"""Migration 0016's data step gives an existing tenant's built-in 考评办 role survey:manage (its
downgrade takes it back), each moving the tenant's policy revision. The step runs here on a
database at head, through alembic's operations, so later migrations do not bear on it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlmodel import select

import jixiao.migrations
from jixiao.platform.db import Database
from jixiao.policies.models import PolicyRevision, Role, RoleGrant
from tests.factories import make_tenant

MIGRATION = Path(jixiao.migrations.__file__).parent / "versions" / "0016_survey.py"


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("survey_migration", MIGRATION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_existing_office_role_gets_survey_manage(database: Database) -> None:
    tenant = make_tenant(database, "迁移区")
    step = _migration()._each_office

    def held() -> tuple[bool, int | None]:
        with database.tenant_session(tenant.id) as session:
            office = session.exec(select(Role).where(Role.code == "office")).one()
            granted = session.exec(
                select(RoleGrant.permission).where(RoleGrant.role_id == office.id)
            ).all()
            return "survey:manage" in granted, session.exec(select(PolicyRevision.version)).first()

    def run(*, grant: bool) -> None:
        engine = database.engine
        if database.settings.migration_database_url:  # PostgreSQL: as the owner, like alembic
            from sqlalchemy import create_engine

            engine = create_engine(database.settings.effective_migration_url)
        with (
            engine.begin() as connection,
            Operations.context(MigrationContext.configure(connection)),
        ):
            step(grant=grant)
        if engine is not database.engine:
            engine.dispose()

    with database.tenant_session(tenant.id) as session:  # as a tenant made before 0016
        for row in session.exec(
            select(RoleGrant).where(RoleGrant.permission == "survey:manage")
        ).all():
            session.delete(row)
        session.commit()
    lacking, before = held()
    assert not lacking
    assert before is not None

    run(grant=True)
    assert held() == (True, before + 1)
    run(grant=True)  # once only
    assert held() == (True, before + 1)
    run(grant=False)
    assert held() == (False, before + 2)
