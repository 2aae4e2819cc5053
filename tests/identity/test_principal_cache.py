"""Subjects kept between requests (identity/authenticate.py): used again, without reading
anything, only while the tenant's subjects mark stands still and no session was ended; every
audited change that may alter a subject and every ended session takes effect at the next
request, and what is neither audited nor told within JIXIAO_AUTH_CACHE_SECONDS."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select
from starlette.requests import HTTPConnection

from jixiao.audit.service import SYSTEM, chain_marks, record
from jixiao.audit.subjects import alters_subjects
from jixiao.identity import authenticate as module
from jixiao.identity import sessions, tokens
from jixiao.identity.models import AccountStatus, Operator, User
from jixiao.identity.queries import api_tokens_of
from jixiao.platform import changes
from jixiao.platform.auth import ANONYMOUS, SESSION_COOKIE, Subject
from jixiao.platform.db import Database
from jixiao.policies.service import assign_roles
from tests.asgi import run
from tests.factories.people import make_operator_account
from tests.identity.support import account


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def token_for(database: Database, *roles: str) -> tuple[str, Any, Any]:
    """A token of a new user with the roles (scopes: all they hold); the secret, user id, tenant."""
    user = account(database, *roles)
    with database.tenant_session(user.tenant.id) as session:
        row = session.exec(select(User).where(User.username == user.username)).one()
        issued = tokens.create(
            session,
            tenant_code=user.tenant.code,
            user_id=row.id,
            name="集成",
            scopes=["scheme:read", "result:read"],
            allowed=frozenset({"scheme:read", "result:read"}),
            days=5,
            actor=SYSTEM,
        )
        session.commit()
        return issued.secret, row.id, user.tenant


def ask(authenticate: Any, secret: str | None = None, *, cookie: str | None = None) -> Subject:
    headers = [(b"authorization", f"Bearer {secret}".encode())] if secret else []
    if cookie:
        headers.append((b"cookie", f"{SESSION_COOKIE}={cookie}".encode()))
    scope = {"type": "http", "headers": headers, "client": ("10.0.0.1", 5000)}
    subject: Subject = run(authenticate(HTTPConnection(scope)))
    return subject


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a subject was built from roles and permissions."""
    calls: list[int] = []
    build = module.subject_for_user

    def counting(*args: Any, **kwargs: Any) -> Subject:
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(module, "subject_for_user", counting)
    return calls


def test_a_subject_is_built_once_while_nothing_changes(
    database: Database, counted: list[int]
) -> None:
    secret, _, _ = token_for(database, "office")
    authenticate = module.make_authenticator(database, database.settings, clock=Clock())
    first, again = ask(authenticate, secret), ask(authenticate, secret)
    assert again == first
    assert first.can("result:read")
    assert len(counted) == 1


def test_an_audited_change_takes_effect_at_the_next_request(
    database: Database, counted: list[int]
) -> None:
    secret, user_id, tenant = token_for(database, "office")
    authenticate = module.make_authenticator(database, database.settings, clock=Clock())
    assert ask(authenticate, secret).can("result:read")
    with database.tenant_session(tenant.id) as session:
        assign_roles(session, None, user_id, ["unit_reporter"], actor=SYSTEM)  # audited
        session.commit()
    after = ask(authenticate, secret)
    assert not after.can("scheme:read")
    assert len(counted) == 2


@pytest.mark.parametrize("role", ["leadership", "office", "unit_reporter"])
def test_a_token_sees_the_units_its_owner_sees(database: Database, role: str) -> None:
    secret, user_id, tenant = token_for(database, role)
    subject = ask(module.make_authenticator(database, database.settings), secret)
    with database.tenant_session(tenant.id) as session:
        user = session.get(User, (tenant.id, user_id))
        assert user is not None
        owner = module.subject_for_user(session, tenant, user, via="cookie")
    assert subject.scope == owner.scope
    assert subject.scope.every_unit == (role != "unit_reporter")


def kept(database: Database, clock: Clock, secret: str) -> Any:
    """An authenticator holding the token's subject with its credential checked: the first
    request builds the subject, the second checks the credential and keeps the check."""
    database.changes.clock = clock
    authenticate = module.make_authenticator(database, database.settings, clock=clock)
    ask(authenticate, secret)
    ask(authenticate, secret)
    return authenticate


