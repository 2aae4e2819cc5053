"""The isolation suite's world: 金凤区 (the victim) full of recognisable data, 西夏区 (the attacker).

金凤区's data is made the way a government makes it: its three administrators sign in through
`signIn` and work through GraphQL (settings, users, roles, tokens), so the audit events, the
sign-in log and the sessions come about naturally. Every text a person chose carries `marker`
(`JF-SECRET-<hex>`), which the attacker never sends; identifiers (usernames, role codes) carry
another hex, because the attacker does send those.

金凤区 also appraises (tests.isolation.world_appraisal): units with their reporter, head and
leader, a scheme imported with its data, approved and published, its annual result published, a
Q4 result reviewed, next year's draft.

西夏区's attacker holds a custom role with every tenant permission code (三员分立 refuses such a
role through the service, so it is written directly: the worst misconfiguration to attack with)
and an API token with all of them.
"""

from __future__ import annotations

import base64
import random
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import SQLModel

import jixiao.models  # noqa: F401 - every table in SQLModel.metadata
from jixiao.app import create_app
from jixiao.graphql.relay import to_global_id
from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.pagination import encode_cursor
from jixiao.policies.permissions import TENANT_CODES
from jixiao.schemes.workbook import indicator_template
from jixiao.tenants import onboarding
from jixiao.tenants.models import Tenant, TenantLevel
from tests.asgi import AppClient
from tests.factories import PASSWORD, Browser, add_user, make_operator_account
from tests.isolation import (
    world_appeals,
    world_appraisal,
    world_city,
    world_inspections,
    world_notices,
    world_public_results,
    world_publicity,
    world_rating_forms,
    world_reports,
    world_supervision,
    world_support,
    world_surveys,
    world_templates,
)
from tests.isolation.walk import Probes, id_types

ID_TYPES = frozenset(id_types(build_schema(Settings())._schema))
# What 金凤区's system administrator sets: none is a default, none what the attacker sets.
VICTIM_SETTINGS = {
    "locale": "en",
    "timezone": "Asia/Urumqi",
    "audit_retention_days": "2917",
    "reminder_days_before": "17",
    "upload_max_mb": "137",
    "appeal_window_days": "7",
    "supervision_green_percent": "83",
    "supervision_yellow_percent": "41",
    "late_reports": "refuse",
}
SHARED_BUILTIN_ROLE = "finance"  # a role code both tenants have: the attacker's is its own


