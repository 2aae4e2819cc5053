"""The second factor of an account: who must have one, enrolment, disabling and reset.

The three administrators (三员) and platform operators must sign in with a TOTP code; a tenant
may require it of everyone (`two_factor_scope` = `everyone`). Until someone who must have one has
enrolled, they may do nothing but enrol (as with a one-time password: `subject_for_user`).
The sign-in step that checks the code is `jixiao.identity.challenge`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlmodel import col

from jixiao.audit.service import record
from jixiao.identity import sessions, totp
from jixiao.identity.models import Operator, User
from jixiao.identity.passwords import verify_password
from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.platform.crypto import CannotDecrypt, field_ciphers
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies.defaults import THREE_ADMINS
from jixiao.tenants.models import Tenant
from jixiao.tenants.values import setting_value

SETTING = "two_factor_scope"  # tenant setting: `administrators` (default) or `everyone`
EVERYONE = "everyone"
_PURPOSE = "totp"

Account = User | Operator


def _context(account: Account) -> str:
    # Bound into the ciphertext: a secret copied onto another account does not decrypt.
    return f"{_PURPOSE}:{type(account).__name__}:{account.id}"


def clock() -> float:
    """Now, in Unix seconds (tests move it)."""
    return time.time()


def required(
    session: JixiaoSession, tenant: Tenant | None, account: Account, roles: Iterable[str]
) -> bool:
    """Whether the account must sign in with a second factor (session in the tenant's context)."""
    if tenant is None or isinstance(account, Operator):
        return True
    if set(THREE_ADMINS) & set(roles):
        return True
    return setting_value(session, SETTING) == EVERYONE


def enabled(account: Account) -> bool:
    return account.totp_enabled_at is not None and account.totp_secret is not None


def must_enrol(
    session: JixiaoSession, tenant: Tenant | None, account: Account, roles: Iterable[str]
) -> bool:
    """Required but not yet set up: the account may do nothing but enrol."""
    return not enabled(account) and required(session, tenant, account, roles)


def account_label(tenant_code: str | None, username: str) -> str:
    """How the authenticator app lists the account: the tenant's code and the username."""
    return f"{tenant_code}/{username}" if tenant_code else f"platform/{username}"


@dataclass(frozen=True)
class Enrolment:
    """A secret to type or scan; it counts once a code from it is confirmed."""

    secret: str
    uri: str


def start_enrolment(
    session: JixiaoSession, settings: Settings, account: Account, *, tenant_code: str | None
) -> Enrolment:
    """A fresh secret, kept pending (encrypted: `platform/crypto`) until confirmed with a code."""
    if enabled(account):
        raise Conflict("已启用两步验证；如需更换验证器，请先停用或请系统管理员重置")
    secret = totp.new_secret()
    account.totp_pending_secret = field_ciphers(settings).encrypt(secret, context=_context(account))
    session.add(account)
    session.flush()
    return Enrolment(
        secret=secret,
        uri=totp.provisioning_uri(secret, account_label(tenant_code, account.username)),
    )


def confirm_enrolment(
    session: JixiaoSession, settings: Settings, account: Account, code: str, *, actor: Subject
) -> list[str]:
    """Activate the pending secret after a right code; the recovery codes, shown this once."""
    if enabled(account):
        raise Conflict("已启用两步验证")
    if account.totp_pending_secret is None:
        raise InvalidInput("请先开始绑定验证器", field="code")
    secret = _open(settings, account, account.totp_pending_secret)
    step = totp.matching_step(secret, code, after=None, moment=clock())
    if step is None:
        raise InvalidInput(
            "验证码不正确：请输入验证器当前显示的 6 位数字，并核对手机时间", field="code"
        )
    codes = totp.new_recovery_codes()
    account.totp_secret = account.totp_pending_secret
    account.totp_pending_secret = None
    account.totp_enabled_at = utcnow()
    account.totp_last_step = step
    account.recovery_codes = " ".join(totp.recovery_digest(c) for c in codes)
    session.add(account)
    session.flush()
    _audit(session, account, actor, "user.second_factor.enable")
    return codes


def disable(
    session: JixiaoSession,
    account: Account,
    password: str,
    *,
    is_required: bool,
    actor: Subject,
) -> None:
    """Turn the second factor off, for someone who may go without; the password confirms it."""
    if is_required:
        raise Forbidden(
            "您的角色或本单位的设置要求两步验证，不能停用；更换手机请联系系统管理员重置"
        )
    if not verify_password(account.password_hash, password):
        raise InvalidInput("密码不正确", field="password")
    if not enabled(account):
        raise Conflict("尚未启用两步验证")
    _clear(account)
    session.add(account)
    session.flush()
    _audit(session, account, actor, "user.second_factor.disable")


def reset(session: JixiaoSession, user: User, *, actor: Subject) -> User:
    """A lost phone: the user's second factor is cleared and their sessions end; if it is
    required they enrol again at their next sign-in."""
    was = enabled(user)
    _clear(user)
    session.add(user)
    sessions.revoke_user_sessions(session, user.id, "second factor reset")
    session.flush()
    record(
        session,
        actor=actor,
        action="user.second_factor.reset",
        target_type="user",
        target_id=user.id,
        before={"enabled": was},
        after={"enabled": False},
    )
    return user


def recovery_codes_left(account: Account) -> int:
    return len((account.recovery_codes or "").split())


def secret_of(settings: Settings, account: Account) -> str | None:
    """The active secret in clear, or None when it cannot be read (another key)."""
    if account.totp_secret is None:
        return None
    try:
        return field_ciphers(settings).decrypt(account.totp_secret, context=_context(account))
    except CannotDecrypt:
        return None


def claim_step(session: JixiaoSession, account: Account, step: int) -> bool:
    """Record `step` as used unless that or a later one already was (atomic: of two requests
    with the same code, one wins)."""
    table = type(account)
    statement = (
        update(table)
        .where(
            col(table.id) == account.id,
            or_(col(table.totp_last_step).is_(None), col(table.totp_last_step) < step),
        )
        .values(totp_last_step=step)
    )
    if isinstance(account, User):
        statement = statement.where(col(User.tenant_id) == account.tenant_id)
    return int(session.exec(statement).rowcount) == 1


def use_recovery_code(session: JixiaoSession, account: Account, code: str) -> bool:
    """Spend a recovery code: true once for each code, atomically."""
    stored = account.recovery_codes or ""
    wanted = totp.recovery_digest(code)
    digests = stored.split()
    if wanted not in digests:
        return False
    table = type(account)
    remaining = " ".join(d for d in digests if d != wanted)
    statement = (
        update(table)
        .where(col(table.id) == account.id, col(table.recovery_codes) == stored)
        .values(recovery_codes=remaining)
    )
    if isinstance(account, User):
        statement = statement.where(col(User.tenant_id) == account.tenant_id)
    return int(session.exec(statement).rowcount) == 1


def _open(settings: Settings, account: Account, sealed: str) -> str:
    try:
        return field_ciphers(settings).decrypt(sealed, context=_context(account))
    except CannotDecrypt as error:
        raise Conflict("验证器密钥无法读取，请重新开始绑定") from error


def _clear(account: Account) -> None:
    account.totp_secret = None
    account.totp_pending_secret = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    account.recovery_codes = None


def _audit(session: JixiaoSession, account: Account, actor: Subject, action: str) -> None:
    # Operators have no tenant chain to write to (as with their password changes).
    if isinstance(account, User):
        record(session, actor=actor, action=action, target_type="user", target_id=account.id)
