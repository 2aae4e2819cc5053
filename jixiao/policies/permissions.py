"""Permission codes (`resource:action`), shared with the portal's menus and buttons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    platform: bool = False


# Platform operators (no tenant): onboarding and suspension only, never appraisal data.
TENANT_READ = Permission("tenant:read", "查看租户", platform=True)
TENANT_CREATE = Permission("tenant:create", "开通租户", platform=True)
TENANT_SUSPEND = Permission("tenant:suspend", "暂停/恢复租户", platform=True)
TENANT_PUBLIC = Permission("tenant:public", "开通阳光考核（结果公开页）", platform=True)
TEMPLATE_MANAGE = Permission("template:manage", "管理平台方案模板", platform=True)
# Read-only support in a tenant that granted it (jixiao/support): never without a live grant.
SUPPORT_ACCESS = Permission("support:access", "经授权只读进入租户（运维支持）", platform=True)

# System management (系统管理员).
SETTING_READ = Permission("setting:read", "查看系统设置")
SETTING_WRITE = Permission("setting:write", "修改系统设置")
USER_READ = Permission("user:read", "查看用户")
USER_WRITE = Permission("user:write", "管理用户（新增、停用、重置密码、强制下线）")
UNIT_READ = Permission("unit:read", "查看考评对象")
UNIT_WRITE = Permission("unit:write", "管理考评对象与分组")

# Security management (安全管理员).
ROLE_READ = Permission("role:read", "查看角色与权限")
ROLE_WRITE = Permission("role:write", "管理角色与权限")
ROLE_ASSIGN = Permission("role:assign", "为用户分配角色")
SUPPORT_GRANT = Permission("support:grant", "授权运维访问")

# Audit (审计管理员).
AUDIT_READ = Permission("audit:read", "查看审计日志与登录日志")
AUDIT_EXPORT = Permission("audit:export", "导出与归档审计日志")

# The appraisal itself.
SCHEME_READ = Permission("scheme:read", "查看考评方案")
SCHEME_WRITE = Permission("scheme:write", "编制考评方案与指标")
SCHEME_APPROVE = Permission("scheme:approve", "审定考评方案")
ASSIGNMENT_READ = Permission("assignment:read", "查看任务分解")
ASSIGNMENT_WRITE = Permission("assignment:write", "任务分解")
REPORT_READ = Permission("report:read", "查看进度填报")
REPORT_WRITE = Permission("report:write", "填报进度")
REPORT_APPROVE = Permission("report:approve", "审核本单位填报（领导已审）")
REPORT_VERIFY = Permission("report:verify", "进度核实")
SCORE_READ = Permission("score:read", "查看评分")
SCORE_WRITE = Permission("score:write", "赋分")
SCORE_REOPEN = Permission("score:reopen", "退回已提交的评分")
RESULT_READ = Permission("result:read", "查看考评结果")
RESULT_COMPUTE = Permission("result:compute", "计算考评结果")
RESULT_APPROVE = Permission("result:approve", "审定考评结果")
RESULT_PUBLISH = Permission("result:publish", "公布考评结果")
APPEAL_WRITE = Permission("appeal:write", "提出申诉")
APPEAL_HANDLE = Permission("appeal:handle", "处理申诉")
SURVEY_MANAGE = Permission("survey:manage", "管理群众满意度测评")
SUPERVISION_READ = Permission("supervision:read", "查看督查督办")
SUPERVISION_WRITE = Permission("supervision:write", "督查督办")
NOTICE_READ = Permission("notice:read", "查看通知公告")
NOTICE_WRITE = Permission("notice:write", "发布通知公告")
BONUS_READ = Permission("bonus:read", "查看绩效奖金表")

ALL: tuple[Permission, ...] = tuple(
    value for value in list(globals().values()) if isinstance(value, Permission)
)
BY_CODE = {p.code: p for p in ALL}
PLATFORM_OPERATOR = frozenset(p.code for p in ALL if p.platform)
TENANT_CODES = frozenset(p.code for p in ALL if not p.platform)
