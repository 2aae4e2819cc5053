"""`node(id:)` and `nodes(ids:)`: every `Node` type found by its id alone, behind the guard and
the data scope of its own root field, and null, the same null, for what does not exist, is
another tenant's, or is not the viewer's to see.

One world per backend (tests.isolation.world: 金凤区 full of data of every type, 西夏区 whose
attacker holds every permission), with two more people of 金凤区: one holding every permission,
and a reporter of another unit than the one whose report the world holds.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLInterfaceType, get_named_type
from strawberry.utils.str_converters import to_camel_case

from jixiao.graphql.node import FINDERS, MAX_IDS
from jixiao.graphql.relay import to_global_id
from jixiao.graphql.schema import build_schema
from jixiao.identity.service import create_user
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow, uuid7
from jixiao.policies.service import assign_roles
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.conftest import migrated_sqlite_settings
from tests.isolation.world import PASSWORD, Client, World, address, build_world
from tests.isolation.world_notices import grant_every_permission

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Unit { code name }
    ... on Scheme { code year }
    ... on Indicator { code isLeaf }
    ... on User { username }
    ... on ResultRun { schemeCode period }
    ... on Notice { title }
  }
}"""
NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
SCHEMA = build_schema(Settings())._schema
SOME_UUID = uuid.UUID("01a2504c-0000-7000-8000-000000000000")


@dataclass
class Seen:
    """The world, and 金凤区's people signed in (by role), with their username prefix."""

    world: World
    people: dict[str, Client]

    def ids(self, type_name: str) -> list[str]:
        return self.world.victim_ids[type_name]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def node_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Settings:
    if request.param == "postgres":
        settings: Settings = request.getfixturevalue("pg_settings")
        return settings
    return migrated_sqlite_settings(tmp_path_factory.mktemp("node") / "data", sqlite_template)


@pytest.fixture(scope="module")
def seen(node_settings: Settings) -> Iterator[Seen]:
    database = Database(node_settings)
    with inprocess_worker(setup_broker(node_settings, database, mode="inprocess")) as drain:
        world = build_world(database)
        drain()
        prefix = world.victim_admin.rsplit("-", 1)[0]  # jf<ident>
        everything = f"{prefix}-every"
        _person(database, world, everything, None)
        grant_every_permission(database, world.victim, everything, f"{prefix}_every")
        # A reporter of another unit than liangtian, whose report the world holds.
        elsewhere = _raw(world.victim_ids["Unit"][1])
        _person(database, world, f"{prefix}-fagaiju", elsewhere, "unit_reporter")
        people = {
            who: _signed_in(database, world, f"{prefix}-{who}")
            for who in ("every", "fagaiju", "reporter", "leader", "fin")
        }
        people["attacker"] = _signed_in(database, world, world.attacker_username, own=False)
        yield Seen(world, people)
    database.dispose()


def _raw(global_id: str) -> uuid.UUID:
    return uuid.UUID(base64.urlsafe_b64decode(global_id).decode().partition(":")[2])


def _person(
    database: Database, world: World, username: str, unit_id: uuid.UUID | None, *roles: str
) -> None:
    with database.tenant_session(world.victim.id) as session:
        user, _ = create_user(
            session, username=username, display_name=username, unit_id=unit_id, password=PASSWORD
        )
        user.must_change_password = False
        user.password_changed_at = utcnow()
        session.add(user)
        session.flush()
        if roles:
            assign_roles(session, None, user.id, list(roles))
        session.commit()


def _signed_in(database: Database, world: World, username: str, *, own: bool = True) -> Client:
    client = Client(database, address())
    tenant = world.victim.code if own else world.attacker.code
    signed = client.sign_in(tenant, username, PASSWORD)
    assert signed["errors"] == [], signed
    return client


def _missing(global_id: str) -> str:
    """An id of the same type that exists nowhere."""
    type_name = base64.urlsafe_b64decode(global_id).decode().partition(":")[0]
    return str(to_global_id(type_name, uuid7()))


def _node(client: Client, global_id: str) -> dict[str, Any]:
    body = client.gql(NODE, {"id": global_id})
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["node"]
    return found