class Client(Browser):
    """A `Browser` with a chosen client address and, optionally, an API token (Bearer)."""

    def __init__(self, database: Database, address: str, bearer: str | None = None) -> None:
        self.http = AppClient(
            create_app(database.settings, database=database), client=(address, 50000)
        )
        self.http.get("/healthz")  # the CSRF cookie, as the portal page would get it
        self.address = address
        self.bearer = bearer

    def post(
        self, query: str, variables: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any
    ) -> Any:
        if self.bearer:
            kw.setdefault("headers", {})["Authorization"] = f"Bearer {self.bearer}"
        return super().post(query, variables, csrf=csrf, **kw)

    def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a request that must succeed without any error."""
        body = self.gql(query, variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        for value in data.values():
            if isinstance(value, dict):
                assert not value.get("errors"), value
        return data


def address() -> str:
    """A client address of its own (the sign-in throttle counts per address)."""
    return f"10.{random.randint(100, 199)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


@dataclass
class World:
    database: Database
    victim: Tenant
    attacker: Tenant
    marker: str  # in every text a person of 金凤区 chose; never sent by the attacker
    victim_admin: str  # 金凤区's system administrator (username; password PASSWORD)
    victim_security_admin: str
    victim_audit_admin: str
    victim_usernames: tuple[str, ...]
    victim_role_code: str  # a custom role only 金凤区 has
    victim_ids: dict[str, list[str]]  # GraphQL type → 金凤区's global ids, the telling first
    victim_codes: tuple[str, ...]  # 金凤区's values of `code` columns that 西夏区 lacks
    appraisal: world_appraisal.Appraisal  # 金凤区's appraisal codes; the attacker's uploads
    attacker_username: str
    attacker_token: str
    operator_username: str

    def probes(self, *, own_tenant: str | None, own_username: str) -> Probes:
        """The values the walk attacks with; `own_*` are the acting subject's credentials."""
        ids: list[str] = []
        for type_name in sorted(self.victim_ids):
            ids.extend(self.victim_ids[type_name][:3])
        raw = [str(_raw(gid)) for gid in ids]
        named = self.appraisal.codes
        # Codes of other kinds (roles…): the appraisal's are given by kind below.
        others = [c for c in self.victim_codes if not any(c in codes for codes in named.values())]
        return Probes(
            ids=tuple(ids),
            tenant_codes=(self.victim.code,),
            role_codes=(self.victim_role_code, SHARED_BUILTIN_ROLE),
            codes=(*others[:3], SHARED_BUILTIN_ROLE),
            usernames=self.victim_usernames,
            raw_ids=tuple(raw[:4]),
            setting_keys=tuple(VICTIM_SETTINGS)[:2],
            permissions=tuple(sorted(TENANT_CODES)),
            search_terms=(self.victim_usernames[-1], self.victim_usernames[-1][:6]),
            cursors=(encode_cursor(self.victim_usernames[-1]), encode_cursor(3)),
            victim_password=PASSWORD,
            own_tenant=own_tenant,
            own_username=own_username,
            own_password=PASSWORD,
            scheme_codes=named["scheme"],
            unit_codes=named["unit"][:3],
            group_codes=named["group"][:2],
            component_codes=named["component"][:2],
            indicator_codes=named["indicator"][:2],
            scheme_text=self.appraisal.probe_scheme,
            data_text=self.appraisal.probe_data,
            units_workbook=self.appraisal.probe_units,
            units_workbook_linked=self.appraisal.probe_units_linked,
            indicator_workbook=indicator_template(),
        )


def _raw(global_id: str) -> uuid.UUID:
    return uuid.UUID(base64.urlsafe_b64decode(global_id).decode().partition(":")[2])


def _tenant(database: Database, prefix: str, name: str) -> Tenant:
    with database.platform_session() as session:
        code = f"{prefix}-{uuid.uuid4().hex[:8]}"
        tenant = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(code, name, TenantLevel.DISTRICT)
        ).tenant
        session.commit()
    return tenant


def _user(database: Database, tenant: Tenant, username: str, display: str, *roles: str) -> str:
    """A user with a known password that needs no change, holding the roles; its global id."""
    with database.tenant_session(tenant.id) as session:
        user = add_user(session, username, *roles, display_name=display, password=PASSWORD)
        session.commit()
        return str(to_global_id("User", user.id))


