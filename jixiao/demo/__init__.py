"""Demo data: the city of Yinchuan, its three districts, and a user of every role in 金凤区."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from jixiao.identity.models import Operator, User
from jixiao.identity.passwords import hash_password, verify_password
from jixiao.identity.service import create_user
from jixiao.platform.db import Database, JixiaoSession, acting_for_tenant
from jixiao.policies.service import assign_roles
from jixiao.tenants import onboarding, service
from jixiao.tenants.models import TenantLevel

DEMO_TENANTS: tuple[onboarding.OnboardTenant, ...] = (
    onboarding.OnboardTenant("yinchuan", "银川市", TenantLevel.CITY),
    onboarding.OnboardTenant("jinfeng", "金凤区", TenantLevel.DISTRICT, "yinchuan"),
    onboarding.OnboardTenant("xixia", "西夏区", TenantLevel.DISTRICT, "yinchuan"),
    onboarding.OnboardTenant("xingqing", "兴庆区", TenantLevel.DISTRICT, "yinchuan"),
)
DEMO_TENANT = "jinfeng"
# Demo accounts start with this password and must change it at first sign-in.
DEMO_PASSWORD = "Jinfeng-Demo-2015"  # noqa: S105 - public demo data, changed at first sign-in
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("office", "考评办 王主任", "office"),
    ("leader", "考评领导小组 李组长", "leadership"),
    ("fenguan", "分管领导 赵副区长", "scoring_leader"),
    ("jiankong", "发改局 监控员", "monitoring_dept"),
    ("ducha", "督查组 孙组长", "supervision"),
    ("tianbao", "良田镇 填报员", "unit_reporter"),
    ("fuzeren", "良田镇 镇长", "unit_head"),
    ("caizheng", "财政局 科员", "finance"),
)


@dataclass(frozen=True)
class DemoAccount:
    tenant: str
    username: str
    role: str
    first_password: bool  # still DEMO_PASSWORD, never changed


def seed_demo(database: Database) -> list[str]:
    """Onboard the demo tenants and accounts that are missing; returns the tenant codes created."""
    created = []
    with database.platform_session() as session:
        for command in DEMO_TENANTS:
            if service.find_tenant(session, command.code) is not None:
                continue
            onboarded = onboarding.onboard_tenant(session, command)
            created.append(command.code)
            with acting_for_tenant(session, onboarded.tenant.id):
                _demo_passwords(session, [a.username for a in onboarded.accounts])
                if command.code == DEMO_TENANT:
                    _demo_users(session)
        if session.exec(select(Operator)).first() is None:
            session.add(
                Operator(
                    username="operator",
                    display_name="平台运营",
                    password_hash=hash_password(DEMO_PASSWORD),
                )
            )
        session.commit()
    seed_appraisal(database)
    return created


def seed_appraisal(database: Database) -> list[str]:
    """金凤区's 2015 appraisal: the example scheme and data, results computed and published."""
    from jixiao.demo.results import seed_results

    return seed_results(database, DEMO_TENANT)


def _demo_passwords(session: JixiaoSession, usernames: list[str]) -> None:
    for user in session.exec(select(User).where(col(User.username).in_(usernames))).all():
        user.password_hash = hash_password(DEMO_PASSWORD)
        session.add(user)


def _demo_users(session: JixiaoSession) -> None:
    for username, display_name, role in DEMO_USERS:
        user, _ = create_user(
            session, username=username, display_name=display_name, password=DEMO_PASSWORD
        )
        assign_roles(session, None, user.id, [role])


def demo_accounts(database: Database) -> list[DemoAccount]:
    """Every demo account, for the banner `jixiao demo` prints, with whether it still has the
    demo password: a password once changed is not printed as if it still opened the account."""
    with database.platform_session() as session:
        operator = session.exec(select(Operator).where(Operator.username == "operator")).first()
        accounts = [DemoAccount("(平台)", "operator", "platform_operator", _first(operator))]
        tenant = service.find_tenant(session, DEMO_TENANT)
        if tenant is None:
            return accounts
        users = (*onboarding.FIRST_ADMINISTRATORS, *DEMO_USERS)
        with acting_for_tenant(session, tenant.id):
            found = {
                user.username: user
                for user in session.exec(
                    select(User).where(col(User.username).in_([u[0] for u in users]))
                ).all()
            }
            accounts += [
                DemoAccount(DEMO_TENANT, username, role, _first(found.get(username)))
                for username, _, role in users
            ]
    return accounts


def _first(account: User | Operator | None) -> bool:
    """Whether the account still signs in with the demo password (it must change it then)."""
    return (
        account is not None
        and account.must_change_password
        and verify_password(account.password_hash, DEMO_PASSWORD)
    )