def _as_missing(client: Client, global_id: str) -> None:
    """The viewer gets null for the id, and exactly the answer an id that exists nowhere gets."""
    ours = client.gql(NODE, {"id": global_id})
    assert ours == {"data": {"node": None}}, ours
    assert client.gql(NODE, {"id": _missing(global_id)}) == ours


def _own_field(type_name: str, client: Client, global_id: str) -> Any:
    """What the root field `node` borrows its guard (and resolver) from answers for the id, for
    the types found by a root field that takes their id."""
    name = to_camel_case(FINDERS[type_name].field.python_name)
    body = client.gql(
        f"query($id: ID!) {{ {name}(id: $id) {{ __typename id }} }}", {"id": global_id}
    )
    assert "errors" not in body, body
    return body["data"][name]


def test_every_node_type_has_a_finder_guarded_by_a_root_field() -> None:
    node = SCHEMA.type_map["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    implementations = {t.name for t in SCHEMA.get_possible_types(node)}
    assert implementations == set(FINDERS)
    assert {"Unit", "Scheme", "Indicator", "User", "ResultRun", "Notice", "Appeal"} < set(FINDERS)
    assert SCHEMA.query_type is not None
    roots = SCHEMA.query_type.fields
    for type_name, finder in FINDERS.items():
        root = roots[to_camel_case(finder.field.python_name)]
        assert finder.field.permission_classes, type_name
        if finder.lookup is None:  # that field's own resolver finds it by its id
            assert get_named_type(root.type).name == type_name
            assert list(root.args) == ["id"]


def test_node_finds_each_type_for_whoever_may_see_it(seen: Seen) -> None:
    client = seen.people["every"]
    for type_name in sorted(FINDERS):
        global_id = seen.ids(type_name)[0]
        found = _node(client, global_id)
        assert (found["__typename"], found["id"]) == (type_name, global_id)
        if FINDERS[type_name].lookup is None:
            assert _own_field(type_name, client, global_id) == {
                "__typename": type_name,
                "id": global_id,
            }
    unit = _node(client, seen.ids("Unit")[0])
    assert client.ok("query($id: ID!) { unit(id: $id) { code name } }", {"id": unit["id"]}) == {
        "unit": {"code": unit["code"], "name": unit["name"]}
    }
    scheme = _node(client, seen.ids("Scheme")[0])
    assert scheme["code"] == seen.world.appraisal.codes["scheme"][0]
    indicator = _node(client, seen.ids("Indicator")[0])
    assert indicator["code"]
    assert isinstance(indicator["isLeaf"], bool)
    assert _node(client, seen.ids("User")[0])["username"].startswith("jf")


def test_nodes_answers_each_id_in_order_with_null_where_node_does(seen: Seen) -> None:
    client = seen.people["every"]
    wanted = [seen.ids(t)[0] for t in ("Unit", "ProgressReport", "Scheme")]
    missing = _missing(wanted[0])
    found = client.ok(NODES, {"ids": [*wanted, missing, wanted[0]]})["nodes"]
    assert [n["id"] if n else None for n in found] == [*wanted, None, wanted[0]]
    assert [n["__typename"] for n in found if n] == ["Unit", "ProgressReport", "Scheme", "Unit"]


def test_another_tenants_ids_answer_null_as_ids_that_exist_nowhere(seen: Seen) -> None:
    """西夏区's attacker holds every permission (by session and by token), the operator none of
    a tenant's: 金凤区's ids of every Node type answer as ids that exist nowhere."""
    world = seen.world
    token = Client(world.database, address(), bearer=world.attacker_token)
    operator = Client(world.database, address())
    assert operator.sign_in(None, world.operator_username, PASSWORD)["errors"] == []
    for client in (seen.people["attacker"], token, operator):
        for type_name in sorted(FINDERS):
            for global_id in seen.ids(type_name)[:2]:
                _as_missing(client, global_id)
        everything = [seen.ids(t)[0] for t in sorted(FINDERS)]
        assert client.ok(NODES, {"ids": everything})["nodes"] == [None] * len(everything)


def test_without_the_permission_of_the_types_own_field_node_answers_null(seen: Seen) -> None:
    """finance reads results only: no unit, user or scheme of its own tenant, and of the runs
    only the published ones (as `resultRuns` lists them), never the Q4 draft under review."""
    finance = seen.people["fin"]
    for type_name in ("Unit", "User", "Scheme", "Indicator", "ProgressReport", "Survey"):
        _as_missing(finance, seen.ids(type_name)[0])
    every = seen.people["every"]
    statuses = {
        gid: every.ok(
            "query($id: ID!) { node(id: $id) { ... on ResultRun { status } } }", {"id": gid}
        )["node"]["status"]
        for gid in seen.ids("ResultRun")
    }
    published = [gid for gid, status in statuses.items() if status == "PUBLISHED"]
    drafts = [gid for gid, status in statuses.items() if status in {"DRAFT", "REVIEWED"}]
    assert published, statuses
    assert drafts, statuses
    listed = finance.ok(
        "query($c: String!) { resultRuns(schemeCode: $c, includeSupersededDrafts: true)"
        " { nodes { id } } }",
        {"c": seen.world.appraisal.codes["scheme"][0]},
    )["resultRuns"]["nodes"]
    for gid in published:
        assert _node(finance, gid)["__typename"] == "ResultRun"
        assert {"id": gid} in listed
    for gid in drafts:
        _as_missing(finance, gid)
        assert {"id": gid} not in listed


def test_outside_the_viewers_data_scope_node_answers_null(seen: Seen) -> None:
    """liangtian's report and assignment: its own reporter finds them; fagaiju's reporter (the
    same permissions, another unit) gets null, as `progressReport(id:)` gives it. The scoring
    leader reads appeals (score:write) but only those routed to them: not the new one."""
    report, assignment = seen.ids("ProgressReport")[0], seen.ids("Assignment")[0]
    own, other = seen.people["reporter"], seen.people["fagaiju"]
    for global_id, type_name in ((report, "ProgressReport"), (assignment, "Assignment")):
        assert _node(own, global_id)["__typename"] == type_name
        assert _own_field(type_name, own, global_id) is not None
        _as_missing(other, global_id)
        assert _own_field(type_name, other, global_id) is None
    leader, appeal = seen.people["leader"], seen.ids("Appeal")[0]
    _as_missing(leader, appeal)
    assert _own_field("Appeal", leader, appeal) is None
    assert _node(seen.people["every"], appeal)["__typename"] == "Appeal"


@pytest.mark.parametrize(
    "bad",
    [
        "nonsense",
        base64.urlsafe_b64encode(b"Unit:not-a-uuid").decode(),
        str(to_global_id("ApiToken", SOME_UUID)),  # a global id, of a type that is no Node
        str(to_global_id("Nope", SOME_UUID)),
    ],
    ids=["not-base64", "no-uuid", "not-a-node", "no-such-type"],
)
def test_a_malformed_id_is_the_error_every_id_argument_gives(seen: Seen, bad: str) -> None:
    client = seen.people["every"]
    body = client.gql(NODE, {"id": bad})
    assert body["data"] == {"node": None}
    [error] = body["errors"]
    assert error["message"] == "id 不是有效的 Node 标识"
    assert error["extensions"]["code"] == "INVALID"
    # As `unit(id:)` refuses an id that is no Unit's.
    unit = client.gql("query($id: ID!) { unit(id: $id) { id } }", {"id": bad})["errors"][0]
    assert (unit["message"], unit["extensions"]["code"]) == ("id 不是有效的 Unit 标识", "INVALID")
    many = client.gql(NODES, {"ids": [seen.ids("Unit")[0], bad]})["errors"][0]
    assert (many["message"], many["extensions"]["code"]) == (
        "ids[1] 不是有效的 Node 标识",
        "INVALID",
    )


def test_nodes_takes_at_most_a_page_of_ids(seen: Seen) -> None:
    ids = [seen.ids("Unit")[0]] * (MAX_IDS + 1)
    error = seen.people["every"].gql(NODES, {"ids": ids})["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert len(seen.people["every"].ok(NODES, {"ids": ids[:MAX_IDS]})["nodes"]) == MAX_IDS


def test_node_needs_a_signed_in_viewer(seen: Seen) -> None:
    anonymous = Client(seen.world.database, address())
    body = anonymous.gql(NODE, {"id": seen.ids("Unit")[0]})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
