"""The sign-in log and the audit event of each sign-in attempt, written the same way by the
password step (`service.sign_in`) and the second-factor step (`challenge.verify`)."""

from __future__ import annotations

from collections.abc import Callable

from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import record
from jixiao.identity.models import Operator, PlatformSignInLog, SignInLog, SignInOutcome, User
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.tenants.models import Tenant


def log_attempt(
    session: JixiaoSession,
    tenant: Tenant | None,
    realm: str,
    username: str,
    account: User | Operator | None,
    outcome: SignInOutcome,
    reason: str,
    address: str | None,
    user_agent: str | None,
) -> None:
    """One line of the sign-in log, and for a tenant an event of its audit chain."""
    entry: SignInLog | PlatformSignInLog = (
        PlatformSignInLog(realm=realm[:64], username=username[:64], outcome=outcome)
        if tenant is None
        else SignInLog(
            user_id=account.id if isinstance(account, User) else None,
            username=username[:64],
            outcome=outcome,
        )
    )
    entry.reason = reason
    entry.client_address = address
    entry.user_agent = (user_agent or "")[:255] or None
    session.add(entry)
    if tenant is not None:  # the tenant's tamper-evident chain has every sign-in too
        actor = Subject(kind="anonymous", display_name=username[:64])
        if isinstance(account, User) and outcome is SignInOutcome.SUCCESS:
            actor = Subject(kind="user", user_id=account.id, display_name=account.display_name)
        record(
            session,
            actor=actor,
            action="auth.sign_in",
            target_type="user",
            target_id=account.id if isinstance(account, User) else None,
            outcome=AuditOutcome.SUCCESS
            if outcome in (SignInOutcome.SUCCESS, SignInOutcome.PENDING)
            else AuditOutcome.REFUSED,
            reason=f"{outcome.value}: {reason}",
        )


def attempt_log(
    session: JixiaoSession,
    tenant: Tenant | None,
    realm: str,
    username: str,
    account: User | Operator | None,
    address: str | None,
    user_agent: str | None,
) -> Callable[[SignInOutcome, str], None]:
    """`log(outcome, reason)` for one attempt: the lines of an attempt differ only in those."""

    def log(outcome: SignInOutcome, reason: str) -> None:
        log_attempt(session, tenant, realm, username, account, outcome, reason, address, user_agent)

    return log
