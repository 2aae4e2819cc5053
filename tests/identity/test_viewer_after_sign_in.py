"""The viewer a sign-in returns is read in the tenant signed into: its unit and settings, though
the request that signed in came without one."""

from __future__ import annotations

from sqlmodel import select

from jixiao.engine.model import UnitKind
from jixiao.identity.models import User
from jixiao.org.models import Unit
from jixiao.platform.db import Database
from tests.factories import Browser
from tests.identity.support import account

SIGN_IN = """
mutation SignIn($tenant: String, $username: String!, $password: String!) {
  signIn(input: {tenant: $tenant, username: $username, password: $password}) {
    viewer { authenticated unit { code name } reportApproval }
    errors { code message field }
  }
}"""


def test_a_unit_reporter_signing_in_is_told_its_unit(database: Database, browser: Browser) -> None:
    reporter = account(database, "unit_reporter")
    with database.tenant_session(reporter.tenant.id) as session:
        unit = Unit(
            tenant_id=reporter.tenant.id, code="liangtian", name="良田镇", kind=UnitKind.TOWN
        )
        session.add(unit)
        session.flush()
        user = session.exec(select(User).where(User.username == reporter.username)).one()
        user.unit_id = unit.id
        session.add(user)
        session.commit()

    answer = browser.gql(
        SIGN_IN,
        {
            "tenant": reporter.tenant.code,
            "username": reporter.username,
            "password": reporter.password,
        },
    )

    assert "errors" not in answer, answer
    payload = answer["data"]["signIn"]
    assert payload["errors"] == []
    assert payload["viewer"]["authenticated"] is True
    assert payload["viewer"]["unit"] == {"code": "liangtian", "name": "良田镇"}
    assert payload["viewer"]["reportApproval"] == "ONE_STEP"
    assert browser.viewer()["authenticated"] is True
