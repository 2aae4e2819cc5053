"""Reads the portal needs beyond the rules: schemes to choose from, the viewer's unit and scope."""

from __future__ import annotations

from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient, Jinfeng

CHOICES = "{ appraisalSchemes { code name year periods status } }"
VIEWER = "{ viewer { unit { code name } scope { everyUnit unitCount scorerCodes } } }"


def test_a_unit_reporter_picks_schemes_without_reading_their_rules(
    gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    reporter = jinfeng.reporter()
    found = gql.execute(CHOICES, subject=reporter)
    assert "errors" not in found, found
    [choice] = found["data"]["appraisalSchemes"]
    assert choice["code"] == SCHEME
    assert choice["periods"] == ["Q1", "Q2", "Q3", "Q4"]
    refused = gql.execute(f'{{ scheme(code: "{SCHEME}") {{ code }} }}', subject=reporter)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_schemes_to_choose_list_their_units_to_pick(
    gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    found = gql.execute(
        "{ appraisalSchemes { code units { code name groupCode } } }", subject=jinfeng.reporter()
    )
    assert "errors" not in found, found
    [choice] = found["data"]["appraisalSchemes"]
    units = {u["code"]: u for u in choice["units"]}
    assert len(units) == 24  # the example's units, each in its group
    assert units["liangtian"] == {"code": "liangtian", "name": "良田镇", "groupCode": "towns"}
    assert all(u["groupCode"] for u in choice["units"])
    one = f'{{ appraisalSchemes(code: "{SCHEME}") {{ code }} }}'
    assert gql.execute(one, subject=jinfeng.reporter())["data"]["appraisalSchemes"] == [
        {"code": SCHEME}
    ]
    none = '{ appraisalSchemes(code: "no-such-scheme") { code } }'
    assert gql.execute(none, subject=jinfeng.reporter())["data"]["appraisalSchemes"] == []


def test_schemes_to_choose_need_a_working_permission(
    gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    nobody = Subject(kind="user", tenant=jinfeng.office.tenant, username="nobody")
    refused = gql.execute(CHOICES, subject=nobody)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "之一" in refused["errors"][0]["message"]
    other = gql.execute(CHOICES, subject=intruder)
    assert other["data"]["appraisalSchemes"] == []  # another tenant sees none of 金凤区's


def test_the_viewer_knows_its_unit_and_scope(gql: GraphQLClient, jinfeng: Jinfeng) -> None:
    reporter = gql.execute(VIEWER, subject=jinfeng.reporter())["data"]["viewer"]
    assert reporter["unit"]["code"] == "liangtian"
    assert reporter["scope"]["everyUnit"] is False
    office = gql.execute(VIEWER, subject=jinfeng.office)["data"]["viewer"]
    assert office["unit"] is None
    anonymous = gql.execute(VIEWER)["data"]["viewer"]
    assert anonymous == {"unit": None, "scope": None}
