"""Sign-in, passwords and accounts: typed inputs in, outcomes out; the caller commits."""

from __future__ import annotations

import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import timedelta

from jixiao.audit.service import SYSTEM, record
from jixiao.identity import second_factor, sessions, throttle
from jixiao.identity.models import (
    AccountStatus,
    Operator,
    SignInOutcome,
    User,
)
from jixiao.identity.passwords import PasswordPolicy, hash_password, needs_rehash, verify_password
from jixiao.identity.queries import find_user, operator_by_username
from jixiao.identity.sign_in_log import attempt_log
from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.tenants.models import Tenant, TenantStatus
from jixiao.tenants.service import find_tenant

ADMIN_ROLES = frozenset({"tenant_admin", "security_admin", "audit_admin"})
# One answer for unknown users, wrong passwords and locked accounts: nothing to enumerate.
GENERIC_FAILURE = "用户名或密码错误（连续失败多次后账户将临时锁定 15 分钟）"


@dataclass(frozen=True)
class SignInRequest:
    tenant_code: str | None  # None or empty: a platform operator
    username: str
    password: str
    address: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one attempt; on success the new session's cookie value."""

    ok: bool
    message: str
    failures: int = 0  # failures in the current window, for the back-off delay
    cookie_value: str | None = None
    session_id: uuid.UUID | None = None
    tenant: Tenant | None = None
    account: User | Operator | None = None
    second_factor_pending: bool = False  # the cookie is of a session waiting for the code


def sign_in(session: JixiaoSession, settings: Settings, request: SignInRequest) -> SignInResult:
    """Check credentials against throttles; log the attempt; open a fresh session on success.

    Runs in a platform session and acts for the tenant named by the realm. Failures are
    results, not exceptions, so that the log and the counters are committed too.
    """
    realm = (request.tenant_code or "").strip().lower() or sessions.OPERATOR_REALM
    tenant = None if realm == sessions.OPERATOR_REALM else find_tenant(session, realm)
    if tenant is None:
        return _attempt(session, settings, request, realm, None)
    with acting_for_tenant(session, tenant.id):
        return _attempt(session, settings, request, realm, tenant)


def _attempt(
    session: JixiaoSession,
    settings: Settings,
    request: SignInRequest,
    realm: str,
    tenant: Tenant | None,
) -> SignInResult:
    """One sign-in attempt in the realm's context (the tenant's, or the platform's)."""
    username = request.username.strip()
    attempt = throttle.begin(session, realm, username, request.address)
    account = _find_account(session, tenant, realm, username)

    log = attempt_log(
        session, tenant, realm, username, account, request.address, request.user_agent
    )

    def fail(outcome: SignInOutcome, reason: str) -> SignInResult:
        if outcome is SignInOutcome.FAILED:
            throttle.failed(session, attempt)
        log(outcome, reason)
        return SignInResult(ok=False, message=GENERIC_FAILURE, failures=attempt.failures)

    if attempt.locked:
        verify_password(None, request.password)  # same cost as a real attempt
        return fail(SignInOutcome.LOCKED, "locked")
    # An unknown name costs one verification too (of a dummy hash): no answer comes faster.
    right = verify_password(account.password_hash if account else None, request.password)
    if account is None or not right:
        return fail(SignInOutcome.FAILED, "bad credentials")
    if account.status is AccountStatus.DISABLED:
        log(SignInOutcome.REFUSED, "account disabled")
        return SignInResult(ok=False, message="账户已停用，请联系系统管理员")
    if tenant is not None and tenant.status is TenantStatus.SUSPENDED:
        log(SignInOutcome.REFUSED, "tenant suspended")
        return SignInResult(ok=False, message=f"{tenant.name}已暂停使用本平台")

    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(request.password)
    if second_factor.enabled(account):
        # The attempt stays counted until the code is right: guesses at the code and passwords
        # typed again count together against the same limit. The address gets it back.
        throttle.address_succeeded(session, attempt)
        session.add(account)
        log(SignInOutcome.PENDING, "password accepted; second factor pending")
        return _open(session, settings, request, realm, tenant, account, pending=True)
    throttle.succeeded(session, attempt)
    return complete_sign_in(session, settings, request, realm, tenant, account, "signed in")


def complete_sign_in(
    session: JixiaoSession,
    settings: Settings,
    request: SignInRequest,
    realm: str,
    tenant: Tenant | None,
    account: User | Operator,
    reason: str,
) -> SignInResult:
    """Open the full session of an account whose every factor was right; log the success."""
    account.last_sign_in_at = utcnow()
    if _is_administrator(session, tenant, account) and _password_expired(account):
        account.must_change_password = True
    session.add(account)
    username = request.username.strip()
    log = attempt_log(
        session, tenant, realm, username, account, request.address, request.user_agent
    )
    log(SignInOutcome.SUCCESS, reason)
    return _open(session, settings, request, realm, tenant, account, pending=False)


