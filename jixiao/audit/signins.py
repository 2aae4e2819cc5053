"""The sign-in log, searched by the audit admin (who signed in or tried, when, from where)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from jixiao.identity.models import SignInLog, SignInOutcome
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.pagination import DEFAULT_PAGE, Page, decode_cursor, encode_cursor

MAX_PAGE = 100


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
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
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
    for name, moment in (("since", filters.since), ("until", filters.until)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput(f"{name} 须带时区，例如 2026-01-01T00:00:00+08:00", field=name)
    if filters.since:
        statement = statement.where(col(SignInLog.at) >= filters.since)
    if filters.until:
        statement = statement.where(col(SignInLog.at) < filters.until)
    if after:
        statement = statement.where(col(SignInLog.id) < decode_cursor(after, uuid.UUID))
    rows = list(session.exec(statement.order_by(col(SignInLog.id).desc()).limit(size + 1)))
    items = rows[:size]
    return Page(items, [encode_cursor(row.id) for row in items], len(rows) > size)