def build_world(database: Database) -> World:
    """Both tenants and an operator; 金凤区's data made through GraphQL by its administrators."""
    marker = f"JF-SECRET-{uuid.uuid4().hex[:10]}"
    ident = uuid.uuid4().hex[:6]
    victim = _tenant(database, "jinfeng", "金凤区")
    attacker = _tenant(database, "xixia", "西夏区")

    admin, secadmin, auditadmin = (f"jf{ident}-{r}" for r in ("sys", "sec", "aud"))
    _user(database, victim, admin, f"{marker} 系统管理员", "tenant_admin")
    _user(database, victim, secadmin, f"{marker} 安全管理员", "security_admin")
    _user(database, victim, auditadmin, f"{marker} 审计管理员", "audit_admin")

    sys_browser = Client(database, address())
    sys_browser.sign_in(victim.code, admin, PASSWORD)
    for key, value in VICTIM_SETTINGS.items():
        sys_browser.ok(
            "mutation($k: String!, $v: String!) { updateTenantSetting(key: $k, value: $v) "
            "{ errors { message } } }",
            {"k": key, "v": value},
        )
    create = (
        "mutation($u: String!, $d: String!) { createUser(input: {username: $u, displayName: $d})"
        " { user { id } oneTimePassword errors { message } } }"
    )
    staff = {}
    for who, name in (("zhang", "张三"), ("li", "李四")):
        made = sys_browser.ok(create, {"u": f"jf{ident}-{who}", "d": f"{marker} {name}"})
        staff[who] = made["createUser"]
    # 李四 signs in once with the one-time password (a session and a log row of 金凤区).
    li_browser = Client(database, address())
    li = li_browser.sign_in(victim.code, f"jf{ident}-li", staff["li"]["oneTimePassword"])
    assert li["errors"] == [], li
    sys_browser.ok(
        "mutation($id: ID!) { disableUser(id: $id) { errors { message } } }",
        {"id": staff["zhang"]["user"]["id"]},
    )
    token = (
        "mutation($n: String!, $s: [String!]!) { createApiToken(input: {name: $n, scopes: $s,"
        " expiresInDays: 30}) { secret errors { message } } }"
    )
    sys_browser.ok(token, {"n": f"{marker} 数据中台", "s": ["setting:read", "user:read"]})
    # A failed attempt in 金凤区's sign-in log.
    failed = Client(database, address()).sign_in(victim.code, admin, "not-the-password")
    assert failed["errors"], failed

    role_code = f"jf{ident}_role"
    sec_browser = Client(database, address())
    sec_browser.sign_in(victim.code, secadmin, PASSWORD)
    sec_browser.ok(
        "mutation($i: CreateRoleInput!) { createRole(input: $i) { errors { message } } }",
        {
            "i": {
                "code": role_code,
                "name": f"{marker} 角色",
                "description": f"{marker} 说明",
                "permissions": ["report:read", "score:read"],
            }
        },
    )
    sec_browser.ok(
        "mutation($u: ID!, $r: [String!]!) { assignRoles(userId: $u, roleCodes: $r) "
        "{ errors { message } } }",
        {"u": staff["li"]["user"]["id"], "r": [role_code]},
    )
    sec_browser.ok(token, {"n": f"{marker} 角色同步", "s": ["role:read"]})
    world_support.build_support(database, sec_browser, ident, marker)

    # Notices, notifications, mail settings and audit archives (tests.isolation.world_notices).
    people = {}
    for who, role in (("off", "office"), ("fin", "finance")):
        _user(database, victim, f"jf{ident}-{who}", f"{marker} {role}", role)
        people[who] = Client(database, address())
        people[who].sign_in(victim.code, f"jf{ident}-{who}", PASSWORD)
    world_notices.build_notices(
        database, victim, marker, people["off"], people["fin"], staff["li"]["user"]["id"]
    )
    world_notices.build_archives(database, victim)

    # Units, their people, schemes with data and results (tests.isolation.world_appraisal).
    linked = {}
    for who, role in (
        ("reporter", "unit_reporter"),
        ("head", "unit_head"),
        ("leader", "scoring_leader"),
        ("leadership", "leadership"),
    ):
        linked[who] = _user(database, victim, f"jf{ident}-{who}", f"{marker} {role}", role)
    leadership = Client(database, address())
    leadership.sign_in(victim.code, f"jf{ident}-leadership", PASSWORD)
    appraisal = world_appraisal.build_appraisal(
        marker,
        ident,
        admin=sys_browser,
        office=people["off"],
        leadership=leadership,
        linked=linked,
        usernames={who: f"jf{ident}-{who}" for who in linked},
    )
    reporter = Client(database, address())
    reporter.sign_in(victim.code, f"jf{ident}-reporter", PASSWORD)
    world_appraisal.build_cycle(
        people["off"], reporter, appraisal.codes["scheme"][0], appraisal.ids["Unit"][0], marker
    )
    world_inspections.build_records(
        people["off"], reporter, appraisal.codes["scheme"][0], appraisal.codes["unit"][1], marker
    )
    _user(database, victim, f"jf{ident}-ducha", f"{marker} 督查组", "supervision")
    supervisor = Client(database, address())
    supervisor.sign_in(victim.code, f"jf{ident}-ducha", PASSWORD)
    world_supervision.build_supervision(
        people["off"],
        supervisor,
        reporter,
        appraisal.codes["scheme"][0],
        appraisal.codes["unit"][1],
        marker,
    )
    world_appeals.build_appeal(
        reporter, appraisal.codes["scheme"][0], appraisal.codes["unit"][1], marker
    )
    leader = Client(database, address())
    leader.sign_in(victim.code, f"jf{ident}-leader", PASSWORD)
    world_rating_forms.build_rating_forms(
        people["off"],
        leader,
        f"jf{ident}-leader",
        appraisal.codes["scheme"][0],
        appraisal.codes["component"][0],
    )
    respondent = Client(database, address())  # no account: the public page
    world_surveys.build_surveys(
        people["off"],
        respondent,
        appraisal.codes["scheme"][0],
        appraisal.codes["component"],
        marker,
    )
    world_publicity.build_publicity(people["off"], leadership, appraisal.codes["scheme"][0])
    world_templates.build_templates(people["off"], appraisal.codes["scheme"][0], ident, marker)
    world_city.build_city(database, victim, people["off"], appraisal.codes["scheme"][0], marker)
    world_public_results.build_public_results(
        database, victim, people["off"], appraisal.codes["scheme"][0]
    )
    world_reports.build_reports(people["off"], appraisal.codes["scheme"][0])

    aud_browser = Client(database, address())
    aud_browser.sign_in(victim.code, auditadmin, PASSWORD)
    victim_ids = _read_victim_ids(sys_browser, sec_browser, aud_browser)
    victim_ids.update(world_notices.read_ids(aud_browser))
    victim_ids.update(appraisal.ids)
    victim_ids["Tenant"] = [str(to_global_id("Tenant", victim.id))]
    taken = snapshot(database, victim.id)
    for type_name, table in model_tables().items():
        # Types the administrators' reads above do not reach yet: their rows' ids, unread.
        if type_name in ID_TYPES and type_name not in victim_ids and taken.get(table.name):
            victim_ids[type_name] = [str(to_global_id(type_name, k[-1])) for k in taken[table.name]]

    attacker_name = f"xx{ident}-attacker"
    all_powers = f"xx{ident}_all"
    _user(database, attacker, attacker_name, "西夏区攻击者")
    world_notices.grant_every_permission(database, attacker, attacker_name, all_powers)
    attacker_browser = Client(database, address())
    signed = attacker_browser.sign_in(attacker.code, attacker_name, PASSWORD)
    assert signed["errors"] == [], signed
    assert set(signed["viewer"]["permissions"]) == TENANT_CODES, signed
    made = attacker_browser.ok(token, {"n": "西夏区全部", "s": sorted(TENANT_CODES)})

    operator_name = f"op{ident}"
    make_operator_account(database, operator_name, display_name="平台运营")

    return World(
        database=database,
        victim=victim,
        attacker=attacker,
        marker=marker,
        victim_admin=admin,
        victim_security_admin=secadmin,
        victim_audit_admin=auditadmin,
        victim_usernames=(admin, f"jf{ident}-zhang", f"jf{ident}-li"),
        victim_role_code=role_code,
        victim_ids=victim_ids,
        victim_codes=_codes(taken, snapshot(database, attacker.id)),
        appraisal=appraisal,
        attacker_username=attacker_name,
        attacker_token=made["createApiToken"]["secret"],
        operator_username=operator_name,
    )


