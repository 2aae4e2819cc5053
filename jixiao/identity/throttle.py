"""Failed sign-ins slow down, then lock for a while, per account and per client address.

The counters are keyed by hashes of the realm and username (whether the account exists or not)
and of the address, so unknown users and wrong passwords behave the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from jixiao.identity.models import SignInThrottle
from jixiao.platform.orm import utcnow

WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
ACCOUNT_LIMIT = 5  # failures in the window before the account locks
ADDRESS_LIMIT = 20  # failures in the window before the address locks


@dataclass(frozen=True)
class ThrottleState:
    locked_until: datetime | None
    failures: int


def account_key(realm: str, username: str) -> str:
    return _hash(f"acct:{realm}:{username.strip().lower()}")


def address_key(address: str | None) -> str:
    return _hash(f"addr:{address or '-'}")


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def state(session: Session, *keys: str, now: datetime | None = None) -> ThrottleState:
    """The latest lock among the keys and the most failures in any current window."""
    now = now or utcnow()
    locked: datetime | None = None
    failures = 0
    for key in keys:
        row = session.get(SignInThrottle, key)
        if row is None:
            continue
        until = row.locked_until
        if until and until > now and (locked is None or until > locked):
            locked = until
        if row.window_started_at + WINDOW > now:
            failures = max(failures, row.failures)
    return ThrottleState(locked_until=locked, failures=failures)


def record_failure(
    session: Session, account: str, address: str, now: datetime | None = None
) -> None:
    """Count one failure against the account and the address; lock past their limits."""
    now = now or utcnow()
    for key, limit in ((account, ACCOUNT_LIMIT), (address, ADDRESS_LIMIT)):
        row = session.get(SignInThrottle, key) or SignInThrottle(key=key, window_started_at=now)
        if row.window_started_at + WINDOW <= now:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + LOCK_FOR
        session.add(row)


def clear(session: Session, account: str) -> None:
    """A successful sign-in clears the account's counter (not the address's)."""
    row = session.get(SignInThrottle, account)
    if row is not None:
        session.delete(row)
