"""A user or token of 西夏区, through every query and mutation, neither reads nor changes 金凤区.

The suite walks the schema (`tests.isolation.walk`): every root Query and Mutation field gets
operations, its arguments filled with 金凤区's global ids, codes and usernames. A new field is
walked as soon as it exists. What a later issue must do, the suite tells it by failing:

- a field the generator cannot fill (a new scalar…) fails `test_every_root_field_is_walked`
  until `walk.OVERRIDES` says how to attack it;
- a new tenant table without 金凤区 rows, or a new id-bearing type without 金凤区 ids, fails
  `test_the_world_covers_every_tenant_table_and_id_type` until `world.build_world` makes some
  (ids of a type named like its table model are found by themselves);
- a mutation that ends or renews the walker's own session makes the walk report "lost its
  powers": add it to `SESSION_FIELDS`, which run last, in a second session.

Each walk (a signed-in user holding every tenant permission; that user's API token with every
scope; a platform operator) checks that:

- no answer (data or error message, or a file it carries in base64: a workbook, an export) holds
  any of 金凤区's texts (the marker in every name its people chose, usernames, role codes,
  hashes, setting values) or row ids (raw or global), unless the walker had sent that very text
  itself or it is 西夏区's own data (as it is when the answer is given: an export lists the
  walk's own events);
- none of 金凤区's texts that no other tenant can have by chance (its marker, its row ids) ends up
  in 西夏区's own rows, unless the walker sent it;
- answers do not tell whether a 金凤区 row exists: the first operation of each field that sends a
  金凤区 global id is repeated with an id that exists nowhere, and both answers must be the same;
  a CONFLICT about a username or code only 金凤区 has is a leak too;
- no request crashes (a masked INTERNAL error), is refused at the transport level, or is invalid;
- every field its guards let the walker use is reached at least once (a walk refused everywhere
  would prove nothing), and the walker keeps its powers to the end;
- 金凤区's rows in every tenant table, and its tenant row, are exactly what they were before.

Sign-in: `signIn` is called against 金凤区's realm (a 金凤区 username with a wrong password; the
walker's own credentials) because cross-realm sign-in is an attack worth making. A failed attempt
against 金凤区 IS written to 金凤区's sign-in log and, as `auth.sign_in` refused, to its audit
chain, by design (its security staff must see who tries its accounts). The snapshot comparison
allows exactly those rows (failed, from the walk's own client addresses) and the chain head moving
over them, nothing else. Each walk costs one failure on one 金凤区 account's throttle (the lock
comes at five); afterwards 金凤区's administrator must still sign in and see its own data.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from graphql import GraphQLInterfaceType, parse, validate

from jixiao.graphql.relay import to_global_id
from jixiao.platform.orm import uuid7
from jixiao.tenants import settings as setting_catalogue
from tests.isolation.checks import (
    VIEWER,
    Secrets,
    Walk,
    hex_forms,
    known_texts,
    permissions_of,
    refused_for,
    schemas,
    type_of,
    unexpected_changes,
)
from tests.isolation.walk import (
    OVERRIDES,
    Batches,
    Operation,
    Probes,
    id_types,
    operations,
    root_fields,
)
from tests.isolation.world import (
    PASSWORD,
    VICTIM_SETTINGS,
    Client,
    World,
    address,
    global_ids,
    snapshot,
    tenant_row,
    tenant_tables,
)

SESSION_FIELDS = ("signIn", "changePassword", "signOut")  # run last, in a second session
# Operators suspend and resume governments, and open their public results page (阳光考核), by
# design: that changes the tenant and appends to its audit chain (the government must see who
# did it). Not walked as the operator.
OPERATOR_TENANT_WRITES = ("suspendTenant", "resumeTenant", "setTenantPublicResults")
STRAWBERRY, SCHEMA = schemas()


def _walk(
    world: World,
    *,
    subject: str,
    main: Client,
    session: Client,
    own_tenant: str | None,
    own_username: str,
    skip: tuple[str, ...] = (),
) -> tuple[Walk, list[str]]:
    """Run every operation as the subject; returns the judged walk and the snapshot problems."""
    database = world.database
    ops, uncovered = operations(
        SCHEMA, probes := world.probes(own_tenant=own_tenant, own_username=own_username)
    )
    assert not uncovered, uncovered
    ops = [op for op in ops if op.field not in skip]
    batches = Batches.of(ops, SESSION_FIELDS)

    before = snapshot(database, world.victim.id)
    victim_tenant = tenant_row(database, world.victim.id)
    own = snapshot(database, world.attacker.id)
    # The settings' allowed values are the catalogue's, which every tenant reads: a victim's
    # value among them is found as a (key, value) pair of a setting instead (`settings=`).
    allowed: list[str] = [c for spec in setting_catalogue.SPECS for c in spec.choices]
    if subject == "operator":
        # Tenant metadata (code, name, status, its id) is the operator's to see.
        allowed += [*hex_forms([world.victim.id]), world.victim.code]
    secrets = Secrets.of(
        before,
        extra={
            world.marker: "the marker of 金凤区's texts",
            **(
                {}
                if subject == "operator"
                else {
                    world.victim.code: "金凤区's tenant code",
                    world.victim_ids["Tenant"][0]: "金凤区's tenant global id",
                }
            ),
        },
        global_ids=global_ids(before, id_types(SCHEMA)),
        settings=VICTIM_SETTINGS,
        allowed=allowed,
        marker=world.marker,
    )
    # The twin has the type inside the id (a LinkedUser's id is a User's).
    twins = {
        ids[0]: str(to_global_id(type_of(ids[0]), uuid7())) for ids in world.victim_ids.values()
    }
    assert set(twins) <= set(probes.ids)
    walk = Walk(secrets=secrets, known=known_texts(own), twins=twins)
    if own_tenant is not None:
        walk.own = lambda: known_texts(snapshot(database, world.attacker.id))

    powers = main.gql(VIEWER)["data"]["viewer"]
    walk.run(main, batches.queries, "main")
    for name, group in itertools.groupby(batches.mutations, key=lambda op: op.field):
        walk.run(main, list(group), "main")
        still = main.gql(VIEWER)["data"]["viewer"]
        if still != powers:
            walk.problems.append(f"the walker lost its powers during {name}: {still}")
    walk.run(session, batches.session, "session")
    if main.gql(VIEWER)["data"]["viewer"] != powers:
        walk.problems.append("the walker's main session did not survive the session mutations")

    expected = {
        name
        for name, guards in permissions_of(STRAWBERRY).items()
        if refused_for(subject, guards) and name not in skip
    }
    unreached = walk.unreached()
    if unreached != expected:
        walk.problems.append(
            f"fields refused to the {subject} though its guards allow it: "
            f"{sorted(unreached - expected)}; allowed though they should refuse: "
            f"{sorted(expected - unreached)}"
        )

    if subject != "operator":
        own_texts = known_texts(snapshot(database, world.attacker.id))
        walk.problems.extend(walk.landed(own_texts))
        own_text = "\n".join(own_texts)
        codes = world.appraisal.codes
        identifiers = (
            *world.victim_usernames,
            world.victim_role_code,
            *codes["scheme"],
            *codes["unit"],
            *codes["group"],
        )
        walk.problems.extend(walk.conflicts(identifiers, own_text))

    after = snapshot(database, world.victim.id)
    changes = unexpected_changes(before, after, sign_in_addresses={main.address, session.address})
    if tenant_row(database, world.victim.id) != victim_tenant:
        changes.append("金凤区's tenant row changed")
    return walk, changes


def _report(walk: Walk, changes: list[str]) -> str:
    lines = [*walk.problems, *changes]
    return f"{len(lines)} isolation problem(s):\n" + "\n".join(lines)


def _victim_still_works(world: World) -> None:
    """金凤区's administrator signs in (no lock) and still reads its own, marked data."""
    browser = Client(world.database, address())
    signed = browser.sign_in(world.victim.code, world.victim_admin, PASSWORD)
    assert signed["errors"] == [], signed
    users = browser.ok("{ users(first: 100) { nodes { displayName } } }")["users"]["nodes"]
    assert any(world.marker in u["displayName"] for u in users)


