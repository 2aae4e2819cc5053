"""The accounts' reads: users by id, by username, by unit and by role, a notice's audience with
its read receipts, the platform's operators, sessions and API tokens by secret, the sign-in
throttle, and the sign-in log.

Low in the layers, just above the tables and the units' and roles' reads (whose statements it
uses as subqueries): the organisation, the notices, the audit log and score entry read accounts
here without standing above the identity services.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Table, and_, or_
from sqlmodel import col, func, select

from jixiao.identity.models import (
    AccountStatus,
    ApiToken,
    Operator,
    OperatorSession,
    SignInLog,
    SignInOutcome,
    SignInThrottle,
    User,
    UserSession,
)
from jixiao.notices.models import NoticeReceipt
from jixiao.org.queries import users_linked_to
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, decode_cursor, keyset_page, time_window
from jixiao.platform.queries import rows_by_id
from jixiao.policies.models import Role, UserRole
from jixiao.policies.queries import roles_granting

MAX_SIGN_IN_PAGE = 100
_ACTIVE = col(User.status) == AccountStatus.ACTIVE
_THROTTLE: Table = SignInThrottle.__table__  # type: ignore[attr-defined]


def users_by_id(session: JixiaoSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, User]:
    """Users of the session's tenant by id (unknown ids are left out)."""
    return rows_by_id(session, User, ids)


def users_by_username(session: JixiaoSession, usernames: Iterable[str]) -> dict[str, User]:
    """Users of the session's tenant by username (unknown names are left out)."""
    names = list(set(usernames))
    if not names:
        return {}
    rows = session.exec(select(User).where(col(User.username).in_(names))).all()
    return {user.username: user for user in rows}


def find_user(session: JixiaoSession, username: str) -> User | None:
    """The session tenant's user with this username, if any (whatever the account's state)."""
    return session.exec(select(User).where(User.username == username)).first()


def list_users(
    session: JixiaoSession, *, search: str | None, first: int | None, after: str | None
) -> Page[User]:
    """The session tenant's users by username, optionally matching a search text."""
    statement = select(User)
    if search:
        pattern = f"%{search.strip()}%"
        statement = statement.where(
            col(User.username).ilike(pattern) | col(User.display_name).ilike(pattern)
        )
    return keyset_page(session, statement, col(User.username), first=first, after=after)  # type: ignore[arg-type]


def user_ids_by_username(session: JixiaoSession, usernames: Iterable[str]) -> dict[str, uuid.UUID]:
    """User ids of the session's tenant by username (unknown names are left out)."""
    return {name: user.id for name, user in users_by_username(session, usernames).items()}


def members_of(
    session: JixiaoSession, unit_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[User]]:
    """The users working in each unit (`app_user.unit_id`), by username."""
    found: dict[uuid.UUID, list[User]] = {uid: [] for uid in unit_ids}
    if not unit_ids:
        return found
    rows = session.exec(
        select(User).where(col(User.unit_id).in_(list(unit_ids))).order_by(col(User.username))
    ).all()
    for user in rows:
        if user.unit_id is not None:
            found[user.unit_id].append(user)
    return found


def active_staff_ids(session: JixiaoSession, unit_id: uuid.UUID) -> set[uuid.UUID]:
    """The active users who work in a unit or are linked to it (in any role)."""
    rows = session.exec(
        select(User.id).where(
            or_(col(User.unit_id) == unit_id, col(User.id).in_(users_linked_to(unit_id))),
            _ACTIVE,
        )
    ).all()
    return set(rows)


def active_users_matching(session: JixiaoSession, search: str | None, first: int) -> list[User]:
    """Active users matching a search (username or name), by username, at most `first`."""
    statement = select(User).where(_ACTIVE)
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        statement = statement.where(
            col(User.username).ilike(pattern) | col(User.display_name).ilike(pattern)
        )
    return list(session.exec(statement.order_by(col(User.username)).limit(first)).all())


def active_users_with_role(session: JixiaoSession, role_code: str) -> list[User]:
    """The active users holding a role, by username."""
    rows = session.exec(
        select(User)
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .join(Role, col(Role.id) == col(UserRole.role_id))
        .where(Role.code == role_code, _ACTIVE)
        .order_by(col(User.username))
    ).all()
    return list(rows)


def active_users_granted(session: JixiaoSession, permission: str) -> list[tuple[User, str]]:
    """The active users holding a role that grants a permission, each with that role's code
    (a row per such role a user holds)."""
    rows = session.exec(
        select(User, Role.code)
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .join(Role, col(Role.id) == col(UserRole.role_id))
        .where(col(Role.id).in_(roles_granting([permission])), _ACTIVE)
    ).all()
    return [(user, code) for user, code in rows]