def _read_victim_ids(
    sys_browser: Client, sec_browser: Client, aud_browser: Client
) -> dict[str, list[str]]:
    """金凤区's global ids as its own administrators read them, the most telling first."""
    users = sys_browser.ok("{ users(first: 100) { nodes { id username } } }")["users"]["nodes"]
    # The staff (one disabled, one with a session and a role) first, then the administrators.
    users.sort(key=lambda u: (not u["username"].endswith(("-zhang", "-li")), u["username"]))
    roles = sec_browser.ok("{ roles { id code builtin } }")["roles"]
    roles.sort(key=lambda r: (r["builtin"], r["code"] != SHARED_BUILTIN_ROLE))
    tokens = [
        *sys_browser.ok("{ myApiTokens { id } }")["myApiTokens"],
        *sec_browser.ok("{ myApiTokens { id } }")["myApiTokens"],
    ]
    events = aud_browser.ok("{ auditEvents(first: 100) { nodes { id } } }")["auditEvents"]["nodes"]
    return {
        "User": [u["id"] for u in users],
        "Role": [r["id"] for r in roles],
        "ApiToken": [t["id"] for t in tokens],
        "AuditEvent": [e["id"] for e in events],
    }


def model_tables() -> dict[str, Table]:
    """Tenant-owned table models by class name (`User`, `Role`…): GraphQL types of the same
    name have global ids made from these rows' ids."""
    found: dict[str, Table] = {}
    pending: list[type] = [SQLModel]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        table = getattr(cls, "__table__", None)
        if isinstance(table, Table) and "tenant_id" in table.c:
            found[cls.__name__] = table
    return found


