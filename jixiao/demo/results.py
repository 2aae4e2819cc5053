"""Demo appraisal of 金凤区: the jinfeng-2015 example imported, computed and published.

Idempotent: the scheme is imported once, users are linked once, and computing again with the
same inputs returns the runs already published, so running the demo twice keeps one set.
"""

from __future__ import annotations

from sqlmodel import col, select

from jixiao.demo.assignments import seed_assignments
from jixiao.demo.deadlines import seed_deadlines
from jixiao.engine.examples import example_path
from jixiao.identity.models import User
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import find_unit
from jixiao.org.service import set_links
from jixiao.platform.auth import Subject, TenantRef
from jixiao.platform.db import Database, JixiaoSession
from jixiao.schemes.interchange import import_files
from jixiao.schemes.service import find_scheme
from jixiao.scoring.runs import service
from jixiao.scoring.runs.lookup import pointer_of
from jixiao.scoring.runs.models import Period, RunStatus
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import find_tenant

DEMO_SCHEME = "jinfeng-2015"
# Users whose role needs a unit: (username, unit code, how they are linked; None: works there).
UNIT_USERS: tuple[tuple[str, str, UnitLinkRole | None], ...] = (
    ("tianbao", "liangtian", UnitLinkRole.REPORTER),
    ("fuzeren", "liangtian", UnitLinkRole.HEAD),
    ("jiankong", "fagaiju", None),
)
PERIODS = (Period.ANNUAL, Period.Q1, Period.Q2, Period.Q3, Period.Q4)


def seed_results(database: Database, tenant_code: str = "jinfeng") -> list[str]:
    """Import, link, compute and publish what is missing; returns what was done."""
    with database.platform_session() as platform:
        tenant = find_tenant(platform, tenant_code)
    if tenant is None:
        return []
    with database.tenant_session(tenant.id) as session:
        people = _people(session, tenant)
        office, leader = people.get("office"), people.get("leader")
        if office is None or leader is None:
            return []
        done = []
        if find_scheme(session, DEMO_SCHEME) is None:
            folder = example_path(DEMO_SCHEME)
            import_files(session, folder / "scheme.yaml", folder / "data.yaml", office)
            done.append(f"imported {DEMO_SCHEME}")
        done += _link_units(session, office)
        done += seed_assignments(session, office)
        done += seed_deadlines(session, office)
        for period in PERIODS:
            if _publish(session, period, office, leader):
                done.append(f"published {period.value}")
        session.commit()
    return done


def _people(session: JixiaoSession, tenant: Tenant) -> dict[str, Subject]:
    ref = TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value)
    users = session.exec(select(User).where(col(User.username).in_(["office", "leader"]))).all()
    return {
        user.username: Subject(
            kind="user",
            tenant=ref,
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
        )
        for user in users
    }


def _link_units(session: JixiaoSession, actor: Subject) -> list[str]:
    names = [username for username, _, _ in UNIT_USERS]
    users = {u.username: u for u in session.exec(select(User).where(col(User.username).in_(names)))}
    done = []
    for username, unit_code, role in UNIT_USERS:
        user, unit = users.get(username), find_unit(session, unit_code)
        if user is None or unit is None or user.unit_id == unit.id:
            continue
        if role is None:
            user.unit_id = unit.id
            session.add(user)
            session.flush()
        else:
            set_links(session, unit, role, [user.id], actor=actor)
        done.append(f"linked {username} to {unit_code}")
    return done


def _publish(session: JixiaoSession, period: Period, office: Subject, leader: Subject) -> bool:
    """Compute a period and take its run through review, approval and publication."""
    run = service.compute_run(session, DEMO_SCHEME, period, actor=office).run
    pointer = pointer_of(session, run.scheme_id, run.period)
    if run.status is RunStatus.PUBLISHED or (pointer and pointer.publicity_run_id):
        return False  # published, or a run of the period in 公示 (the office finishes it)
    if run.status is RunStatus.DRAFT:
        service.review_run(session, run.id, actor=office)
    if run.status is RunStatus.REVIEWED:
        service.approve_run(session, run.id, actor=leader)
    service.publish_run(session, run.id, actor=office)
    return True