def _open(
    session: JixiaoSession,
    settings: Settings,
    request: SignInRequest,
    realm: str,
    tenant: Tenant | None,
    account: User | Operator,
    *,
    pending: bool,
) -> SignInResult:
    """A new session of the account (full, or waiting for the second factor) and its cookie."""
    issued = sessions.open_session(
        session,
        realm=realm,
        owner_id=account.id,
        settings=settings,
        address=request.address,
        user_agent=request.user_agent,
        second_factor_pending=pending,
    )
    return SignInResult(
        ok=True,
        message="",
        cookie_value=issued.cookie_value,
        session_id=issued.row.id,
        tenant=tenant,
        account=account,
        second_factor_pending=pending,
    )


def _find_account(
    session: JixiaoSession, tenant: Tenant | None, realm: str, username: str
) -> User | Operator | None:
    if realm == sessions.OPERATOR_REALM:
        return operator_by_username(session, username)
    if tenant is None:
        return None
    return find_user(session, username)


def _password_expired(account: User | Operator) -> bool:
    changed = account.password_changed_at
    policy = PasswordPolicy.for_account(administrator=True)
    assert policy.max_age_days is not None
    return changed is None or utcnow() - changed > timedelta(days=policy.max_age_days)


def _is_administrator(
    session: JixiaoSession, tenant: Tenant | None, account: User | Operator
) -> bool:
    """Operators and holders of the three administrator roles get the stricter policy."""
    if tenant is None:
        return True
    from jixiao.policies.queries import roles_of

    return bool(ADMIN_ROLES & set(roles_of(session, account.id)))


def change_password(
    session: JixiaoSession,
    account: User | Operator,
    *,
    current: str,
    new: str,
    administrator: bool,
    actor: Subject,
) -> None:
    """Replace the password after checking the current one and the policy."""
    if not verify_password(account.password_hash, current):
        raise InvalidInput("当前密码不正确", field="currentPassword")
    if new == current:
        raise InvalidInput("新密码不能与当前密码相同", field="newPassword")
    PasswordPolicy.for_account(administrator=administrator).check(new, username=account.username)
    account.password_hash = hash_password(new)
    account.password_changed_at = utcnow()
    account.must_change_password = False
    session.add(account)
    session.flush()
    if isinstance(account, User):
        record(
            session,
            actor=actor,
            action="user.password.change",
            target_type="user",
            target_id=account.id,
        )


def one_time_password() -> str:
    """A random password meeting the administrators' policy, to be changed at first sign-in."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        candidate = f"{body[:7]}-{body[7:]}"
        if not PasswordPolicy.for_account(administrator=True).problems(candidate, username=""):
            return candidate


USERNAME_CHARS = frozenset(string.ascii_lowercase + string.digits + "._-")


def create_user(
    session: JixiaoSession,
    *,
    username: str,
    display_name: str,
    unit_id: uuid.UUID | None = None,
    password: str | None = None,
    actor: Subject = SYSTEM,
) -> tuple[User, str]:
    """A new user of the session's tenant with a one-time password (returned once)."""
    name = username.strip().lower()
    if not 2 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise InvalidInput("用户名须为 2–64 位小写字母、数字、点、下划线或连字符", field="username")
    display = display_name.strip()
    if not display or len(display) > 100:
        raise InvalidInput("姓名不能为空，且不超过 100 个字", field="displayName")
    if find_user(session, name) is not None:
        raise Conflict(f"用户名「{name}」已存在", field="username")
    secret = password or one_time_password()
    user = User(
        username=name, display_name=display, password_hash=hash_password(secret), unit_id=unit_id
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action="user.create",
        target_type="user",
        target_id=user.id,
        after={"username": user.username, "display_name": user.display_name},
    )
    return user, secret


def set_status(
    session: JixiaoSession, user: User, status: AccountStatus, *, actor: Subject
) -> User:
    """Disable (ending every session) or enable a user."""
    before = user.status
    user.status = status
    session.add(user)
    if status is AccountStatus.DISABLED:
        sessions.revoke_user_sessions(session, user.id, "account disabled")
    session.flush()
    record(
        session,
        actor=actor,
        action=f"user.{'disable' if status is AccountStatus.DISABLED else 'enable'}",
        target_type="user",
        target_id=user.id,
        before={"status": before.value},
        after={"status": status.value},
    )
    return user


def end_sessions(session: JixiaoSession, user: User, *, actor: Subject) -> User:
    """Sign a user out everywhere."""
    ended = sessions.revoke_user_sessions(session, user.id, "ended by administrator")
    record(
        session,
        actor=actor,
        action="user.sessions.end",
        target_type="user",
        target_id=user.id,
        after={"sessions_ended": ended},
    )
    return user


def reset_password(session: JixiaoSession, user: User, *, actor: Subject) -> str:
    """A new one-time password for a user; their sessions end."""
    secret = one_time_password()
    user.password_hash = hash_password(secret)
    user.must_change_password = True
    user.password_changed_at = None
    session.add(user)
    sessions.revoke_user_sessions(session, user.id, "password reset")
    session.flush()
    record(
        session, actor=actor, action="user.password.reset", target_type="user", target_id=user.id
    )
    return secret


def get_user(session: JixiaoSession, user_id: uuid.UUID) -> User:
    user = session.get(User, (session.require_tenant(), user_id))
    if user is None:
        raise NotFound("没有这个用户", field="id")
    return user
