"""The world of bench/deadline_day.py: 金凤区 as `jixiao demo` seeds it, and virtual users.

`build(env, users)` seeds the demo tenants into the migrated database of `env` the way
`jixiao demo` does (`seed_demo` with an in-process worker, against the app URL: the app role,
row-level security in force), then prepares the deadline day as the evaluation office would:

- the monitored leaves A1 (招商局), A2 and C3 (发改局) of jinfeng-2015 are given to every unit
  (the demo gives A2 and D1 to three towns), so each unit has seven report slots (leaf × quarter);
- `users` accounts `vu0001`… with the demo accounts' roles, in a fixed mix (`ROLE_WEIGHTS`,
  interleaved so that the first n accounts keep the mix): reporters and heads of units (the
  reporters only in units that have a head), monitoring departments of 发改局 and 招商局, and
  scoring leaders named among the scorers of B1 and D1 and in charge of two units each. The
  password is the demo's; `must_change_password` is off as after a first sign-in, and none of
  these roles needs a second factor (only the three administrators do, by default).

Every account gets the same Argon2id hash of the password, computed once (a bench shortcut:
signing in still verifies it in full).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from sqlmodel import col, select

ROLE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("unit_reporter", 30),
    ("unit_head", 15),
    ("monitoring_dept", 12),
    ("scoring_leader", 10),
    ("leadership", 10),
    ("office", 10),
    ("supervision", 8),
    ("finance", 5),
)
TENANT = "jinfeng"
SCHEME = "jinfeng-2015"
REPORTED_LEAVES = ("A1", "A2", "C3")  # verified by 招商局 (A1) and 发改局 (A2, C3)
MONITORS = ("fagaiju", "zhaoshangju", "fagaiju")  # 发改局 monitors five slots a unit, 招商局 two
SCORED_LEAVES = ("B1", "D1")  # manual leaves the virtual scoring leaders score
LABELS = {
    "unit_reporter": "填报员",
    "unit_head": "负责人",
    "monitoring_dept": "监控员",
    "scoring_leader": "分管领导",
    "leadership": "领导小组",
    "office": "考评办",
    "supervision": "督查组",
    "finance": "财政",
}


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    unit: str | None  # its unit's code (reporters, heads, monitoring departments)


@dataclass(frozen=True)
class World:
    accounts: list[Account]
    tenant: str
    scheme: str
    password: str
    units: list[str]  # unit codes of the scheme
    leaf_periods: dict[str, tuple[str, ...]]  # reported leaf → its quarters
    leaf_scorers: dict[str, tuple[str, ...]]  # reported leaf → who verifies (unit codes)


def role_sequence(count: int) -> list[str]:
    """`count` roles by smooth weighted round-robin: every prefix keeps the mix."""
    current = dict.fromkeys((role for role, _ in ROLE_WEIGHTS), 0)
    total = sum(weight for _, weight in ROLE_WEIGHTS)
    roles = []
    for _ in range(count):
        for role, weight in ROLE_WEIGHTS:
            current[role] += weight
        chosen = max(current, key=lambda role: current[role])
        current[chosen] -= total
        roles.append(chosen)
    return roles


def plan(count: int, units: list[str]) -> list[Account]:
    """The accounts and their units: heads go round the units; reporters round the units
    that have a head; monitoring departments alternate 发改局, 招商局, 发改局."""
    roles = role_sequence(count)
    heads = roles.count("unit_head")
    headed = units[: max(1, min(len(units), heads))]
    seen: dict[str, int] = {}
    accounts = []
    for index, role in enumerate(roles, start=1):
        nth = seen.get(role, 0)
        seen[role] = nth + 1
        unit = {
            "unit_reporter": headed[nth % len(headed)],
            "unit_head": units[nth % len(units)],
            "monitoring_dept": MONITORS[nth % len(MONITORS)],
        }.get(role)
        accounts.append(Account(f"vu{index:04d}", role, unit))
    return accounts


@contextmanager
def one_hash(password: str) -> Iterator[None]:
    """Hash the password once for every account created inside (see the module docstring)."""
    from jixiao.identity.passwords import hash_password

    hashed = hash_password(password)
    with mock.patch("jixiao.identity.service.hash_password", return_value=hashed):
        yield


def build(env: dict[str, str], users: int) -> World:
    """Seed the demo into the database of `env` and add `users` virtual users (see above)."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.audit.search import seal_chains
    from jixiao.demo import DEMO_PASSWORD, seed_demo
    from jixiao.platform.config import Settings
    from jixiao.platform.db import Database
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = Settings.from_env(env)
    database = Database(settings)
    try:
        seal_chains(database)
        with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
            seed_demo(database)
            drain()
            world = _deadline_day(database, users, DEMO_PASSWORD)
            drain()
    finally:
        database.dispose()
    return world


