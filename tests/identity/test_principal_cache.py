"""Subjects kept between requests (identity/authenticate.py): used again only while the
tenant's audit chain head stands still and the credential is live; every audited change takes
effect at the next request, and what is not audited within JIXIAO_AUTH_CACHE_SECONDS."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlmodel import select
from starlette.requests import HTTPConnection

from jixiao.audit.service import SYSTEM
from jixiao.identity import authenticate as module
from jixiao.identity import tokens
from jixiao.identity.models import User
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.policies.service import assign_roles
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


def ask(authenticate: Any, secret: str) -> Subject:
    scope = {
        "type": "http",
        "headers": [(b"authorization", f"Bearer {secret}".encode())],
        "client": ("10.0.0.1", 5000),
    }
    subject: Subject = asyncio.run(authenticate(HTTPConnection(scope)))
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


def test_a_revoked_token_is_refused_at_once(database: Database, counted: list[int]) -> None:
    secret, user_id, tenant = token_for(database, "office")
    authenticate = module.make_authenticator(database, database.settings, clock=Clock())
    ask(authenticate, secret)
    with database.tenant_session(tenant.id) as session:
        [token] = tokens.list_for(session, user_id)
        token.revoked_at = token.created_at  # not audited here: the credential is checked anyway
        session.add(token)
        session.commit()
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
