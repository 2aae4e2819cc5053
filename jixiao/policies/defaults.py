"""The roles every tenant starts with (DOMAIN.md section 1), each with its exact permissions.

Written out code by code, without wildcards, so that a matrix test can hold each role to its
set. A tenant may later change the permissions of these roles (they are its own), but not
delete them.
"""

from __future__ import annotations

from dataclasses import dataclass

TENANT_ADMIN = "tenant_admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"
# Separation of three administrators (三员分立): no user holds two of these.
THREE_ADMINS: tuple[str, ...] = (TENANT_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)
# The core powers of each: no role, and no user through all their roles, may hold the core
# permissions of two of them (a custom role must not smuggle two administrators into one).
THREE_ADMIN_CORES: dict[str, frozenset[str]] = {
    TENANT_ADMIN: frozenset({"user:write", "setting:write"}),
    SECURITY_ADMIN: frozenset({"role:write", "role:assign"}),
    AUDIT_ADMIN: frozenset({"audit:read", "audit:export"}),
}


def admin_cores_held(permissions: frozenset[str] | set[str]) -> list[str]:
    """Which of the three administrators' cores these permissions touch (role codes)."""
    return [admin for admin, core in THREE_ADMIN_CORES.items() if core & permissions]


@dataclass(frozen=True)
class DefaultRole:
    code: str
    name: str
    description: str
    permissions: frozenset[str]
    needs_unit: bool = False  # its holders must be linked to a unit (考评对象)


def _role(
    code: str, name: str, description: str, *permissions: str, needs_unit: bool = False
) -> DefaultRole:
    return DefaultRole(code, name, description, frozenset(permissions), needs_unit)


DEFAULT_ROLES: tuple[DefaultRole, ...] = (
    _role(
        TENANT_ADMIN,
        "系统管理员",
        "用户、考评对象、字典与系统设置",
        "setting:read",
        "setting:write",
        "user:read",
        "user:write",
        "unit:read",
        "unit:write",
    ),
    _role(
        SECURITY_ADMIN,
        "安全管理员",
        "角色与权限的配置和分配（三员分立）",
        "role:read",
        "role:write",
        "role:assign",
        "user:read",
        "support:grant",
    ),
    _role(
        AUDIT_ADMIN,
        "审计管理员",
        "审计日志与登录日志的查阅和导出（三员分立）",
        "audit:read",
        "audit:export",
    ),
    _role(
        "office",
        "考评办",
        "编制方案、任务分解、计算与公布结果、处理申诉",
        "scheme:read",
        "scheme:write",
        "unit:read",
        "unit:write",
        "assignment:read",
        "assignment:write",
        "report:read",
        "score:read",
        "score:reopen",
        "result:read",
        "result:compute",
        "result:publish",
        "bonus:read",
        "appeal:handle",
        "survey:manage",
        "supervision:read",
        "notice:read",
        "notice:write",
    ),
    _role(
        "leadership",
        "考评领导小组",
        "审定考评方案与考评结果",
        "scheme:read",
        "scheme:approve",
        "assignment:read",
        "report:read",
        "score:read",
        "result:read",
        "result:approve",
        "supervision:read",
        "notice:read",
    ),
    _role(
        "scoring_leader",
        "赋分领导",
        "为分管（联系）的单位赋分",
        "assignment:read",
        "report:read",
        "score:read",
        "score:write",
        "result:read",
        "notice:read",
    ),
    _role(
        "monitoring_dept",
        "实施监控职能部门",
        "为监控的指标赋分、核实进度、明查暗访",
        "assignment:read",
        "report:read",
        "report:verify",
        "score:read",
        "score:write",
        "result:read",
        "notice:read",
        needs_unit=True,
    ),
    _role(
        "supervision",
        "督查小组",
        "按时限督查督办",
        "assignment:read",
        "report:read",
        "supervision:read",
        "supervision:write",
        "notice:read",
    ),
    _role(
        "unit_reporter",
        "填报员",
        "填报本单位进度与佐证材料，提出申诉",
        "assignment:read",
        "report:read",
        "report:write",
        "result:read",
        "appeal:write",
        "notice:read",
        needs_unit=True,
    ),
    _role(
        "unit_head",
        "单位负责人",
        "审核本单位填报后上报",
        "assignment:read",
        "report:read",
        "report:approve",
        "result:read",
        "appeal:write",
        "notice:read",
        needs_unit=True,
    ),
    _role(
        "finance",
        "财政局",
        "接收绩效奖金表",
        "result:read",
        "bonus:read",
        "notice:read",
    ),
)
BY_CODE = {role.code: role for role in DEFAULT_ROLES}
