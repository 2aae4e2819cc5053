"""Fuzzing the GraphQL schema: every root field, with arguments generated from the schema
(hypothesis-graphql), as a signed-in user of each core role. Whatever comes in, no answer may be
an INTERNAL error: bad input is the user's error, named; a crash is ours.

Deterministic (derandomized) so that CI is stable; `JIXIAO_FUZZ_EXAMPLES` raises the number of
examples per field and role for a longer run.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from jixiao.graphql.schema import build_schema
from jixiao.identity.authenticate import subject_for_user
from jixiao.identity.service import create_user
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.policies.service import assign_roles
from tests.factories import GraphQLClient, Jinfeng

EXAMPLES = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "4"))
SCHEMA = build_schema(Settings())._schema


def _text(values: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return values.map(nodes.String)


SCALARS = {
    "Date": _text(st.one_of(st.dates().map(str), st.text(max_size=12))),
    "DateTime": _text(st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=12))),
    "Decimal": _text(
        st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
            st.sampled_from(["NaN", "-Infinity", "1e999", "", "一百", "0x10"]),
        )
    ),
}


# Each core role, and the unit its user belongs to or is in charge of (None: no unit).
CORE_ROLES = {
    "office": (None, None),
    "leadership": (None, None),
    "scoring_leader": ("fengdeng", UnitLinkRole.LEADER),
    "monitoring_dept": ("fagaiju", UnitLinkRole.REPORTER),
    "unit_reporter": ("liangtian", UnitLinkRole.REPORTER),
    "unit_head": ("liangtian", UnitLinkRole.HEAD),
}


def core_roles(jinfeng: Jinfeng) -> dict[str, Subject]:
    """A real user of each core role, as the authenticator sees them once signed in."""
    subjects = {}
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        for role, (unit_code, link) in CORE_ROLES.items():
            user, _ = create_user(session, username=f"fuzz_{role}", display_name=role)
            if unit_code is not None and link is not None:
                unit_id = jinfeng.units[unit_code]
                session.add(UnitLink(unit_id=unit_id, user_id=user.id, role=link))
                if link.belongs:
                    user.unit_id = unit_id
                    session.add(user)
                session.flush()
            assign_roles(session, None, user.id, [role])
            user.must_change_password = False
            session.add(user)
            session.flush()
            subjects[role] = subject_for_user(session, jinfeng.tenant, user, via="cookie")
        session.commit()
    return subjects


def root_fields(kind: str) -> list[str]:
    root = SCHEMA.query_type if kind == "query" else SCHEMA.mutation_type
    assert root is not None
    return sorted(root.fields)


def crashes(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        error
        for error in body.get("errors") or []
        if (error.get("extensions") or {}).get("code") == "INTERNAL"
    ]


def examples(strategy: Any) -> list[str]:
    """The operations hypothesis draws from the strategy (derandomized: the same every run)."""
    drawn: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(query: str) -> None:
        drawn.append(query)

    draw()
    return drawn


@pytest.mark.parametrize("kind", ["query", "mutation"])
def test_no_generated_operation_crashes_the_server(
    jinfeng: Jinfeng, gql: GraphQLClient, kind: str
) -> None:
    if jinfeng.database.engine.dialect.name != "postgresql":
        pytest.skip("fuzzed on PostgreSQL, which refuses more (NUL, sizes) than SQLite")
    build = queries if kind == "query" else mutations
    problems: list[str] = []
    subjects = core_roles(jinfeng)
    # Each field's operations are drawn once and sent as every role, one after the other: the
    # drawing was a third of the test's time when each role drew them again, and the app's
    # validation cache keeps a document that comes back at once.
    for field in root_fields(kind):
        for query in examples(build(SCHEMA, fields=[field], custom_scalars=SCALARS)):
            for role, subject in subjects.items():
                crashed = crashes(gql.execute(query, subject=subject))
                if crashed:
                    problems.append(f"{role}: {query}\n→ {crashed}"[:2000])
    assert not problems, "\n\n".join(problems)
