"""Onboarding in minutes (issue 19 item 4): a scripted run through the API, as a platform operator
made at the console and then as the new government's people, from onboarding to its first
quarter open. Every request the script sends is counted; it must take fewer than 30."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from jixiao.identity import second_factor, totp
from jixiao.identity.operators import create_operator
from jixiao.platform.db import Database
from jixiao.schemes.templates import ensure_example_template
from jixiao.tenants.models import TenantLevel
from tests.factories import Browser, make_tenant, unique_code

OPERATOR_PASSWORD = "Platform-Operator-2027!"
NEW_PASSWORD = "Yongning-Kaohe-2027!"
VIEWER = "viewer { username permissions mustChangePassword mustEnrolSecondFactor }"
SIGN_IN = f"""mutation($t: String, $u: String!, $p: String!) {{
  signIn(input: {{tenant: $t, username: $u, password: $p}}) {{ {VIEWER} errors {{ message }} }} }}"""
CHANGE = f"""mutation($c: String!, $n: String!) {{
  changePassword(input: {{currentPassword: $c, newPassword: $n}}) {{ {VIEWER} errors {{ message }} }} }}"""
START = "mutation { startTotpEnrolment { secret errors { message } } }"
CONFIRM = f"""mutation($c: String!) {{ confirmTotpEnrolment(code: $c) {{ {VIEWER}
  errors {{ message }} }} }}"""
ONBOARD = """mutation($i: OnboardTenantInput!) { onboardTenant(input: $i) {
  tenant { code name level parent { code } } accounts { username role oneTimePassword }
  draftScheme { code name year } errors { code message field } } }"""
CREATE_USER = """mutation($u: String!, $d: String!) { createUser(input: {username: $u,
  displayName: $d}) { user { id } oneTimePassword errors { message } } }"""
ASSIGN = """mutation($u: ID!, $r: [String!]!) { assignRoles(userId: $u, roleCodes: $r) {
  roleCodes errors { message } } }"""
APPROVE = """mutation($c: String!) { approveScheme(code: $c, reason: "首年方案") {
  scheme { status } errors { message } } }"""
PUBLISH = """mutation($c: String!) { publishScheme(code: $c) { scheme { status }
  errors { message } } }"""
DEADLINES = """mutation($c: String!, $d: [PeriodDeadlineInput!]!) {
  setPeriodDeadlines(schemeCode: $c, deadlines: $d) { errors { message } } }"""
PERIODS = """query($c: String!) { schemePeriods(schemeCode: $c) { period state stateLabel
  reportDue verifyDue scoreDue } }"""


class CountingBrowser(Browser):
    """A browser whose every GraphQL request adds one to the script's count."""

    calls = 0

    def post(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        CountingBrowser.calls += 1
        return super().post(query, variables, **kw)

    def ok(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.gql(query, variables)
        assert "errors" not in body, body
        (payload,) = body["data"].values()
        if isinstance(payload, dict):
            assert not payload.get("errors"), payload
        data: dict[str, Any] = payload
        return data

    def set_up_authenticator(self) -> dict[str, Any]:
        """Two calls: the secret, then its first code to confirm it."""
        secret = self.ok(START)["secret"]
        code = totp.code_at(secret, totp.step_at(second_factor.clock()))
        return self.ok(CONFIRM, c=code)["viewer"]


def test_from_onboarding_to_the_first_quarter_open_in_under_30_calls(database: Database) -> None:
    # Before the script: the city exists, and someone at the server ran `jixiao operator create`.
    city = make_tenant(database, "银川市", level=TenantLevel.CITY)
    operator_name = f"op-{uuid.uuid4().hex[:8]}"
    with database.platform_session() as session:
        ensure_example_template(session)
        create_operator(
            session,
            username=operator_name,
            display_name="平台运营 张伟",
            password=OPERATOR_PASSWORD,
        )
        session.commit()
    CountingBrowser.calls = 0

    # The operator: first sign-in sets up an authenticator, then onboards the county.
    operator = CountingBrowser(database)
    signed = operator.ok(SIGN_IN, t=None, u=operator_name, p=OPERATOR_PASSWORD)
    assert signed["viewer"]["mustEnrolSecondFactor"] is True
    assert "tenant:create" in operator.set_up_authenticator()["permissions"]
    code = unique_code("yongning")
    onboarded = operator.ok(
        ONBOARD,
        i={
            "code": code,
            "name": "永宁县",
            "level": "COUNTY",
            "parentCode": city.code,
            "templateCode": "jinfeng-2015",
            "schemeYear": 2027,
        },
    )
    assert onboarded["tenant"]["parent"] == {"code": city.code}
    scheme = onboarded["draftScheme"]
    assert scheme == {"code": f"{code}-2027", "name": "永宁县2027年绩效考评方案", "year": 2027}
    first = {a["username"]: a["oneTimePassword"] for a in onboarded["accounts"]}

    # The system administrator: new password, authenticator, two people.
    admin = CountingBrowser(database)
    assert admin.ok(SIGN_IN, t=code, u="admin", p=first["admin"])["viewer"]["mustChangePassword"]
    admin.ok(CHANGE, c=first["admin"], n=NEW_PASSWORD)
    admin.set_up_authenticator()
    office_user = admin.ok(CREATE_USER, u="kaoheban", d="考评办 马主任")
    leader_user = admin.ok(CREATE_USER, u="zuzhang", d="考评领导小组 杨组长")

    # The security administrator gives them their roles (三员分立).
    secadmin = CountingBrowser(database)
    secadmin.ok(SIGN_IN, t=code, u="secadmin", p=first["secadmin"])
    secadmin.ok(CHANGE, c=first["secadmin"], n=NEW_PASSWORD)
    secadmin.set_up_authenticator()
    secadmin.ok(ASSIGN, u=office_user["user"]["id"], r=["office"])
    secadmin.ok(ASSIGN, u=leader_user["user"]["id"], r=["leadership"])

    # The leading group approves the draft made from the template.
    leader = CountingBrowser(database)
    leader.ok(SIGN_IN, t=code, u="zuzhang", p=leader_user["oneTimePassword"])
    leader.ok(CHANGE, c=leader_user["oneTimePassword"], n=NEW_PASSWORD)
    assert leader.ok(APPROVE, c=scheme["code"])["scheme"]["status"] == "APPROVED"

    # The office publishes it and opens the first quarter with its deadlines.
    office = CountingBrowser(database)
    office.ok(SIGN_IN, t=code, u="kaoheban", p=office_user["oneTimePassword"])
    office.ok(CHANGE, c=office_user["oneTimePassword"], n=NEW_PASSWORD)
    assert office.ok(PUBLISH, c=scheme["code"])["scheme"]["status"] == "PUBLISHED"
    dues = {"reportDue": "2027-04-10", "verifyDue": "2027-04-20", "scoreDue": "2027-04-30"}
    office.ok(DEADLINES, c=scheme["code"], d=[{"period": "Q1", **dues}])
    periods = office.gql(PERIODS, {"c": scheme["code"]})["data"]["schemePeriods"]

    q1 = next(p for p in periods if p["period"] == "Q1")
    assert q1 == {"period": "Q1", "state": "OPEN", "stateLabel": "进行中", **dues}
    assert date.fromisoformat(q1["reportDue"]).year == 2027
    assert CountingBrowser.calls == 24, CountingBrowser.calls
    assert CountingBrowser.calls < 30
