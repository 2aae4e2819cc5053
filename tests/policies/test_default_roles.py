"""Every tenant starts with the roles of DOMAIN.md section 1, each with exactly its permissions.

The expected sets are written out here, not read back from `defaults`, and checked through
casbin (`permissions_for` and `enforce`), the way a request sees them.
"""

from __future__ import annotations

from jixiao.platform.db import Database
from jixiao.policies import defaults
from jixiao.policies.enforcer import EnforcerCache
from jixiao.policies.permissions import TENANT_CODES
from jixiao.policies.queries import policy_version
from jixiao.policies.service import ensure_default_roles, list_roles
from tests.factories import make_tenant
from tests.policies.helpers import make_user

READ_ONLY_APPRAISAL = {"assignment:read", "report:read", "notice:read"}
MATRIX: dict[str, set[str]] = {
    "tenant_admin": {
        "setting:read",
        "setting:write",
        "user:read",
        "user:write",
        "unit:read",
        "unit:write",
    },
    "security_admin": {"role:read", "role:write", "role:assign", "user:read", "support:grant"},
    "audit_admin": {"audit:read", "audit:export"},
    "office": {
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
    },
    "leadership": {
        "scheme:read",
        "scheme:approve",
        "assignment:read",
        "report:read",
        "score:read",
        "result:read",
        "result:approve",
        "supervision:read",
        "notice:read",
    },
    "scoring_leader": READ_ONLY_APPRAISAL | {"score:read", "score:write", "result:read"},
    "monitoring_dept": READ_ONLY_APPRAISAL
    | {"report:verify", "score:read", "score:write", "result:read"},
    "supervision": READ_ONLY_APPRAISAL | {"supervision:read", "supervision:write"},
    "unit_reporter": READ_ONLY_APPRAISAL | {"report:write", "result:read", "appeal:write"},
    "unit_head": READ_ONLY_APPRAISAL | {"report:approve", "result:read", "appeal:write"},
    "finance": {"result:read", "bonus:read", "notice:read"},
}
NEEDS_UNIT = {"unit_reporter", "unit_head", "monitoring_dept"}


def test_each_default_role_holds_exactly_its_permissions(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    holders = {code: make_user(database, jinfeng, code.replace("_", "-"), code) for code in MATRIX}
    cache = EnforcerCache()
    with database.tenant_session(jinfeng.id) as session:
        for code, expected in MATRIX.items():
            user_id = holders[code]
            assert cache.permissions_for(session, user_id) == expected, code
            allowed = {c for c in TENANT_CODES if cache.enforce(session, user_id, c)}
            assert allowed == expected, code
            assert cache.roles_for(session, user_id) == {code}


def test_the_default_roles_are_named_in_chinese_and_flag_the_unit_roles(
    database: Database,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        roles = {r.role.code: r.role for r in list_roles(session)}
    assert set(roles) == set(MATRIX)
    assert roles["tenant_admin"].name == "系统管理员"
    assert roles["security_admin"].name == "安全管理员"
    assert roles["audit_admin"].name == "审计管理员"
    assert roles["office"].name == "考评办"
    assert all(role.builtin for role in roles.values())
    assert {code for code, role in roles.items() if role.needs_unit} == NEEDS_UNIT


def test_no_default_role_holds_a_platform_permission_or_a_wildcard() -> None:
    for role in defaults.DEFAULT_ROLES:
        assert role.permissions <= TENANT_CODES, role.code
        assert not any("*" in code for code in role.permissions), role.code


def test_ensuring_the_default_roles_twice_changes_nothing(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        version = policy_version(session)
        before = [(r.role.code, r.permissions) for r in list_roles(session)]
        ensure_default_roles(session)
        session.commit()
        assert policy_version(session) == version
        assert [(r.role.code, r.permissions) for r in list_roles(session)] == before