def _attacker_browser(world: World) -> Client:
    browser = Client(world.database, address())
    signed = browser.sign_in(world.attacker.code, world.attacker_username, PASSWORD)
    assert signed["errors"] == [], signed
    return browser


@pytest.fixture
def attacker(world: World) -> tuple[Client, Client]:
    """Two sessions of the attacker: the walk's, and one for the session mutations."""
    return _attacker_browser(world), _attacker_browser(world)


# What the generator is checked with when no database is at hand.
STAND_IN = Probes(
    ids=tuple(str(to_global_id(name, uuid.uuid4())) for name in id_types(SCHEMA) for _ in range(2)),
    tenant_codes=("jinfeng",),
    role_codes=("jf_role", "finance"),
    codes=("jf_role", "finance"),
    usernames=("jf-admin", "jf-staff"),
    raw_ids=(str(uuid.uuid4()),),
    setting_keys=("locale",),
    permissions=("user:read", "role:read"),
    search_terms=("jf",),
    cursors=("azpqZg",),
    victim_password=PASSWORD,
    own_tenant="xixia",
    own_username="xx-admin",
    own_password=PASSWORD,
    scheme_codes=("jf-2015", "jf-2016"),
    unit_codes=("jf-fagaiju", "jf-liangtian"),
    group_codes=("jf-towns",),
    component_codes=("jf-leaders",),
    indicator_codes=("A1",),
)


