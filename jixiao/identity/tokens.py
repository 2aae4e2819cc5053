"""API tokens for third-party clients: `jxt_<tenant>_<secret>`, shown once, stored hashed."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from jixiao.audit.service import record
from jixiao.identity.credentials import digest, new_secret
from jixiao.identity.models import ApiToken
from jixiao.identity.queries import api_token_by_hash
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow

PREFIX = "jxt"
_TOKEN = re.compile(r"^jxt_([a-z][a-z0-9-]{1,31})_([A-Za-z0-9_-]{40,64})$")
MAX_DAYS = 365
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once


def parse(value: str) -> tuple[str, str] | None:
    """(tenant code, secret) of a presented token, or None when it is not one of ours."""
    match = _TOKEN.match(value.strip())
    return (match.group(1), match.group(2)) if match else None


def create(
    session: JixiaoSession,
    *,
    tenant_code: str,
    user_id: uuid.UUID,
    name: str,
    scopes: list[str],
    allowed: frozenset[str],
    days: int,
    actor: Subject,
) -> IssuedToken:
    """A new token of the session's tenant with scopes the creator holds."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("令牌名称不能为空，且不超过 100 个字", field="name")
    if not scopes:
        raise InvalidInput("至少选择一个权限范围", field="scopes")
    beyond = sorted(set(scopes) - allowed)
    if beyond:
        raise InvalidInput(f"不能授予自己没有的权限：{', '.join(beyond)}", field="scopes")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"有效期须在 1 到 {MAX_DAYS} 天之间", field="expiresInDays")
    secret = new_secret()
    token = ApiToken(
        user_id=user_id,
        name=name,
        prefix=f"{PREFIX}_{tenant_code}_{secret[:6]}",
        secret_hash=digest(secret),
        scopes=" ".join(sorted(set(scopes))),
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    record(
        session,
        actor=actor,
        action="api_token.create",
        target_type="api_token",
        target_id=token.id,
        after={"name": token.name, "scopes": token.scopes, "expires_at": token.expires_at},
    )
    return IssuedToken(token=token, secret=f"{PREFIX}_{tenant_code}_{secret}")


def find_live(session: JixiaoSession, secret: str, address: str | None) -> ApiToken | None:
    """The token for a secret if it is neither revoked nor expired; records its use."""
    token = api_token_by_hash(session, digest(secret))
    now = utcnow()
    if token is None or token.revoked_at is not None or now >= token.expires_at:
        return None
    if (
        token.last_used_at is None
        or now - token.last_used_at >= TOUCH_EVERY
        or (token.last_used_address != address)
    ):
        token.last_used_at, token.last_used_address = now, address
        session.add(token)
    return token


def revoke(
    session: JixiaoSession, token_id: uuid.UUID, *, owner: uuid.UUID | None, actor: Subject
) -> ApiToken:
    """Revoke at once; `owner` limits it to that user's tokens (None: an administrator)."""
    tenant_id = session.tenant_id
    token = session.get(ApiToken, (tenant_id, token_id)) if tenant_id else None
    if token is None or (owner is not None and token.user_id != owner):
        raise NotFound("没有这个令牌", field="id")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
        session.flush()
        record(
            session,
            actor=actor,
            action="api_token.revoke",
            target_type="api_token",
            target_id=token.id,
        )
    return token
