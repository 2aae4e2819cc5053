"""An operator's request into a tenant under a support grant: the read-only subject it gets.

The portal names the tenant in the `X-Jixiao-Support` header of an operator's requests. The
grant is looked up at every request (operators' subjects are never kept by the authenticator),
so a grant revoked or expired refuses the very next request.
"""

from __future__ import annotations

from jixiao.platform.auth import AuthenticationRefused, DataScope, Subject, SupportRef, TenantRef
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.policies.permissions import SUPPORT_ACCESS
from jixiao.support.queries import live_grant
from jixiao.support.service import READ_CODES
from jixiao.tenants.models import TenantStatus
from jixiao.tenants.service import find_tenant

SUPPORT_HEADER = "x-jixiao-support"
REFUSED = "SUPPORT_GRANT_REQUIRED"


def support_subject(session: JixiaoSession, operator: Subject, tenant_code: str) -> Subject:
    """The operator's read-only subject in the named tenant, or a 403 refusal naming why."""
    if operator.kind != "operator" or not operator.can(SUPPORT_ACCESS.code):
        raise AuthenticationRefused(REFUSED, "只有平台运维人员可以经授权进入租户", status=403)
    tenant = find_tenant(session, tenant_code) if tenant_code.strip() else None
    if tenant is None:
        raise AuthenticationRefused(REFUSED, f"没有代码为「{tenant_code}」的租户", status=403)
    if tenant.status is not TenantStatus.ACTIVE:
        raise AuthenticationRefused(REFUSED, f"{tenant.name}已暂停使用本平台", status=403)
    assert operator.user_id is not None
    with acting_for_tenant(session, tenant.id):
        grant = live_grant(session, operator.user_id)
    if grant is None:
        raise AuthenticationRefused(
            REFUSED,
            f"没有{tenant.name}的有效运维授权（未授权、已到期或已被撤销）",
            status=403,
        )
    return Subject(
        kind="operator",
        tenant=TenantRef(
            id=tenant.id, code=tenant.code, name=tenant.name, level=tenant.level.value
        ),
        user_id=operator.user_id,
        display_name=f"{operator.display_name}（运维支持）",
        username=operator.username,
        permissions=READ_CODES,
        via="cookie",
        session_id=operator.session_id,
        scope=DataScope(every_unit=True),
        support=SupportRef(grant_id=grant.id, expires_at=grant.expires_at),
    )