def test_every_root_field_is_walked() -> None:
    """A field the generator cannot fill must be given variable sets in `walk.OVERRIDES`; every
    generated operation is valid against the schema."""
    ops, uncovered = operations(SCHEMA, STAND_IN)
    fields = root_fields(SCHEMA)
    assert uncovered == {}, f"add these fields to walk.OVERRIDES: {uncovered}"
    assert {op.field for op in ops} == set(fields)
    assert set(OVERRIDES) <= set(fields), f"stale overrides: {set(OVERRIDES) - set(fields)}"
    # Validity is the document's (4,072 operations share 400 documents; validating each
    # operation took 112 s of a two-core machine's run, each document once 11 s).
    labels = {op.document: op.label for op in ops}
    invalid = {
        labels[document]: errors
        for document in labels
        if (errors := validate(SCHEMA, parse(document)))
    }
    assert invalid == {}


def test_node_is_walked_with_every_id_and_a_fragment_on_each_type_it_answers() -> None:
    """`node(id:)` answers any `Node`: the walk sends it ids of every type and reads each
    implementation's leaves, so that an object of 金凤区 it found would show its texts (and be
    told apart from an id that exists nowhere)."""
    ops, _ = operations(SCHEMA, STAND_IN)
    walked = [op for op in ops if op.field == "node"]
    interface = SCHEMA.get_type("Node")
    assert isinstance(interface, GraphQLInterfaceType)
    for member in SCHEMA.get_possible_types(interface):
        assert f"... on {member.name} {{ " in walked[0].document, member.name
    assert {type_of(op.variables["id"]) for op in walked} == set(id_types(SCHEMA))
    assert any(len(op.variables["ids"]) > 1 for op in ops if op.field == "nodes")


def test_the_world_covers_every_tenant_table_and_id_type(world: World) -> None:
    """Every tenant table holds 金凤区 rows and every id-bearing type has 金凤区 ids to attack
    with: a later issue that adds a table or a type adds 金凤区 data to `world.build_world`."""
    taken = snapshot(world.database, world.victim.id)
    empty = [t.name for t in tenant_tables() if not taken[t.name]]
    assert empty == [], f"金凤区 has no rows in {empty}: add some to build_world"
    missing = [t for t in id_types(SCHEMA) if not world.victim_ids.get(t)]
    assert missing == [], f"金凤区 has no global ids of {missing}: add some to build_world"
    every = global_ids(taken, id_types(SCHEMA)) | {str(to_global_id("Tenant", world.victim.id))}
    for type_name, ids in world.victim_ids.items():
        assert set(ids) <= every, f"{type_name} ids are not those of 金凤区's rows"
    assert world.marker in str(taken["app_user"])
    assert world.marker in str(taken["audit_event"])


def test_the_leak_check_sees_the_victims_own_answers(world: World) -> None:
    """The detector works: 金凤区's own administrator's answers are full of what it looks for."""
    browser = Client(world.database, address())
    browser.sign_in(world.victim.code, world.victim_admin, PASSWORD)
    taken = snapshot(world.database, world.victim.id)
    secrets = Secrets.of(
        taken,
        extra={world.marker: "the marker"},
        global_ids=global_ids(taken, id_types(SCHEMA)),
        settings=VICTIM_SETTINGS,
    )
    walk = Walk(secrets=secrets, known=[])
    ops = [
        Operation("query", "users", "{ users { nodes { id displayName } } }", {}),
        Operation("query", "tenantSettings", "{ tenantSettings { key value } }", {}),
        Operation("query", "unitsWorkbook", "{ unitsWorkbook }", {}),
    ]
    walk.run(browser, ops, "victim")
    assert any("LEAK of the marker" in p for p in walk.problems)
    assert any("global id" in p for p in walk.problems)
    assert any("setting audit_retention_days=2917" in p for p in walk.problems)
    # Inside a workbook too: the units sheet names 金凤区's units (marked) and their people.
    assert any("LEAK of the marker" in p and "unitsWorkbook" in p for p in walk.problems)