def _codes(victim: Snapshot, attacker: Snapshot) -> tuple[str, ...]:
    """The victim's values of every `code` column, but those the attacker has too (built-ins)."""
    theirs = {row.get("code") for rows in attacker.values() for row in rows.values()}
    return tuple(
        sorted(
            {
                row["code"]
                for rows in victim.values()
                for row in rows.values()
                if isinstance(row.get("code"), str) and row["code"] not in theirs
            }
        )
    )


# --- snapshots --------------------------------------------------------------------------------

Snapshot = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


def tenant_tables() -> list[Table]:
    """Every tenant-owned table (those with a `tenant_id` column)."""
    return [t for t in SQLModel.metadata.sorted_tables if "tenant_id" in t.c]


def snapshot(database: Database, tenant_id: uuid.UUID) -> Snapshot:
    """Every row of the tenant in every tenant table, read through the tenant's own session.

    `select(table)` on a Core table is not an ORM entity, so the session's tenant criteria do
    not apply to it (on SQLite it would read every tenant): the `tenant_id` condition is spelled
    out. On PostgreSQL row-level security limits it to the tenant as well.
    """
    taken: Snapshot = {}
    with database.tenant_session(tenant_id) as session:
        for table in tenant_tables():
            key = [c.name for c in table.primary_key.columns]
            rows = session.execute(select(table).where(table.c.tenant_id == tenant_id)).mappings()
            taken[table.name] = {tuple(row[k] for k in key): dict(row) for row in rows}
    return taken


def tenant_row(database: Database, tenant_id: uuid.UUID) -> dict[str, Any]:
    with database.platform_session() as session:
        row = session.execute(select(Tenant.__table__).where(Tenant.__table__.c.id == tenant_id))  # type: ignore[attr-defined]
        return dict(row.mappings().one())


def diff(before: Snapshot, after: Snapshot) -> Iterator[tuple[str, str, tuple[Any, ...], Any]]:
    """(table, "added" | "removed" | "changed", key, detail) for every difference."""
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        for key in new.keys() - old.keys():
            yield table, "added", key, new[key]
        for key in old.keys() - new.keys():
            yield table, "removed", key, old[key]
        for key in old.keys() & new.keys():
            if old[key] != new[key]:
                changed = {
                    c: (old[key][c], new[key][c]) for c in old[key] if old[key][c] != new[key][c]
                }
                yield table, "changed", key, changed


def values(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The distinctive texts of rows: strings, and uuids in both spellings."""
    for row in rows:
        for value in row.values():
            if isinstance(value, uuid.UUID):
                yield str(value)
                yield value.hex
            elif isinstance(value, str):
                yield value


def all_rows(taken: Snapshot) -> Iterator[dict[str, Any]]:
    for rows in taken.values():
        yield from rows.values()


def global_ids(taken: Snapshot, type_names: Iterable[str]) -> set[str]:
    """Global ids of every row id of the snapshot, as any of the schema's id-bearing types."""
    names = list(type_names)
    ids = {row["id"] for row in all_rows(taken) if isinstance(row.get("id"), uuid.UUID)}
    return {str(to_global_id(name, i)) for name in names for i in ids}
