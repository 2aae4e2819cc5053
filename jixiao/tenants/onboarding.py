"""Onboarding a government: the tenant, its settings, the three administrators (三员分立) with
one-time passwords, a first draft scheme from a platform template, and provisioning as a job.

Above identity, policies and schemes (it makes users, roles and a scheme), where the rest of
`tenants` (the tenant row, its settings and status) stands below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.audit.service import SYSTEM, record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.schemes.models import Scheme
from jixiao.tenants.models import Tenant, TenantLevel
from jixiao.tenants.service import ensure_default_settings, find_tenant, get_tenant
from jixiao.workers.queue import enqueue

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
# Which level may sit under which: a city holds districts and counties.
_PARENT_LEVELS = {TenantLevel.DISTRICT: {TenantLevel.CITY}, TenantLevel.COUNTY: {TenantLevel.CITY}}


# Separation of the three administrators (三员分立): each gets its own first account.
FIRST_ADMINISTRATORS = (
    ("admin", "系统管理员", "tenant_admin"),
    ("secadmin", "安全管理员", "security_admin"),
    ("auditadmin", "审计管理员", "audit_admin"),
)


@dataclass(frozen=True)
class FirstAccount:
    username: str
    role: str
    one_time_password: str


@dataclass(frozen=True)
class Onboarded:
    """A new tenant and its administrators' one-time passwords (shown once)."""

    tenant: Tenant
    accounts: tuple[FirstAccount, ...]
    scheme: Scheme | None = None  # the draft made from the template, when one was named


@dataclass(frozen=True)
class OnboardTenant:
    code: str
    name: str
    level: TenantLevel
    parent_code: str | None = None
    template_code: str | None = None  # a platform template: the first draft scheme's rules
    scheme_year: int | None = None  # that scheme's year (default: this year)


def onboard_tenant(
    session: JixiaoSession, command: OnboardTenant, *, actor: Subject | None = None
) -> Onboarded:
    """Create a government and what it starts with: settings, default roles and a first
    administrator with a one-time password; provisioning follows as a job."""
    code = command.code.strip().lower()
    name = command.name.strip()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            f"租户代码「{command.code}」无效：须为 2–32 位小写字母、数字或连字符，以字母开头",
            field="code",
        )
    if not name or len(name) > 100:
        raise InvalidInput("租户名称不能为空，且不超过 100 个字", field="name")
    if find_tenant(session, code) is not None:
        raise Conflict(f"租户代码「{code}」已被使用", field="code")
    parent = None
    if command.parent_code:
        parent = get_tenant(session, command.parent_code, field="parentCode")
        allowed = _PARENT_LEVELS.get(command.level, set())
        if parent.level not in allowed:
            raise InvalidInput(
                f"{_level_label(command.level)}不能隶属于{_level_label(parent.level)}「{parent.name}」",
                field="parentCode",
            )
    template = _template(session, command)
    tenant = Tenant(
        code=code, name=name, level=command.level, parent_id=parent.id if parent else None
    )
    session.add(tenant)
    with acting_for_tenant(session, tenant.id):
        # The operator's action opens the new tenant's audit chain.
        record(
            session,
            actor=actor or SYSTEM,
            action="tenant.onboard",
            target_type="tenant",
            target_id=tenant.id,
            after={
                "code": code,
                "name": name,
                "level": command.level,
                "parent": command.parent_code,
            },
        )
        ensure_default_settings(session)
        accounts = _first_administrators(session, actor or SYSTEM)
        scheme = _first_scheme(session, tenant, template, command, actor or SYSTEM)
    enqueue(session, "tenants.provision", tenant_id=str(tenant.id))
    return Onboarded(tenant=tenant, accounts=accounts, scheme=scheme)


def _template(session: JixiaoSession, command: OnboardTenant) -> str | None:
    """The named platform template's code, checked before anything is created."""
    from jixiao.schemes.templates import get_template

    if not (command.template_code or "").strip():
        return None
    if command.scheme_year is not None and not 2000 <= command.scheme_year <= 2100:
        raise InvalidInput(f"方案年度 {command.scheme_year} 无效", field="schemeYear")
    return get_template(session, command.template_code or "").code


def _first_scheme(
    session: JixiaoSession,
    tenant: Tenant,
    template: str | None,
    command: OnboardTenant,
    actor: Subject,
) -> Scheme | None:
    """The tenant's first draft scheme from the template (its units join the organisation)."""
    from jixiao.schemes.lifecycle import from_template
    from jixiao.schemes.service import SchemeSettings

    if template is None:
        return None
    year = command.scheme_year or utcnow().year
    settings = SchemeSettings(
        code=f"{tenant.code}-{year}", name=f"{tenant.name}{year}年绩效考评方案", year=year
    )
    return from_template(session, template, settings, actor=actor).scheme


def _first_administrators(session: JixiaoSession, actor: Subject) -> tuple[FirstAccount, ...]:
    from jixiao.identity.service import create_user
    from jixiao.policies.service import assign_roles, ensure_default_roles

    ensure_default_roles(session, actor=actor)
    accounts = []
    for username, display_name, role in FIRST_ADMINISTRATORS:
        user, password = create_user(session, username=username, display_name=display_name)
        assign_roles(session, None, user.id, [role], actor=actor)
        accounts.append(FirstAccount(username, role, password))
    return tuple(accounts)


def _level_label(level: TenantLevel) -> str:
    return {TenantLevel.CITY: "市", TenantLevel.DISTRICT: "区", TenantLevel.COUNTY: "县"}[level]
