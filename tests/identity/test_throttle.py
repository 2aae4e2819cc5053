"""The sign-in throttle under concurrency, behind a shared address, and without a timing
difference between unknown names and wrong passwords."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from jixiao.identity import service as identity
from jixiao.identity import throttle
from jixiao.identity.models import SignInLog, SignInOutcome
from jixiao.identity.service import SignInRequest
from jixiao.identity.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT
from jixiao.platform.db import Database
from tests.identity.support import Account, account


def attempt(database: Database, user: Account, password: str, address: str) -> bool:
    with database.platform_session() as session:
        request = SignInRequest(user.tenant.code, user.username, password, address=address)
        result = identity.sign_in(session, database.settings, request)
        session.commit()
        return result.ok


def outcomes(database: Database, user: Account) -> list[SignInOutcome]:
    with database.tenant_session(user.tenant.id) as session:
        rows = session.exec(select(SignInLog).where(SignInLog.username == user.username)).all()
        return [row.outcome for row in rows]


def test_parallel_guesses_check_no_more_passwords_than_the_limit(database: Database) -> None:
    user = account(database, "office")
    with ThreadPoolExecutor(max_workers=10) as pool:
        addresses = [f"10.1.{i}.1" for i in range(30)]  # every guess from its own address
        answers = list(pool.map(lambda a: attempt(database, user, "guess", a), addresses))
    assert not any(answers)
    seen = outcomes(database, user)
    assert len(seen) == 30
    assert seen.count(SignInOutcome.FAILED) == ACCOUNT_LIMIT
    assert seen.count(SignInOutcome.LOCKED) == 30 - ACCOUNT_LIMIT
    with database.platform_session() as session:
        failures, locked = throttle.state(
            session, throttle.account_key(user.tenant.code, user.username)
        )
    assert (failures, locked) == (30, True)
    # the right password does not open it now
    assert not attempt(database, user, user.password, "10.2.0.1")


def test_an_address_over_its_limit_spares_accounts_that_signed_in_there(
    database: Database,
) -> None:
    office = "10.9.8.7"  # an office behind one NAT
    regular = account(database, "office")
    newcomer = account(database, "leadership", tenant=regular.tenant)
    assert attempt(database, regular, regular.password, office)
    for i in range(ADDRESS_LIMIT + 1):  # someone in the office guesses invented names
        invented = Account(regular.tenant, f"nobody{i}-{uuid.uuid4().hex[:6]}", "x")
        assert not attempt(database, invented, "guess", office)
    # the colleague who signs in from here every day still gets in ...
    assert attempt(database, regular, regular.password, office)
    # ... a wrong password of theirs still counts against their account ...
    assert not attempt(database, regular, "guess", office)
    # ... while an account never seen at this address waits for the lock to pass
    assert not attempt(database, newcomer, newcomer.password, office)
    assert outcomes(database, newcomer) == [SignInOutcome.LOCKED]
    # and from another address it is not locked at all
    assert attempt(database, newcomer, newcomer.password, "10.9.8.8")


def test_an_unknown_name_costs_one_password_verification_like_a_wrong_password(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = account(database, "office")
    checked: list[str | None] = []
    real = identity.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(identity, "verify_password", counting)
    assert not attempt(database, user, "guess", "10.3.0.1")
    assert len(checked) == 1
    assert checked[0] is not None
    unknown = Account(user.tenant, "no-such-user", "x")
    assert not attempt(database, unknown, "guess", "10.3.0.2")
    assert len(checked) == 2
    assert checked[1] is None  # the dummy hash was verified
