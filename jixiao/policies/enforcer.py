"""casbin enforcers, one per tenant, built from that tenant's rows and kept in an LRU.

A tenant's enforcer is rebuilt only when its policies change: the process that changed them
drops its copy as the change commits, and tells the others (`platform/changes.py`, through
Redis), which drop theirs at once. As a safety net against a lost message, each process also
reads the tenant's policy version at most every `CHECK_INTERVAL` seconds and rebuilds when it
moved.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import casbin
from casbin.persist.adapter import Adapter
from sqlmodel import col, update

from jixiao.platform.changes import Change, announce
from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.platform.orm import utcnow
from jixiao.platform.recent import Recent
from jixiao.policies.models import PolicyRevision
from jixiao.policies.queries import grant_rules, membership_rules, policy_version

MODEL_TEXT = Path(__file__).with_name("model.conf").read_text(encoding="utf-8")
CHECK_INTERVAL = 2.0  # seconds between two version checks of one tenant in one process
CACHE_SIZE = 256  # tenants whose enforcers a process keeps
# Tenants whose policies this session changed and has not committed yet: never cached.
_UNCOMMITTED_KEY = "policies_changed"


def user_subject(user_id: uuid.UUID) -> str:
    """The casbin subject of a user (prefixed, so no user id can pass for a role code)."""
    return f"user:{user_id}"


def role_subject(role_code: str) -> str:
    """The casbin subject of a role."""
    return f"role:{role_code}"


@dataclass(frozen=True)
class PolicyRules:
    """A tenant's policy as casbin sees it: role → permission, and user → role."""

    grants: tuple[tuple[str, str], ...]  # (role code, permission code)
    memberships: tuple[tuple[uuid.UUID, str], ...]  # (user id, role code)


class TenantPolicyAdapter(Adapter):  # type: ignore[misc]
    """A read-only casbin adapter holding one tenant's rules (loaded by `load_rules`)."""

    def __init__(self, domain: str, rules: PolicyRules) -> None:
        self.domain = domain
        self.rules = rules

    def load_policy(self, model: Any) -> None:
        """Put the tenant's rules into casbin's model (called by the enforcer)."""
        # Appended as casbin's own file adapter does: `Model.add_policy` checks each rule
        # against a list (quadratic in the tenant's users); the database keeps rows unique.
        grants = model.model["p"]["p"].policy
        for role_code, permission in self.rules.grants:
            obj, _, act = permission.partition(":")
            grants.append([role_subject(role_code), self.domain, obj, act])
        memberships = model.model["g"]["g"].policy
        for user_id, role_code in self.rules.memberships:
            memberships.append([user_subject(user_id), role_subject(role_code), self.domain])


def load_rules(session: JixiaoSession) -> PolicyRules:
    """The session tenant's grants and memberships (two queries)."""
    return PolicyRules(
        grants=tuple(grant_rules(session)), memberships=tuple(membership_rules(session))
    )


def build_enforcer(domain: str, rules: PolicyRules) -> casbin.Enforcer:
    """A casbin enforcer for one domain (tenant id) loaded with exactly these rules."""
    model = casbin.Enforcer.new_model(text=MODEL_TEXT)
    enforcer = casbin.Enforcer(model, TenantPolicyAdapter(domain, rules))
    # pycasbin's domain role manager defaults to an equality "pattern" function, which makes
    # building its role graph quadratic (27 s for 5,000 users); role names here are plain.
    enforcer.add_named_matching_func("g", None)
    return enforcer


def bump_policy_version(session: JixiaoSession) -> None:
    """Mark a change of the session tenant's policies; every process reloads after the commit."""
    tenant_id = session.require_tenant()
    result = session.exec(
        update(PolicyRevision)
        .where(col(PolicyRevision.tenant_id) == tenant_id)
        .values(version=PolicyRevision.version + 1, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        session.add(PolicyRevision(version=1))
        session.flush()
    changed: set[uuid.UUID] = session.info.setdefault(_UNCOMMITTED_KEY, set())
    changed.add(tenant_id)

    def committed() -> None:
        changed.discard(tenant_id)
        default_cache.invalidate(tenant_id)

    on_commit(session, committed)
    announce(session, "policy", tenant_id)  # the other processes drop theirs at once


@dataclass
class _Entry:
    """One tenant's enforcer with what was computed from it."""

    domain: str
    version: int
    checked_at: float
    enforcer: casbin.Enforcer
    lock: threading.Lock = field(default_factory=threading.Lock)
    permissions: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)
    roles: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)

    def permissions_of(self, user_id: uuid.UUID) -> frozenset[str]:
        """The user's permission codes, computed once per enforcer."""
        with self.lock:
            found = self.permissions.get(user_id)
            if found is None:
                rules = self.enforcer.get_implicit_permissions_for_user(
                    user_subject(user_id), self.domain
                )
                found = frozenset(f"{rule[2]}:{rule[3]}" for rule in rules)
                self.permissions[user_id] = found
            return found

    def roles_of(self, user_id: uuid.UUID) -> frozenset[str]:
        """The user's role codes, computed once per enforcer."""
        with self.lock:
            found = self.roles.get(user_id)
            if found is None:
                subjects = self.enforcer.get_implicit_roles_for_user(
                    user_subject(user_id), self.domain
                )
                found = frozenset(s.removeprefix("role:") for s in subjects)
                self.roles[user_id] = found
            return found

    def enforce(self, user_id: uuid.UUID, code: str) -> bool:
        """casbin's answer for one permission code, through the matcher."""
        obj, _, act = code.partition(":")
        with self.lock:
            return bool(self.enforcer.enforce(user_subject(user_id), self.domain, obj, act))


