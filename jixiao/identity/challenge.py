"""The second step of signing in: a TOTP or recovery code for the session the password opened.

The password step leaves a session flagged `second_factor_pending` (minutes long, no rights,
invisible to the authenticator). Each code is an attempt of the sign-in throttle, like a
password: counted before it is checked, its failures lock the account as wrong passwords do,
and it is written to the sign-in log and the audit chain. A right code ends the pending session
and opens a fresh one (a new cookie).
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.identity import second_factor, sessions, throttle, totp
from jixiao.identity.models import (
    AccountStatus,
    Operator,
    OperatorSession,
    SignInOutcome,
    User,
    UserSession,
)
from jixiao.identity.service import SignInRequest, SignInResult, complete_sign_in
from jixiao.identity.sign_in_log import attempt_log
from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.tenants.models import Tenant, TenantStatus
from jixiao.tenants.service import find_tenant

EXPIRED = "登录已超时，请重新输入用户名和密码"
WRONG_CODE = "验证码不正确（连续失败多次后账户将临时锁定 15 分钟）"


@dataclass(frozen=True)
class CodeRequest:
    cookie: str | None  # the pending session's cookie value
    code: str
    address: str | None = None
    user_agent: str | None = None


def verify(session: JixiaoSession, settings: Settings, request: CodeRequest) -> SignInResult:
    """Check the code for the pending session of the cookie; open the real session when right.

    Runs in a platform session, like `service.sign_in`; failures are results, so that the
    counters and the log are committed.
    """
    parsed = sessions.parse_cookie(request.cookie)
    if parsed is None:
        return SignInResult(ok=False, message=EXPIRED)
    realm, secret = parsed
    if realm == sessions.OPERATOR_REALM:
        return _verify(session, settings, request, realm, secret, None)
    tenant = find_tenant(session, realm)
    if tenant is None:
        return SignInResult(ok=False, message=EXPIRED)
    with acting_for_tenant(session, tenant.id):
        return _verify(session, settings, request, realm, secret, tenant)


def _verify(
    session: JixiaoSession,
    settings: Settings,
    request: CodeRequest,
    realm: str,
    secret: str,
    tenant: Tenant | None,
) -> SignInResult:
    row = sessions.find_live_session(session, realm, secret, settings, second_factor_pending=True)
    account: User | Operator | None = None
    if isinstance(row, UserSession) and tenant is not None:
        account = session.get(User, (tenant.id, row.user_id))
    elif isinstance(row, OperatorSession):
        account = session.get(Operator, row.operator_id)
    if row is None or account is None or account.status is not AccountStatus.ACTIVE:
        return SignInResult(ok=False, message=EXPIRED)
    if tenant is not None and tenant.status is TenantStatus.SUSPENDED:
        return SignInResult(ok=False, message=f"{tenant.name}已暂停使用本平台")
    username = account.username
    attempt = throttle.begin(session, realm, username, request.address)

    log = attempt_log(
        session, tenant, realm, username, account, request.address, request.user_agent
    )

    if attempt.locked:
        log(SignInOutcome.LOCKED, "locked (second factor)")
        return SignInResult(ok=False, message=WRONG_CODE, failures=attempt.failures)
    how = _check(session, settings, account, request.code)
    if how is None:
        throttle.failed(session, attempt)
        log(SignInOutcome.FAILED, "wrong second factor")
        return SignInResult(ok=False, message=WRONG_CODE, failures=attempt.failures)

    throttle.succeeded(session, attempt)
    sessions.revoke(session, row, "second factor given")
    password_step = SignInRequest(
        tenant_code=tenant.code if tenant else None,
        username=username,
        password="",
        address=request.address,
        user_agent=request.user_agent,
    )
    return complete_sign_in(
        session, settings, password_step, realm, tenant, account, f"signed in with {how}"
    )


def _check(
    session: JixiaoSession, settings: Settings, account: User | Operator, code: str
) -> str | None:
    """How the code was right (`totp` or `recovery code`), or None; a used one never is."""
    if totp.looks_like_recovery_code(code):
        return "recovery code" if second_factor.use_recovery_code(session, account, code) else None
    secret = second_factor.secret_of(settings, account)
    if secret is None:
        return None
    step = totp.matching_step(
        secret, code, after=account.totp_last_step, moment=second_factor.clock()
    )
    if step is None or not second_factor.claim_step(session, account, step):
        return None
    return "totp"
