"""People, not codes: who may be named a scorer, and scorers shown by name wherever they show."""

from __future__ import annotations

import pytest
from sqlmodel import select

from jixiao.identity.models import AccountStatus, User
from jixiao.identity.service import create_user
from jixiao.org.models import Unit
from jixiao.platform.auth import Subject
from jixiao.policies.service import assign_roles
from jixiao.schemes.models import Indicator
from tests.factories import SCHEME, GraphQLClient, as_role, compute, everything
from tests.scoring.entry.support import Scorers

CHOICES = "{ scorerChoices { code name kind kindLabel } }"


@pytest.fixture
def people(jinfeng: Scorers) -> Scorers:
    """金凤区's scoring leaders, a disabled one, a reporter, and a department's staff."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        units = {unit.code: unit for unit in session.exec(select(Unit)).all()}
        for code in units:  # only what this test sets is a monitoring department
            units[code].monitoring = code == "fagaiju"
            session.add(units[code])
        for username, name, role, unit in (
            ("lingdao1", "张副区长", "scoring_leader", None),
            ("lingdao2", "李副区长", "scoring_leader", None),
            ("lingdao9", "已调离的王副区长", "scoring_leader", None),
            ("tianbao", "良田镇填报员", "unit_reporter", "liangtian"),
            ("huanbao1", "环保局科员", "monitoring_dept", "huanbaoju"),
        ):
            home = units[unit].id if unit else None
            user, _ = create_user(session, username=username, display_name=name, unit_id=home)
            assign_roles(session, None, user.id, [role])
            if username == "lingdao9":
                user.status = AccountStatus.DISABLED
                session.add(user)
        session.commit()
    return jinfeng


def test_the_office_lists_the_people_and_departments_that_score(
    gql: GraphQLClient, people: Scorers
) -> None:
    office = as_role(people.tenant, "office")
    listed = gql.execute(CHOICES, subject=office)["data"]["scorerChoices"]
    person, unit = "评分人员", "实施监控职能部门"
    # People by name first, then the departments: 发改局 is flagged as monitoring, 环保局 has
    # monitoring staff. A disabled leader, a reporter and the staff themselves are not listed.
    assert [(s["code"], s["name"], s["kind"], s["kindLabel"]) for s in listed] == [
        ("lingdao1", "张副区长", "PERSON", person),
        ("lingdao2", "李副区长", "PERSON", person),
        ("fagaiju", "发展和改革局", "UNIT", unit),
        ("huanbaoju", "环境保护局", "UNIT", unit),
    ]


def test_only_readers_of_schemes_list_scorers_and_each_tenant_its_own(
    gql: GraphQLClient, people: Scorers, intruder: Subject
) -> None:
    refused = gql.execute(CHOICES, subject=as_role(people.tenant, "unit_reporter"))
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    theirs = gql.execute(CHOICES, subject=intruder)["data"]["scorerChoices"]
    assert theirs == []  # 西夏区 has no one who scores yet; 金凤区's people stay unseen


def test_scorers_show_by_name_in_the_tree_the_workbench_and_the_drilldown(
    gql: GraphQLClient, people: Scorers
) -> None:
    with people.database.tenant_session(people.tenant.id) as session:
        b2 = session.exec(select(Indicator).where(Indicator.code == "B2")).one()
        b2.scorers = ["lingdao1", "nobody"]
        session.add(b2)
        session.commit()
    tree = gql.execute(
        "query($c: String!) { scheme(code: $c) { indicators { code scorerDetails { code name kind } } } }",
        {"c": SCHEME},
        subject=as_role(people.tenant, "office"),
    )["data"]["scheme"]["indicators"]
    details = {node["code"]: node["scorerDetails"] for node in tree}
    assert details["B1"] == [
        {"code": "lingdao1", "name": "张副区长", "kind": "PERSON"},
        {"code": "lingdao2", "name": "李副区长", "kind": "PERSON"},
    ]
    assert details["A2"] == [{"code": "fagaiju", "name": "发展和改革局", "kind": "UNIT"}]
    assert details["B2"][1] == {"code": "nobody", "name": "nobody", "kind": "UNKNOWN"}

    bench = gql.execute(
        '{ scoringWorkbench(schemeCode: "jinfeng-2015", period: "Q1", first: 500)'
        " { nodes { indicatorCode scorer scorerName score { scorer scorerName } } } }",
        subject=people.leader("liangtian"),
    )["data"]["scoringWorkbench"]["nodes"]
    b1 = next(cell for cell in bench if cell["indicatorCode"] == "B1")
    assert (b1["scorer"], b1["scorerName"]) == ("lingdao1", "张副区长")
    assert b1["score"] == {"scorer": "lingdao1", "scorerName": "张副区长"}

    compute(people.database, people.tenant, "Q1", everything(people.tenant))
    result = gql.execute(
        '{ unitResult(schemeCode: "jinfeng-2015", unitCode: "liangtian", period: Q1)'
        " { breakdown { indicatorCode sourceScores { scorer scorerName } } } }",
        subject=everything(people.tenant),
    )["data"]["unitResult"]["breakdown"]
    sources = {line["indicatorCode"]: line["sourceScores"] for line in result}
    assert sorted((s["scorer"], s["scorerName"]) for s in sources["B1"]) == [
        ("lingdao1", "张副区长"),
        ("lingdao2", "李副区长"),
    ]
    assert sources["A2"] == [{"scorer": None, "scorerName": None}]


def test_a_code_shared_by_a_unit_and_a_username_reads_as_the_unit(
    gql: GraphQLClient, people: Scorers
) -> None:
    with people.database.tenant_session(people.tenant.id) as session:
        user, _ = create_user(session, username="fagaiju", display_name="同名账号")
        session.commit()
        assert session.exec(select(User).where(User.id == user.id)).one()
    tree = gql.execute(
        "query($c: String!) { scheme(code: $c) { indicators { code scorerDetails { name } } } }",
        {"c": SCHEME},
        subject=as_role(people.tenant, "office"),
    )["data"]["scheme"]["indicators"]
    a2 = next(node for node in tree if node["code"] == "A2")
    assert a2["scorerDetails"] == [{"name": "发展和改革局"}]  # as entering scores names it
