"""The per-tenant enforcers: reloaded everywhere within the check interval, kept in an LRU,
and blind to every tenant but their own."""

from __future__ import annotations

import time
import uuid

import casbin

from jixiao.platform.db import Database
from jixiao.policies.defaults import DEFAULT_ROLES
from jixiao.policies.enforcer import (
    CHECK_INTERVAL,
    MODEL_TEXT,
    EnforcerCache,
    PolicyRules,
    build_enforcer,
    permissions_for,
    role_subject,
    user_subject,
)
from jixiao.policies.service import update_role_permissions
from tests.factories import make_tenant
from tests.policies.helpers import make_user


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_another_process_sees_a_change_within_the_check_interval(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    finance_user = make_user(database, jinfeng, "caizheng", "finance")
    clock = FakeClock()
    other_process = EnforcerCache(clock=clock)
    with database.tenant_session(jinfeng.id) as session:
        assert "notice:write" not in other_process.permissions_for(session, finance_user)
    # given the finance role gains a permission, committed by this process
    with database.tenant_session(jinfeng.id) as session:
        permissions = {"result:read", "bonus:read", "notice:read", "notice:write"}
        update_role_permissions(session, "finance", permissions)
        session.commit()
    # then this process's own cache has it at once (dropped at commit)
    with database.tenant_session(jinfeng.id) as session:
        assert "notice:write" in permissions_for(session, finance_user)
    # and the other process keeps its copy until the interval has passed, then reloads
    clock.advance(CHECK_INTERVAL / 2)
    with database.tenant_session(jinfeng.id) as session:
        assert "notice:write" not in other_process.permissions_for(session, finance_user)
    clock.advance(CHECK_INTERVAL / 2)
    with database.tenant_session(jinfeng.id) as session:
        assert other_process.permissions_for(session, finance_user) == permissions
        assert other_process.enforce(session, finance_user, "notice:write")


def test_another_process_hears_a_change_through_redis_at_once(
    database: Database, redis_url: str
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    finance_user = make_user(database, jinfeng, "caizheng", "finance")
    settings = database.settings.with_changes(
        redis_url=redis_url, queue_namespace=f"test-{uuid.uuid4().hex[:8]}"
    )
    here, there = Database(settings), Database(settings)
    other_process = EnforcerCache(clock=FakeClock())  # its clock never moves
    there.changes.listen(other_process.heard)
    there.changes.start()
    try:
        assert there.changes.wait_subscribed()
        with here.tenant_session(jinfeng.id) as session:
            assert "notice:write" not in other_process.permissions_for(session, finance_user)
            permissions = {"result:read", "bonus:read", "notice:read", "notice:write"}
            update_role_permissions(session, "finance", permissions)
            session.commit()
        deadline = time.monotonic() + 5
        while jinfeng.id in other_process.cached_tenants():
            assert time.monotonic() < deadline, "the other process was not told"
            time.sleep(0.01)
        with here.tenant_session(jinfeng.id) as session:
            assert other_process.permissions_for(session, finance_user) == permissions
    finally:
        here.dispose()
        there.dispose()


def test_an_unchanged_version_keeps_the_enforcer(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    user = make_user(database, jinfeng, "bangong", "office")
    clock = FakeClock()
    cache = EnforcerCache(clock=clock)
    with database.tenant_session(jinfeng.id) as session:
        first = cache._entry(session)
        clock.advance(CHECK_INTERVAL * 3)
        assert cache._entry(session) is first
        assert "scheme:write" in cache.permissions_for(session, user)


def test_an_uncommitted_change_is_used_in_its_transaction_but_never_cached(
    database: Database,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    user = make_user(database, jinfeng, "caizheng", "finance")
    cache = EnforcerCache(clock=FakeClock())
    with database.tenant_session(jinfeng.id) as session:
        before = cache.permissions_for(session, user)
    with database.tenant_session(jinfeng.id) as session:
        update_role_permissions(session, "finance", ["result:read"])
        assert cache.permissions_for(session, user) == {"result:read"}
        session.rollback()
    with database.tenant_session(jinfeng.id) as session:
        assert cache.permissions_for(session, user) == before
        assert permissions_for(session, user) == before


def test_the_least_recently_used_tenant_is_evicted(database: Database) -> None:
    tenants = [make_tenant(database, name) for name in ("金凤区", "西夏区", "兴庆区")]
    cache = EnforcerCache(maxsize=2, clock=FakeClock())
    for tenant in tenants[:2]:
        with database.tenant_session(tenant.id) as session:
            cache.permissions_for(session, make_user(database, tenant, "pingfen"))
    with database.tenant_session(tenants[0].id) as session:  # the first is used again
        cache.enforce(session, make_user(database, tenants[0], "other"), "score:read")
    with database.tenant_session(tenants[2].id) as session:
        cache.permissions_for(session, make_user(database, tenants[2], "pingfen"))
    assert cache.cached_tenants() == [tenants[0].id, tenants[2].id]


def test_a_role_in_one_tenant_gives_nothing_in_another(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    office_user = make_user(database, jinfeng, "bangong", "office")
    with database.tenant_session(jinfeng.id) as session:
        assert "scheme:write" in permissions_for(session, office_user)
    with database.tenant_session(xixia.id) as session:
        assert permissions_for(session, office_user) == frozenset()


def test_the_matcher_compares_domains_before_roles() -> None:
    matcher = next(line for line in MODEL_TEXT.splitlines() if line.startswith("m ="))
    assert matcher.index("r.dom == p.dom") < matcher.index("g(r.sub, p.sub, r.dom)")
    # One enforcer holding two domains: a role granted in A answers nothing in B.
    enforcer = casbin.Enforcer(casbin.Enforcer.new_model(text=MODEL_TEXT))
    enforcer.add_policy(role_subject("office"), "tenant-a", "scheme", "write")
    enforcer.add_policy(role_subject("office"), "tenant-b", "scheme", "write")
    user = user_subject(uuid.uuid4())
    enforcer.add_grouping_policy(user, role_subject("office"), "tenant-a")
    assert enforcer.enforce(user, "tenant-a", "scheme", "write")
    assert not enforcer.enforce(user, "tenant-b", "scheme", "write")


def test_a_tenant_with_thousands_of_users_builds_without_comparing_every_role() -> None:
    """pycasbin's domain role manager compares each role it meets with every role it holds
    (an equality "pattern" function): quadratic, 27 s for 5,000 users before the fix. Counted,
    not timed (a time limit failed under load): ours makes no such comparison at all."""
    grants = tuple(
        (role.code, permission) for role in DEFAULT_ROLES for permission in sorted(role.permissions)
    )
    users = [uuid.uuid4() for _ in range(5000)]
    memberships = tuple((user, DEFAULT_ROLES[i % 11].code) for i, user in enumerate(users))
    enforcer = build_enforcer("tenant", PolicyRules(grants, memberships))
    assert enforcer.enforce(user_subject(users[3]), "tenant", "scheme", "write")  # office
    assert not enforcer.enforce(user_subject(users[4]), "tenant", "scheme", "write")
    assert enforcer.get_role_manager().matching_func is None

    compared = 0

    def equal(first: str, second: str) -> bool:
        nonlocal compared
        compared += 1
        return first == second

    defaults = build_enforcer("tenant", PolicyRules(grants, memberships[:300]))
    defaults.add_named_matching_func("g", equal)  # what pycasbin does by itself, counted
    defaults.build_role_links()
    assert defaults.enforce(user_subject(users[3]), "tenant", "scheme", "write")
    assert compared > 300 * 300  # 300 users: already some 140,000 comparisons
