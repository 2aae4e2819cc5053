"""Failed sign-ins slow down, then lock for a while, per account and per client address.

The counters are keyed by hashes of the realm and username (whether the account exists or not)
and of the address, so unknown users and wrong passwords behave the same.

Counting is correct under concurrency: an attempt is counted as a failure *before* its password
is checked, by one atomic upsert per counter that returns the new count (on PostgreSQL in its own
short transaction, so that parallel attempts do not queue behind each other's password hashing;
SQLite runs one transaction at a time anyway). Thirty parallel guesses therefore see counts 1 to
30 and only the first `ACCOUNT_LIMIT` are checked. A success takes its reservation back.

An address over its limit is locked for accounts that have never signed in from it; an account
that has (`known`) still gets in with its right password, so that one guesser behind an
office's NAT does not lock the whole office out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from jixiao.identity.models import SignInThrottle
from jixiao.identity.queries import throttle_started
from jixiao.platform.orm import utcnow

WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
KNOWN_FOR = timedelta(days=180)  # an account's address stays trusted this long after a success
ACCOUNT_LIMIT = 5  # failures in the window before the account locks
ADDRESS_LIMIT = 20  # failures in the window before the address locks (for unknown accounts)
_TABLE: Table = SignInThrottle.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt as the counters saw it, this attempt counted as a failure."""

    account: str
    address: str
    known: str  # the key that marks the address as the account's own
    failures: int  # the account's failures in the window, this attempt included
    locked: bool  # refused without checking the password


def account_key(realm: str, username: str) -> str:
    return _hash(f"acct:{realm}:{username.strip().lower()}")


def address_key(address: str | None) -> str:
    return _hash(f"addr:{address or '-'}")


def known_key(realm: str, username: str, address: str | None) -> str:
    return _hash(f"known:{realm}:{username.strip().lower()}:{address or '-'}")


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def begin(
    session: Session, realm: str, username: str, address: str | None, now: datetime | None = None
) -> Attempt:
    """Count the attempt against the account and the address, and say whether it is locked."""
    now = now or utcnow()
    account, at = account_key(realm, username), address_key(address)
    known = known_key(realm, username, address)
    with _short(session) as connection:
        failures, account_until = _count(connection, account, now)
        address_failures, address_until = _count(connection, at, now)
        trusted = throttle_started(connection, known)
    account_locked = failures > ACCOUNT_LIMIT or _after(account_until, now)
    address_locked = address_failures > ADDRESS_LIMIT or _after(address_until, now)
    is_known = trusted is not None and _naive(trusted) + KNOWN_FOR > _naive(now)
    locked = account_locked or (address_locked and not is_known)
    return Attempt(account, at, known, failures, locked)


def failed(session: Session, attempt: Attempt, now: datetime | None = None) -> None:
    """The password was wrong: lock the account and the address that reached their limits."""
    now = now or utcnow()
    for key, limit in ((attempt.account, ACCOUNT_LIMIT), (attempt.address, ADDRESS_LIMIT)):
        session.execute(
            update(_TABLE)
            .where(_TABLE.c.key == key, _TABLE.c.failures >= limit)
            .values(locked_until=now + LOCK_FOR)
        )


def succeeded(session: Session, attempt: Attempt, now: datetime | None = None) -> None:
    """The right password: clear the account's counter, give the address its failure back,
    and remember the address as the account's own."""
    now = now or utcnow()
    session.execute(delete(_TABLE).where(_TABLE.c.key == attempt.account))
    address_succeeded(session, attempt)
    _upsert(session.connection(), attempt.known, now, {"window_started_at": now})


def address_succeeded(session: Session, attempt: Attempt) -> None:
    """Give the address its failure back but leave the account's counted: a right password
    whose second factor is still to come (guesses at the code then count with the passwords')."""
    session.execute(
        update(_TABLE)
        .where(_TABLE.c.key == attempt.address, _TABLE.c.failures > 0)
        .values(failures=_TABLE.c.failures - 1)
    )


def state(session: Session, key: str, now: datetime | None = None) -> tuple[int, bool]:
    """A counter's failures in its current window and whether it is locked now."""
    now = now or utcnow()
    row = session.get(SignInThrottle, key)
    if row is None:
        return 0, False
    current = _naive(row.window_started_at) + WINDOW > _naive(now)
    return (row.failures if current else 0), _after(row.locked_until, now)


def _count(connection: Connection, key: str, now: datetime) -> tuple[int, datetime | None]:
    stale = _TABLE.c.window_started_at <= now - WINDOW
    values = {
        "failures": case((stale, 1), else_=_TABLE.c.failures + 1),
        "window_started_at": case((stale, now), else_=_TABLE.c.window_started_at),
    }
    row = _upsert(connection, key, now, values, returning=True)
    assert row is not None
    return int(row[0]), row[1]


def _upsert(
    connection: Connection,
    key: str,
    now: datetime,
    on_conflict: dict[str, Any],
    *,
    returning: bool = False,
) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_TABLE).values(key=key, failures=1, window_started_at=now)
    statement = statement.on_conflict_do_update(index_elements=["key"], set_=on_conflict)
    if returning:
        statement = statement.returning(_TABLE.c.failures, _TABLE.c.locked_until)
        return connection.execute(statement).one()
    connection.execute(statement)
    return None


class _short:
    """PostgreSQL: a connection of its own, committed at once; SQLite: the session's own."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.own: Connection | None = None

    def __enter__(self) -> Connection:
        bind = self.session.get_bind()
        if bind.dialect.name == "postgresql":
            self.own = bind.connect()  # type: ignore[union-attr]
            self.own.begin()
            return self.own
        return self.session.connection()

    def __exit__(self, kind: object, *_: object) -> None:
        if self.own is not None:
            if kind is None:
                self.own.commit()
            else:
                self.own.rollback()
            self.own.close()


def _after(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and _naive(moment) > _naive(now)


def _naive(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; both are UTC.
    return moment.replace(tzinfo=None)