def test_a_signed_in_user_with_every_permission_reads_and_changes_nothing(
    world: World, attacker: tuple[Client, Client]
) -> None:
    main, session = attacker
    walk, changes = _walk(
        world,
        subject="user",
        main=main,
        session=session,
        own_tenant=world.attacker.code,
        own_username=world.attacker_username,
    )
    assert not walk.problems + changes, _report(walk, changes)
    _victim_still_works(world)


def test_an_api_token_with_every_scope_reads_and_changes_nothing(world: World) -> None:
    main = Client(world.database, address(), bearer=world.attacker_token)
    session = Client(world.database, address(), bearer=world.attacker_token)
    assert main.gql(VIEWER)["data"]["viewer"]["kind"] == "token"
    walk, changes = _walk(
        world,
        subject="token",
        main=main,
        session=session,
        own_tenant=world.attacker.code,
        own_username=world.attacker_username,
    )
    assert not walk.problems + changes, _report(walk, changes)
    _victim_still_works(world)


def test_a_platform_operator_reads_no_appraisal_data(world: World) -> None:
    """Tenant metadata (code, name, status, level, its global id) is the operator's to read;
    settings, users, roles, tokens and audit events of 金凤区 are not. Mutations are walked too,
    but for suspending and resuming, which change the tenant by design."""

    def operator() -> Client:
        client = Client(world.database, address())
        signed = client.sign_in(None, world.operator_username, PASSWORD)
        assert signed["errors"] == [], signed
        return client

    walk, changes = _walk(
        world,
        subject="operator",
        main=operator(),
        session=operator(),
        own_tenant=None,
        own_username=world.operator_username,
        skip=OPERATOR_TENANT_WRITES,
    )
    assert not walk.problems + changes, _report(walk, changes)
    tenants = [o for o in walk.outcomes if o.op.field == "tenants" and not o.body.get("errors")]
    assert any(world.victim.code in str(o.body) for o in tenants), "the operator lists tenants"


def test_a_forged_realm_in_a_cookie_or_token_opens_nothing(world: World) -> None:
    """The realm in a session cookie and the tenant code in a token are only where to look:
    the attacker's secret rewritten to name 金凤区 is no credential there."""
    browser = _attacker_browser(world)
    cookie = browser.http.cookies["jixiao_session"]
    realm, _, secret = cookie.partition(".")
    assert realm == world.attacker.code
    forger = Client(world.database, address())
    forger.http.cookies.set("jixiao_session", f"{world.victim.code}.{secret}")
    forger.http.get("/healthz")  # the CSRF token bound to that cookie, as a page load gets it
    assert forger.viewer()["authenticated"] is False
    forger.http.cookies.set("jixiao_session", cookie)  # the same secret in its own realm
    forger.http.get("/healthz")
    assert forger.viewer()["authenticated"] is True

    forged = world.attacker_token.replace(f"_{world.attacker.code}_", f"_{world.victim.code}_")
    client = Client(world.database, address(), bearer=forged)
    response = client.post(VIEWER)
    assert response.status_code == 401, response.text
    assert world.marker not in response.text


def test_an_operator_revoking_a_token_gets_a_typed_error(world: World) -> None:
    """Found by the operator walk: `revokeApiToken` is open to any cookie session (`SignedIn`),
    operators included, and once looked the token up with `session.require_tenant()` in a
    platform session: TenantContextError, masked as INTERNAL. The platform wall held (nothing
    was read), but an operator must get a typed error, as `createApiToken` gives."""
    client = Client(world.database, address())
    assert client.sign_in(None, world.operator_username, PASSWORD)["errors"] == []
    body = client.gql(
        "mutation($id: ID!) { revokeApiToken(id: $id) { token { id } errors { code } } }",
        {"id": world.victim_ids["ApiToken"][0]},
    )
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert "INTERNAL" not in codes, body
    assert body["data"]["revokeApiToken"]["token"] is None