def _deadline_day(database: object, users: int, password: str) -> World:
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.assignments import service
    from jixiao.assignments.models import Assignment
    from jixiao.identity.models import User
    from jixiao.identity.service import create_user
    from jixiao.org.models import Unit, UnitLink, UnitLinkRole
    from jixiao.org.service import set_links
    from jixiao.platform.auth import DataScope, Subject, TenantRef
    from jixiao.platform.db import Database
    from jixiao.policies.service import assign_roles
    from jixiao.schemes.lookup import membership
    from jixiao.schemes.models import Indicator
    from jixiao.schemes.service import find_scheme
    from jixiao.tenants.service import find_tenant

    assert isinstance(database, Database)
    with database.platform_session() as platform:
        tenant = find_tenant(platform, TENANT)
    assert tenant is not None, "seed_demo did not create the demo tenant"
    with database.tenant_session(tenant.id) as session:
        scheme = find_scheme(session, SCHEME)
        assert scheme is not None, f"seed_demo did not import {SCHEME}"
        office_user = session.exec(select(User).where(User.username == "office")).one()
        office = Subject(
            kind="user",
            tenant=TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value),
            user_id=office_user.id,
            username=office_user.username,
            display_name=office_user.display_name,
            scope=DataScope(every_unit=True),
        )
        members = membership(session, scheme.id)  # unit id → (code, group)
        unit_ids = {code: unit_id for unit_id, (code, _) in members.items()}
        codes = sorted(unit_ids)
        leaves = {
            leaf.code: leaf
            for leaf in session.exec(
                select(Indicator).where(
                    Indicator.scheme_id == scheme.id,
                    col(Indicator.code).in_([*REPORTED_LEAVES, *SCORED_LEAVES]),
                )
            )
        }
        taken = set(session.exec(select(Assignment.indicator_id, Assignment.unit_id)).all())
        for code in REPORTED_LEAVES:
            leaf = leaves[code]
            missing = [u for u in unit_ids.values() if (leaf.id, u) not in taken]
            draft = service.AssignmentDraft(
                target_value=leaf.target, target_text=(leaf.criteria or leaf.name)[:1000]
            )
            if missing:
                service.assign(session, leaf.id, missing, draft, actor=office)

        accounts = plan(users, codes)
        leaders = [a.username for a in accounts if a.role == "scoring_leader"]
        for code in SCORED_LEAVES:
            leaves[code].scorers = [*leaves[code].scorers, *leaders]
            session.add(leaves[code])
        links: dict[tuple[str, UnitLinkRole], list[uuid.UUID]] = {}
        with one_hash(password):
            for index, account in enumerate(accounts):
                user, _ = create_user(
                    session,
                    username=account.username,
                    display_name=f"压测{LABELS[account.role]}{account.username[2:]}",
                    unit_id=unit_ids[account.unit] if account.unit else None,
                    password=password,
                    actor=office,
                )
                user.must_change_password = False  # as after the first sign-in
                session.add(user)
                assign_roles(session, None, user.id, [account.role])
                if account.role == "unit_reporter":
                    links.setdefault((account.unit or "", UnitLinkRole.REPORTER), []).append(
                        user.id
                    )
                elif account.role == "unit_head":
                    links.setdefault((account.unit or "", UnitLinkRole.HEAD), []).append(user.id)
                elif account.role == "scoring_leader":
                    for unit in (
                        codes[(2 * index) % len(codes)],
                        codes[(2 * index + 1) % len(codes)],
                    ):
                        links.setdefault((unit, UnitLinkRole.LEADER), []).append(user.id)
        for (code, role), new in links.items():
            unit = session.get(Unit, (tenant.id, unit_ids[code]))
            assert unit is not None
            present = session.exec(
                select(UnitLink.user_id).where(UnitLink.unit_id == unit.id, UnitLink.role == role)
            ).all()
            set_links(session, unit, role, [*present, *new], actor=office)
        periods = {
            code: tuple(p for p in scheme.periods if p in (leaves[code].periods or {}))
            for code in REPORTED_LEAVES
        }
        scorers = {code: tuple(leaves[code].scorers) for code in REPORTED_LEAVES}
        session.commit()
    return World(accounts, TENANT, SCHEME, password, codes, periods, scorers)