class EnforcerCache:
    """The enforcers of one process: an LRU of tenants, each checked against its version.

    Keyed by database and tenant: two databases can hold one tenant id at one policy version
    (copies of one another), and neither's enforcer may answer for the other's."""

    def __init__(
        self,
        *,
        maxsize: int = CACHE_SIZE,
        interval: float = CHECK_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self._entries: Recent[tuple[str, uuid.UUID], _Entry] = Recent(maxsize)

    def permissions_for(self, session: JixiaoSession, user_id: uuid.UUID) -> frozenset[str]:
        """Every permission code the user holds through its roles in the session's tenant."""
        return self._entry(session).permissions_of(user_id)

    def roles_for(self, session: JixiaoSession, user_id: uuid.UUID) -> frozenset[str]:
        """The codes of the user's roles in the session's tenant."""
        return self._entry(session).roles_of(user_id)

    def enforce(self, session: JixiaoSession, user_id: uuid.UUID, code: str) -> bool:
        """Whether the user may do `code` (`resource:action`) in the session's tenant."""
        return self._entry(session).enforce(user_id, code)

    def invalidate(self, tenant_id: uuid.UUID) -> None:
        """Forget a tenant's enforcers (of every database); the next use rebuilds them."""
        held = self._entries.keys()  # a copy: Recent is not a dict
        for key in held:
            if key[1] == tenant_id:
                self._entries.pop(key)

    def heard(self, change: Change) -> None:
        """A change bus listener: drop a tenant's enforcer when any process changed its
        policies (the version check every `interval` seconds stays as the safety net)."""
        if change.kind == "policy":
            self.invalidate(change.tenant_id)

    def cached_tenants(self) -> list[uuid.UUID]:
        """Tenants held, least recently used first."""
        held = self._entries.keys()
        return [tenant_id for _, tenant_id in held]

    def _entry(self, session: JixiaoSession) -> _Entry:
        tenant_id = session.require_tenant()
        if tenant_id in session.info.get(_UNCOMMITTED_KEY, ()):
            # This transaction changed the policies: use them, but cache nothing uncommitted.
            return self._build(session, tenant_id, version=-1, now=self.clock())
        now = self.clock()
        key = (session.database_key, tenant_id)
        entry = self._entries.get(key)
        if entry is not None and now - entry.checked_at < self.interval:
            return entry
        # The version is read before the rows: a change committed in between makes the next
        # check rebuild again, never leaves newer rows cached under an older version.
        version = policy_version(session)
        if entry is not None and entry.version == version:
            entry.checked_at = now
            return entry
        entry = self._build(session, tenant_id, version=version, now=now)
        self._entries.put(key, entry)
        return entry

    def _build(
        self, session: JixiaoSession, tenant_id: uuid.UUID, *, version: int, now: float
    ) -> _Entry:
        domain = str(tenant_id)
        enforcer = build_enforcer(domain, load_rules(session))
        return _Entry(domain=domain, version=version, checked_at=now, enforcer=enforcer)


default_cache = EnforcerCache()
heard = default_cache.heard  # what `jixiao serve` listens with (app.py)


def permissions_for(session: JixiaoSession, user_id: uuid.UUID) -> frozenset[str]:
    """Every permission code of the user's roles in the session's tenant (once per request)."""
    return default_cache.permissions_for(session, user_id)


def roles_for(session: JixiaoSession, user_id: uuid.UUID) -> frozenset[str]:
    """The user's role codes in the session's tenant, from the same cached enforcer."""
    return default_cache.roles_for(session, user_id)


def enforce(session: JixiaoSession, user_id: uuid.UUID, code: str) -> bool:
    """Whether the user holds the permission `code` in the session's tenant."""
    return default_cache.enforce(session, user_id, code)