def _read_receipt(notice_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(col(NoticeReceipt.user_id) == User.id, col(NoticeReceipt.notice_id) == notice_id)


def audience_receipts(
    session: JixiaoSession,
    audience: ColumnElement[bool],
    notice_id: uuid.UUID,
    *,
    read: bool | None,
    after: str | None,
    limit: int,
) -> list[tuple[User, datetime | None]]:
    """The users of a notice's audience (a condition on `User`), by username, each with when
    they read the notice (None: not yet); `read` keeps one side, `after` is a username cursor
    (`encode_cursor`); at most `limit` rows."""
    statement = (
        select(User, NoticeReceipt.read_at)
        .outerjoin(
            NoticeReceipt,
            and_(col(NoticeReceipt.tenant_id) == User.tenant_id, _read_receipt(notice_id)),
        )
        .where(audience)
    )
    if read is True:
        statement = statement.where(col(NoticeReceipt.id).is_not(None))
    elif read is False:
        statement = statement.where(col(NoticeReceipt.id).is_(None))
    if after:
        statement = statement.where(col(User.username) > decode_cursor(after, str))
    rows = session.exec(statement.order_by(col(User.username)).limit(limit))
    return [(user, at) for user, at in rows]


def audience_read_counts(
    session: JixiaoSession, audience: ColumnElement[bool], notice_id: uuid.UUID
) -> tuple[int, int]:
    """(how many of a notice's audience have read it, how many the audience has)."""
    total = session.exec(select(func.count()).select_from(User).where(audience)).one()
    done = session.exec(
        select(func.count())
        .select_from(User)
        .join(NoticeReceipt, _read_receipt(notice_id))
        .where(audience)
    ).one()
    return int(done), int(total)


def audience_unread(
    session: JixiaoSession, audience: ColumnElement[bool], notice_id: uuid.UUID
) -> list[User]:
    """The users of a notice's audience who have not read it, by username."""
    statement = (
        select(User)
        .outerjoin(NoticeReceipt, _read_receipt(notice_id))
        .where(audience, col(NoticeReceipt.id).is_(None))
        .order_by(col(User.username))
    )
    return list(session.exec(statement))


def operator_by_username(session: JixiaoSession, username: str) -> Operator | None:
    """The platform operator with this username, if any (whatever the account's state)."""
    return session.exec(select(Operator).where(Operator.username == username)).first()


def list_operators(session: JixiaoSession) -> list[Operator]:
    """Every platform operator, by username."""
    return list(session.exec(select(Operator).order_by(col(Operator.username))).all())


def user_session_by_hash(session: JixiaoSession, hashed: str) -> UserSession | None:
    """The session tenant's browser session with this secret's hash, if any."""
    return session.exec(select(UserSession).where(UserSession.secret_hash == hashed)).first()


def operator_session_by_hash(session: JixiaoSession, hashed: str) -> OperatorSession | None:
    """The operators' browser session with this secret's hash, if any."""
    return session.exec(
        select(OperatorSession).where(OperatorSession.secret_hash == hashed)
    ).first()


def operator_session_with_operator(
    session: JixiaoSession, hashed: str
) -> tuple[OperatorSession, Operator | None] | None:
    """The operators' browser session with this secret's hash and its operator, in one
    statement."""
    pair = session.exec(
        select(OperatorSession, Operator)
        .outerjoin(Operator, col(Operator.id) == col(OperatorSession.operator_id))
        .where(OperatorSession.secret_hash == hashed)
    ).first()
    return None if pair is None else (pair[0], pair[1])


def api_token_by_hash(session: JixiaoSession, hashed: str) -> ApiToken | None:
    """The session tenant's API token with this secret's hash, if any."""
    return session.exec(select(ApiToken).where(ApiToken.secret_hash == hashed)).first()


def api_tokens_of(session: JixiaoSession, user_id: uuid.UUID) -> list[ApiToken]:
    """A user's API tokens, newest first."""
    statement = (
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(col(ApiToken.id).desc())
    )
    return list(session.exec(statement).all())


def throttle_started(connection: Connection, key: str) -> datetime | None:
    """When a sign-in throttle counter's window started, if it exists."""
    started: datetime | None = connection.execute(
        select(_THROTTLE.c.window_started_at).where(_THROTTLE.c.key == key)
    ).scalar()
    return started


@dataclass(frozen=True)
class SignInFilter:
    """What the audit admin searches the sign-in log by; every field optional."""

    username: str | None = None  # part of the username tried
    outcome: SignInOutcome | None = None
    client_address: str | None = None  # a prefix: `10.1.` finds a subnet
    user_id: uuid.UUID | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def search_sign_ins(
    session: JixiaoSession,
    filters: SignInFilter = SignInFilter(),
    *,
    first: int | None = None,
    after: str | None = None,
) -> Page[SignInLog]:
    """The session tenant's sign-in attempts, newest first, one keyset page at a time."""
    statement = select(SignInLog)
    if filters.username:
        statement = statement.where(
            col(SignInLog.username).contains(filters.username.strip().lower(), autoescape=True)
        )
    if filters.outcome is not None:
        statement = statement.where(SignInLog.outcome == filters.outcome)
    if filters.client_address:
        statement = statement.where(
            col(SignInLog.client_address).startswith(filters.client_address, autoescape=True)
        )
    if filters.user_id is not None:
        statement = statement.where(SignInLog.user_id == filters.user_id)
    statement = time_window(statement, col(SignInLog.at), filters.since, filters.until)
    page: Page[SignInLog] = keyset_page(
        session,
        statement,  # type: ignore[arg-type]
        col(SignInLog.id),  # type: ignore[arg-type]
        first=first,
        after=after,
        max_first=MAX_SIGN_IN_PAGE,
        descending=True,
    )
    return page


def oldest_sign_ins(session: JixiaoSession, before: datetime, limit: int) -> list[SignInLog]:
    """The session tenant's oldest sign-in log rows from before a moment, oldest first (by
    time, then id), at most `limit`."""
    rows = session.exec(
        select(SignInLog)
        .where(col(SignInLog.at) < before)
        .order_by(col(SignInLog.at), col(SignInLog.id))
        .limit(limit)
    ).all()
    return list(rows)