def statements_of(database: Database, call: Any) -> list[str]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    return seen


def test_a_kept_subject_reads_nothing(database: Database, counted: list[int]) -> None:
    secret, _, _ = token_for(database, "office")
    authenticate = kept(database, Clock(), secret)
    assert statements_of(database, lambda: ask(authenticate, secret)) == []
    assert len(counted) == 1


def test_a_token_revoked_is_refused_at_once(database: Database, counted: list[int]) -> None:
    secret, user_id, tenant = token_for(database, "office")
    authenticate = kept(database, Clock(), secret)
    with database.tenant_session(tenant.id) as session:
        [token] = api_tokens_of(session, user_id)
        tokens.revoke(session, token.id, owner=None, actor=SYSTEM)  # audited: the head moves
        session.commit()
    with pytest.raises(module.AuthenticationRefused):
        ask(authenticate, secret)


def test_signing_out_ends_a_kept_session_at_once(database: Database, counted: list[int]) -> None:
    user = account(database, "office")
    with database.tenant_session(user.tenant.id) as session:
        row = session.exec(select(User).where(User.username == user.username)).one()
        opened = sessions.open_session(
            session,
            realm=user.tenant.code,
            owner_id=row.id,
            settings=database.settings,
            address="10.0.0.1",
            user_agent=None,
        )
        session.commit()
    cookie = opened.cookie_value
    database.changes.clock = clock = Clock()
    authenticate = module.make_authenticator(database, database.settings, clock=clock)
    assert ask(authenticate, cookie=cookie).user_id == row.id
    assert ask(authenticate, cookie=cookie).user_id == row.id  # checked, now kept
    with database.tenant_session(user.tenant.id) as session:
        sessions.revoke_user_sessions(session, row.id, "signed out elsewhere")  # not audited
        session.commit()
    assert ask(authenticate, cookie=cookie) is ANONYMOUS


def test_what_is_neither_audited_nor_told_is_seen_within_the_stated_time(
    database: Database, counted: list[int]
) -> None:
    secret, user_id, tenant = token_for(database, "office")
    clock = Clock()
    authenticate = kept(database, clock, secret)
    with database.tenant_session(tenant.id) as session:
        [token] = api_tokens_of(session, user_id)
        token.revoked_at = token.created_at  # behind the services' back: nobody is told
        session.add(token)
        session.commit()
    clock.now += changes.LOCAL_TRUST / 2
    assert ask(authenticate, secret).user_id == user_id
    clock.now += database.settings.auth_cache_seconds
    with pytest.raises(module.AuthenticationRefused):
        ask(authenticate, secret)


def test_what_is_not_audited_is_seen_within_the_stated_time(
    database: Database, counted: list[int]
) -> None:
    secret, user_id, tenant = token_for(database, "office")
    clock = Clock()
    authenticate = module.make_authenticator(database, database.settings, clock=clock)
    assert ask(authenticate, secret).display_name is not None
    with database.tenant_session(tenant.id) as session:
        user = session.get(User, (tenant.id, user_id))
        assert user is not None
        user.display_name = "改名未审计"
        session.add(user)
        session.commit()
    assert "改名未审计" not in (ask(authenticate, secret).display_name or "")
    clock.now += database.settings.auth_cache_seconds
    assert "改名未审计" in (ask(authenticate, secret).display_name or "")
    assert len(counted) == 2


def test_subjects_are_not_kept_when_the_cache_is_off(
    database: Database, counted: list[int]
) -> None:
    secret, _, _ = token_for(database, "office")
    settings = database.settings.with_changes(auth_cache_seconds=0)
    authenticate = module.make_authenticator(database, settings, clock=Clock())
    ask(authenticate, secret)
    ask(authenticate, secret)
    assert len(counted) == 2


