"""Data scopes (DOMAIN.md §1): a unit sees itself, a leader the units in their charge, a
monitoring department the indicators it monitors; office, leadership and the rest see all."""

from __future__ import annotations

from jixiao.identity.models import User
from jixiao.org.queries import linked_unit_ids, units_by_id
from jixiao.platform.auth import DataScope
from jixiao.platform.db import JixiaoSession

# Roles whose view is bounded by the user's units; any other role held means every unit.
UNIT_BOUND_ROLES = frozenset({"unit_reporter", "unit_head", "monitoring_dept", "scoring_leader"})
MONITORING_ROLE = "monitoring_dept"


def data_scope(session: JixiaoSession, user: User, roles: frozenset[str]) -> DataScope:
    """The user's data scope in the session's tenant (two small queries)."""
    if roles - UNIT_BOUND_ROLES:
        return DataScope(every_unit=True, scorer_codes=frozenset({user.username}))
    linked = linked_unit_ids(session, user.id)
    if user.unit_id is not None:
        linked.add(user.unit_id)
    codes = {user.username}
    if linked and MONITORING_ROLE in roles:
        units = units_by_id(session, linked).values()
        # A monitoring department scores the indicators that name it among their scorers; its
        # staff who only report their own unit's progress do not (they see their unit's rows).
        codes |= {unit.code for unit in units if unit.monitoring or unit.id == user.unit_id}
    return DataScope(unit_ids=frozenset(linked), scorer_codes=frozenset(codes))
