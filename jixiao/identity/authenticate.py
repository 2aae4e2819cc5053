"""Resolve the subject of a request from its session cookie or API token."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread
from starlette.requests import HTTPConnection

from jixiao.audit.service import AUDIT_HEAD, chain_marks
from jixiao.identity import second_factor, sessions, tokens
from jixiao.identity.models import AccountStatus, Operator, User, UserSession
from jixiao.platform.auth import (
    ANONYMOUS,
    SESSION_COOKIE,
    AuthenticationRefused,
    Authenticator,
    Subject,
    TenantRef,
    Via,
    request_cookies,
)
from jixiao.platform.changes import Change
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession, acting_for_tenant
from jixiao.platform.metrics import cache_lookup
from jixiao.platform.orm import utcnow
from jixiao.platform.recent import Recent
from jixiao.policies.permissions import PLATFORM_OPERATOR
from jixiao.support.access import SUPPORT_HEADER, support_subject
from jixiao.tenants.models import Tenant, TenantStatus
from jixiao.tenants.service import find_tenant

# Subjects held by one process (credentials in use at once: portal sessions and API tokens).
PRINCIPALS = 20_000


def client_address(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


@dataclass
class _Kept:
    """A subject kept for one credential, and what it was checked against."""

    subject: Subject
    tenant_id: uuid.UUID
    computed: float  # clock() when the subject was computed
    subjects: int  # the tenant's subjects mark then (audit chain head's `subjects_seq`)
    epoch: int  # the tenant's count of ended sessions (`principals` word) then
    live_until: float = 0.0  # clock() until which the credential needs no check


def make_authenticator(
    database: Database, settings: Settings, *, clock: Callable[[], float] = time.monotonic
) -> Authenticator:
    """An authenticator reading `Authorization: Bearer jxt_…` first, then the session cookie.

    A tenant user's subject (roles, permissions and data scope) and the check of its credential
    are kept for `JIXIAO_AUTH_CACHE_SECONDS` (never past the credential's own expiry) and used
    while nothing could have changed them: every change that can alter a subject (roles and
    policies, a user disabled, units linked, a password, a second factor, a token revoked, the
    tenant suspended or its settings changed) is audited in that tenant's chain and moves its
    subjects mark (`audit.subjects.alters_subjects`: reports, scores and the other work of the
    day move the head but not this mark), and every session ended (signing out, sessions
    revoked) is announced; both reach every process at once (`platform/changes.py`, through
    Redis). A request whose subject is kept and whose tenant's mark this process can vouch for
    touches no database and no thread; the others read the mark, check the credential (touching
    its last-use time) and, past the time, compute the subject again. The chain head, when
    known, is left on the request for the answer cache (`graphql/answering.py`).
    """
    held: Recent[str, _Kept] = Recent(PRINCIPALS)
    # Realm (tenant code) → the tenant's id as last found: a credential's checks then run in a
    # session of that tenant, with no switch of tenant (on PostgreSQL two round trips each
    # way). Only where to start: the tenant row is read again by its code every time, and a
    # code that has come to name another tenant is switched to as before.
    realm_ids: Recent[str, uuid.UUID] = Recent(1024)
    ttl = settings.auth_cache_seconds
    bus = database.changes
    epochs: dict[uuid.UUID, int] = {}

    def heard(change: Change) -> None:
        if change.kind == "principals":
            epochs[change.tenant_id] = epochs.get(change.tenant_id, 0) + 1

    bus.listen(heard)

    def resolve(
        key: str, bearer: str | None, cookie: str | None, address: str | None, support: str | None
    ) -> tuple[Subject, int | None]:
        code = _realm_code(bearer, cookie)
        with database.session(realm_ids.get(code) if code else None) as session:
            # The marks and epoch first: a change committed while the subject is read moves
            # them further, so nothing read here is kept under a newer mark.
            realm = _realm_marks(session, code)
            if realm is not None and code is not None:
                realm_ids.put(code, realm[0])
            epoch = epochs.get(realm[0], 0) if realm else 0
            if realm is not None:
                bus.saw("head", realm[0], realm[1])
                bus.saw("subjects", realm[0], realm[2])
            found = held.get(key) if realm is not None and ttl > 0 else None
            now = clock()
            if (
                found is not None
                and realm is not None
                and now - found.computed < ttl
                and (found.subjects, found.epoch) == (realm[2], epoch)
            ):
                ends = _live_until(session, settings, found.subject, bearer, cookie, address)
                if ends is not None:
                    session.commit()  # last-seen and last-used times
                    found.live_until = now + min(ttl, ends)
                    return found.subject, realm[1]
            if bearer is not None:
                subject = _from_token(session, bearer, address)
            else:
                subject = _from_cookie(session, settings, cookie or "")
                if support is not None and subject.kind == "operator":
                    # Checked at every request: operators' subjects are never kept (realm None).
                    subject = support_subject(session, subject, support)
            session.commit()
            if realm is not None and subject.tenant_id == realm[0] and ttl > 0:
                held.put(key, _Kept(subject, realm[0], now, realm[2], epoch))
            return subject, realm[1] if realm is not None else None

    async def authenticate(connection: HTTPConnection) -> Subject:
        header = connection.headers.get("authorization", "")
        bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
        cookie = request_cookies(connection).get(SESSION_COOKIE)  # as the CSRF check reads it
        address = client_address(connection)
        support = connection.headers.get(SUPPORT_HEADER)  # an operator reading under a grant
        if bearer is None and cookie is None:
            return ANONYMOUS
        key = hashlib.sha256(f"{bearer}\0{cookie}\0{address}\0{support}".encode()).hexdigest()
        kept = held.get(key) if ttl > 0 else None
        if kept is not None:
            tenant_id = kept.tenant_id
            if (
                bus.subjects(tenant_id) == kept.subjects
                and epochs.get(tenant_id, 0) == kept.epoch
                and clock() < kept.live_until
            ):
                head = bus.head(tenant_id)
                if head is not None:
                    connection.scope.setdefault("state", {})[AUDIT_HEAD] = (tenant_id, head)
                cache_lookup("subjects", hit=True)
                return kept.subject
        if ttl > 0:
            cache_lookup("subjects", hit=False)
        subject, head = await anyio.to_thread.run_sync(
            resolve, key, bearer, cookie, address, support
        )
        if head is not None and subject.tenant_id is not None:
            connection.scope.setdefault("state", {})[AUDIT_HEAD] = (subject.tenant_id, head)
        return subject

    return authenticate


def _realm_code(bearer: str | None, cookie: str | None) -> str | None:
    """The tenant code a credential names (None: an operator's, or no credential)."""
    parsed = tokens.parse(bearer) if bearer is not None else sessions.parse_cookie(cookie)
    realm = parsed[0] if parsed else None
    return None if realm is None or realm == sessions.OPERATOR_REALM else realm


def _realm_marks(session: JixiaoSession, realm: str | None) -> tuple[uuid.UUID, int, int] | None:
    """The active tenant a credential's realm names, its audit chain head and subjects mark
    (None: an operator, an unknown or suspended tenant, or no credential: then no subject is
    kept)."""
    if realm is None:
        return None
    tenant = find_tenant(session, realm)
    if tenant is None or tenant.status is not TenantStatus.ACTIVE:
        return None
    with acting_for_tenant(session, tenant.id):
        return (tenant.id, *chain_marks(session))


def _live_until(
    session: JixiaoSession,
    settings: Settings,
    known: Subject,
    bearer: str | None,
    cookie: str | None,
    address: str | None,
) -> float | None:
    """Seconds the credential behind a kept subject stays live if nothing ends it (None: it is
    not live now); touches it, as always."""
    assert known.tenant_id is not None
    with acting_for_tenant(session, known.tenant_id):
        if bearer is not None:
            parsed = tokens.parse(bearer)
            token = tokens.find_live(session, parsed[1], address) if parsed else None
            if token is None or token.user_id != known.user_id:
                return None
            return (token.expires_at - utcnow()).total_seconds()
        parsed = sessions.parse_cookie(cookie)
        if parsed is None:
            return None
        row = sessions.find_live_session(session, parsed[0], parsed[1], settings)
        if not isinstance(row, UserSession) or row.id != known.session_id:
            return None
        return (sessions.session_expiry(row, settings) - utcnow()).total_seconds()


def _from_token(session: JixiaoSession, value: str, address: str | None) -> Subject:
    parsed = tokens.parse(value)
    if parsed is None:
        raise AuthenticationRefused("UNAUTHENTICATED", "API 令牌无效")
    tenant = _active_tenant(session, parsed[0])
    with acting_for_tenant(session, tenant.id):
        token = tokens.find_live(session, parsed[1], address)
        user = session.get(User, (tenant.id, token.user_id)) if token else None
        if token is None or user is None or user.status is not AccountStatus.ACTIVE:
            raise AuthenticationRefused("UNAUTHENTICATED", "API 令牌无效、已过期或已撤销")
        subject = subject_for_user(session, tenant, user, via="token")
    # A token never carries more than its scopes, nor more than its owner still holds.
    return Subject(
        kind="token",
        tenant=subject.tenant,
        user_id=user.id,
        display_name=f"{user.display_name}（令牌 {token.name}）",
        username=user.username,
        permissions=subject.permissions & token.scope_set,
        roles=subject.roles,
        unit_id=user.unit_id,
        via="token",
        scope=subject.scope,  # the units its owner may see, no more, no fewer
    )


def _from_cookie(session: JixiaoSession, settings: Settings, value: str) -> Subject:
    parsed = sessions.parse_cookie(value)
    if parsed is None:
        return ANONYMOUS
    realm, secret = parsed
    if realm == sessions.OPERATOR_REALM:
        live = sessions.find_live_operator_session(session, secret, settings)
        if live is None:
            return ANONYMOUS
        row, operator = live
        if operator is None or operator.status is not AccountStatus.ACTIVE:
            return ANONYMOUS
        return _operator_subject(operator, row.id)
    tenant = find_tenant(session, realm)
    if tenant is None:
        return ANONYMOUS
    if tenant.status is TenantStatus.SUSPENDED:
        raise AuthenticationRefused("TENANT_SUSPENDED", f"{tenant.name}已暂停使用本平台")
    with acting_for_tenant(session, tenant.id):
        found = sessions.find_live_session(session, realm, secret, settings)
        if not isinstance(found, UserSession):
            return ANONYMOUS
        user = session.get(User, (tenant.id, found.user_id))
        if user is None or user.status is not AccountStatus.ACTIVE:
            return ANONYMOUS
        return subject_for_user(session, tenant, user, via="cookie", session_id=found.id)


def _active_tenant(session: JixiaoSession, code: str) -> Tenant:
    tenant = find_tenant(session, code)
    if tenant is None:
        raise AuthenticationRefused("UNAUTHENTICATED", "API 令牌无效")
    if tenant.status is TenantStatus.SUSPENDED:
        raise AuthenticationRefused("TENANT_SUSPENDED", f"{tenant.name}已暂停使用本平台")
    return tenant


def subject_for_user(
    session: JixiaoSession,
    tenant: Tenant,
    user: User,
    *,
    via: Via,
    session_id: uuid.UUID | None = None,
) -> Subject:
    """The subject of a tenant user: permissions and data scope computed once, here, for the
    whole request."""
    from jixiao.policies.enforcer import permissions_for, roles_for
    from jixiao.policies.scopes import data_scope

    roles = roles_for(session, user.id)
    # Until the one-time password is changed and a required second factor set up, the user
    # may do nothing else in the portal. (The factor guards signing in; an API token is a
    # credential of its own, issued to a signed-in user.)
    enrol = via == "cookie" and second_factor.must_enrol(session, tenant, user, roles)
    return Subject(
        kind="user",
        tenant=TenantRef(
            id=tenant.id, code=tenant.code, name=tenant.name, level=tenant.level.value
        ),
        user_id=user.id,
        display_name=user.display_name,
        username=user.username,
        permissions=frozenset()
        if user.must_change_password or enrol
        else permissions_for(session, user.id),
        roles=roles,
        unit_id=user.unit_id,
        via=via,
        session_id=session_id,
        must_change_password=user.must_change_password,
        scope=data_scope(session, user, roles),
        must_enrol_second_factor=enrol,
    )


def subject_of_account(
    session: JixiaoSession,
    tenant: Tenant | None,
    account: User | Operator,
    session_id: uuid.UUID | None,
) -> Subject:
    """The subject a fresh sign-in or password change leaves the browser with."""
    if isinstance(account, Operator):
        return _operator_subject(account, session_id)
    assert tenant is not None
    with acting_for_tenant(session, tenant.id):
        return subject_for_user(session, tenant, account, via="cookie", session_id=session_id)


def _operator_subject(operator: Operator, session_id: uuid.UUID | None) -> Subject:
    """An operator's subject: no rights before the password is changed and a second factor
    (always required of operators) is set up."""
    enrol = not second_factor.enabled(operator)
    return Subject(
        kind="operator",
        user_id=operator.id,
        display_name=operator.display_name,
        username=operator.username,
        permissions=frozenset() if operator.must_change_password or enrol else PLATFORM_OPERATOR,
        via="cookie",
        session_id=session_id,
        must_change_password=operator.must_change_password,
        must_enrol_second_factor=enrol,
    )