def test_another_process_is_told_through_redis(
    database: Database, redis_url: str, counted: list[int]
) -> None:
    """Two API processes on one database: a token revoked in one is refused by the other at
    its next request, although the other kept the subject and trusts its head for long."""
    secret, user_id, tenant = token_for(database, "office")
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    settings = database.settings.with_changes(redis_url=redis_url, queue_namespace=namespace)
    here, there = Database(settings), Database(settings)
    clock = Clock()
    there.changes.clock = clock  # the subscription starts at the test's time
    try:
        there.changes.start()
        assert there.changes.wait_subscribed()
        authenticate = kept(there, clock, secret)
        clock.now += 10 * changes.LOCAL_TRUST  # subscribed: the head stays vouched for
        assert statements_of(there, lambda: ask(authenticate, secret)) == []
        with here.tenant_session(tenant.id) as session:
            [token] = api_tokens_of(session, user_id)
            tokens.revoke(session, token.id, owner=None, actor=SYSTEM)
            session.commit()
        moved = here.changes.head(tenant.id)
        assert moved is not None
        deadline = time.monotonic() + 5
        while there.changes.head(tenant.id) != moved:
            time.sleep(0.01)  # the word crosses Redis
            assert time.monotonic() < deadline
        with pytest.raises(module.AuthenticationRefused):
            ask(authenticate, secret)
    finally:
        here.dispose()
        there.dispose()


def test_the_work_of_the_day_leaves_kept_subjects_kept(
    database: Database, counted: list[int]
) -> None:
    """Reports, scores and notices move the chain head (answers are computed again) but not
    the subjects mark: a kept subject stays kept and its request reads nothing."""
    secret, _, tenant = token_for(database, "office")
    authenticate = kept(database, Clock(), secret)
    with database.tenant_session(tenant.id) as session:
        for action in ("report.submit", "score.enter", "notice.read", "auth.sign_in"):
            record(session, actor=SYSTEM, action=action, target_type="x", target_id="1")
        session.commit()
        head, subjects = chain_marks(session)
    assert head > subjects
    assert statements_of(database, lambda: ask(authenticate, secret)) == []
    assert len(counted) == 1


@pytest.mark.parametrize(
    "action", ["unit.links.set", "unit.update", "tenant.setting.update", "user.disable"]
)
def test_a_change_that_may_alter_subjects_builds_them_again(
    database: Database, counted: list[int], action: str
) -> None:
    secret, _, tenant = token_for(database, "office")
    authenticate = kept(database, Clock(), secret)
    with database.tenant_session(tenant.id) as session:
        record(session, actor=SYSTEM, action=action, target_type="x", target_id="1")
        session.commit()
        head, subjects = chain_marks(session)
    assert head == subjects
    ask(authenticate, secret)
    assert len(counted) == 2


def test_which_actions_alter_subjects() -> None:
    for action in (
        "role.assign",
        "role.update",
        "user.password.change",
        "user.second_factor.enable",
        "unit.links.set",
        "unit.update",
        "tenant.suspend",
        "tenant.setting.update",
        "api_token.revoke",
        "auth.sign_out",
        "brand_new_area.anything",  # unknown areas count as altering
    ):
        assert alters_subjects(action), action
    for action in ("report.submit", "score.enter", "result.publish", "auth.sign_in"):
        assert not alters_subjects(action), action


def test_an_operators_request_reads_its_session_and_account_in_one_statement(
    database: Database,
) -> None:
    """Operators' subjects are not kept: each of their requests checks the cookie. The session
    row and the operator come in one statement (a join), not one after the other; a disabled
    operator is still refused at the next request."""
    make_operator_account(database, "op-one", display_name="运维一")
    with database.platform_session() as session:
        operator = session.exec(select(Operator).where(Operator.username == "op-one")).one()
        opened = sessions.open_session(
            session,
            realm=sessions.OPERATOR_REALM,
            owner_id=operator.id,
            settings=database.settings,
            address="10.0.0.1",
            user_agent=None,
        )
        session.commit()
    authenticate = module.make_authenticator(database, database.settings)
    cookie = opened.cookie_value
    assert ask(authenticate, cookie=cookie).username == "op-one"
    read = [
        s
        for s in statements_of(database, lambda: ask(authenticate, cookie=cookie))
        if s.lstrip().upper().startswith("SELECT") and "set_config" not in s
    ]
    assert len(read) == 1, read
    assert "FROM operator_session" in read[0], read
    assert "JOIN operator " in read[0], read
    with database.platform_session() as session:
        row = session.get(Operator, operator.id)
        assert row is not None
        row.status = AccountStatus.DISABLED
        session.add(row)
        session.commit()
    assert ask(authenticate, cookie=cookie) is ANONYMOUS
