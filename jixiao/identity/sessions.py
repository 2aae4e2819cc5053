"""Browser sessions: a fresh secret at sign-in, idle and absolute expiry, revocation.

The cookie holds `<realm>.<secret>`: the realm is the tenant's code (or `@` for platform
operators), so a session is found inside its own tenant, behind row-level security.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, update

from jixiao.identity.credentials import digest, new_secret
from jixiao.identity.models import Operator, OperatorSession, User, UserSession
from jixiao.identity.queries import (
    operator_session_by_hash,
    operator_session_with_operator,
    user_session_by_hash,
)
from jixiao.platform.auth import Subject
from jixiao.platform.changes import announce
from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden
from jixiao.platform.orm import utcnow

OPERATOR_REALM = "@"
TOUCH_EVERY = timedelta(seconds=60)  # last-seen is written at most once a minute
PENDING_FOR = timedelta(minutes=5)  # time to type the second factor after the password

SessionRow = UserSession | OperatorSession


@dataclass(frozen=True)
class IssuedSession:
    """A new session: the cookie value goes to the browser once and is never stored."""

    row: SessionRow
    cookie_value: str


def parse_cookie(value: str | None) -> tuple[str, str] | None:
    """(realm, secret) of a session cookie, or None when it is malformed."""
    if not value or "." not in value:
        return None
    realm, _, secret = value.partition(".")
    if not realm or len(secret) < 20:
        return None
    return realm, secret


def open_session(
    session: JixiaoSession,
    *,
    realm: str,
    owner_id: uuid.UUID,
    settings: Settings,
    address: str | None,
    user_agent: str | None,
    second_factor_pending: bool = False,
) -> IssuedSession:
    """Start a session for a user of the session's tenant, or for an operator; a session
    waiting for the second factor ends within minutes."""
    secret = new_secret()
    now = utcnow()
    row: SessionRow = (
        OperatorSession(operator_id=owner_id, secret_hash="", expires_at=now)
        if realm == OPERATOR_REALM
        else UserSession(user_id=owner_id, secret_hash="", expires_at=now)
    )
    row.secret_hash = digest(secret)
    row.created_at = row.last_seen_at = now
    row.expires_at = now + (
        PENDING_FOR if second_factor_pending else timedelta(hours=settings.session_absolute_hours)
    )
    row.second_factor_pending = second_factor_pending
    row.client_address = address
    row.user_agent = (user_agent or "")[:255] or None
    session.add(row)
    session.flush()
    return IssuedSession(row=row, cookie_value=f"{realm}.{secret}")


def find_live_session(
    session: JixiaoSession,
    realm: str,
    secret: str,
    settings: Settings,
    *,
    second_factor_pending: bool = False,
) -> SessionRow | None:
    """The session for a cookie secret if it is neither revoked nor expired; touches it.

    A session still waiting for its second factor is found only when asked for
    (`second_factor_pending`), so that it authenticates nothing else.
    """
    hashed = digest(secret)
    row: SessionRow | None = (
        operator_session_by_hash(session, hashed)
        if realm == OPERATOR_REALM
        else user_session_by_hash(session, hashed)
    )
    return _live(session, row, settings, second_factor_pending)


def find_live_operator_session(
    session: JixiaoSession, secret: str, settings: Settings
) -> tuple[OperatorSession, Operator | None] | None:
    """`find_live_session` of an operator's cookie, with the operator read in the same
    statement (every request of an operator checks its cookie: one round trip fewer each)."""
    pair = operator_session_with_operator(session, digest(secret))
    if pair is None:
        return None
    row, operator = pair
    if _live(session, row, settings, second_factor_pending=False) is None:
        return None
    return row, operator


def _live(
    session: JixiaoSession,
    row: SessionRow | None,
    settings: Settings,
    second_factor_pending: bool,
) -> SessionRow | None:
    """The session row if it is live (and of the asked kind); touches it."""
    now = utcnow()
    if row is None or row.revoked_at is not None or now >= row.expires_at:
        return None
    if row.second_factor_pending != second_factor_pending:
        return None
    if now >= row.last_seen_at + timedelta(minutes=settings.session_idle_minutes):
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
    return row


def revoke(session: JixiaoSession, row: SessionRow, reason: str) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        row.revoked_reason = reason
        session.add(row)
        _ended(session)


def _ended(session: JixiaoSession) -> None:
    """Tell every process to forget the subjects it keeps for this tenant (they are kept for
    `JIXIAO_AUTH_CACHE_SECONDS`): a session ended takes effect at the next request."""
    if session.tenant_id is not None:
        announce(session, "principals", session.tenant_id)


def revoke_user_sessions(
    session: JixiaoSession, user_id: uuid.UUID, reason: str, *, keep: uuid.UUID | None = None
) -> int:
    """End every live session of a user of the session's tenant (but `keep`); returns how many."""
    statement = (
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    if keep is not None:
        statement = statement.where(col(UserSession.id) != keep)
    result = session.exec(statement)
    _ended(session)
    return int(result.rowcount)


def revoke_operator_sessions(session: JixiaoSession, operator_id: uuid.UUID, reason: str) -> int:
    statement = (
        update(OperatorSession)
        .where(
            col(OperatorSession.operator_id) == operator_id,
            col(OperatorSession.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return int(session.exec(statement).rowcount)


def session_expiry(row: SessionRow, settings: Settings) -> datetime:
    """When the session ends if left idle (never after its absolute expiry)."""
    return min(row.expires_at, row.last_seen_at + timedelta(minutes=settings.session_idle_minutes))


def account_of(session: JixiaoSession, subject: Subject) -> User | Operator:
    """The signed-in subject's own account (a tenant's user or a platform operator)."""
    assert subject.user_id is not None
    account: User | Operator | None
    if subject.tenant is None:
        account = session.get(Operator, subject.user_id)
    else:
        account = session.get(User, (subject.tenant.id, subject.user_id))
    if account is None:
        raise Forbidden("账户不存在")
    return account


def session_of(session: JixiaoSession, subject: Subject) -> UserSession | OperatorSession | None:
    """The stored sign-in session the subject is using, if it still exists."""
    if subject.tenant is not None:
        return session.get(UserSession, (subject.tenant.id, subject.session_id))
    return session.get(OperatorSession, subject.session_id)
