"""Units (考评对象) and users' links to them: typed inputs in, models out; the caller commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import col, delete

from jixiao.audit.service import AuditEntry, record, record_many
from jixiao.identity.models import User
from jixiao.identity.queries import users_by_id
from jixiao.org.models import Unit, UnitKind, UnitLink, UnitLinkRole
from jixiao.org.queries import find_unit, links_of_users, unit_codes, unit_links
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.platform.orm import utcnow, uuid7
from jixiao.schemes.lookup import in_fixed_scheme

MAX_CODE = 64
MAX_NAME = 100
_UNIT: Table = Unit.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class UnitFields:
    """What an office sets on a unit."""

    code: str
    name: str
    kind: UnitKind
    headcount: int = 0
    monitoring: bool = False


def unit_snapshot(unit: Unit) -> dict[str, object]:
    """The audited fields of a unit."""
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind.value,
        "headcount": unit.headcount,
        "monitoring": unit.monitoring,
        "active": unit.active,
    }


def check_code(code: str, *, field: str = "code", what: str = "代码") -> str:
    """A code as stored: trimmed, 1–64 characters, no spaces."""
    clean = code.strip()
    if not clean or len(clean) > MAX_CODE or any(ch.isspace() for ch in clean):
        raise InvalidInput(f"{what}「{code}」无效：须为 1–{MAX_CODE} 个字符，不含空格", field=field)
    return clean


def _check(fields: UnitFields) -> UnitFields:
    code = check_code(fields.code, what="考评对象代码")
    name = fields.name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"考评对象名称不能为空，且不超过 {MAX_NAME} 个字", field="name")
    if fields.headcount < 0:
        raise InvalidInput("人数不能为负数", field="headcount")
    if fields.monitoring and fields.kind is not UnitKind.DEPARTMENT:
        raise InvalidInput("只有部门可以作为实施监控职能部门", field="monitoring")
    return UnitFields(code, name, fields.kind, fields.headcount, fields.monitoring)


def create_unit(session: JixiaoSession, fields: UnitFields, *, actor: Subject) -> Unit:
    """Add a unit to the tenant's organisation."""
    clean = _check(fields)
    if find_unit(session, clean.code) is not None:
        raise Conflict(f"考评对象代码「{clean.code}」已被使用", field="code")
    unit = Unit(
        code=clean.code,
        name=clean.name,
        kind=clean.kind,
        headcount=clean.headcount,
        monitoring=clean.monitoring,
    )
    session.add(unit)
    session.flush()
    record(
        session,
        actor=actor,
        action="unit.create",
        target_type="unit",
        target_id=unit.id,
        after=unit_snapshot(unit),
    )
    return unit


def create_units(
    session: JixiaoSession, fields: Sequence[UnitFields], *, actor: Subject
) -> dict[str, uuid.UUID]:
    """Add many units at once (an import): the same checks and audit events as `create_unit`,
    in a few statements whatever their number. Returns their ids by code."""
    clean = [_check(item) for item in fields]
    taken = unit_codes(session)
    for item in clean:
        if item.code in taken:
            raise Conflict(f"考评对象代码「{item.code}」已被使用", field="code")
        taken.add(item.code)
    tenant_id, now = session.require_tenant(), utcnow()
    ids = [uuid7() for _ in clean]
    rows: list[dict[str, Any]] = [
        {
            "tenant_id": tenant_id,
            "id": new_id,
            "code": item.code,
            "name": item.name,
            "kind": item.kind,
            "headcount": item.headcount,
            "monitoring": item.monitoring,
            "active": True,
            "created_at": now,
            "updated_at": now,
        }
        for item, new_id in zip(clean, ids, strict=True)
    ]
    if rows:
        # Core on the session's connection: one executemany. New units are in no scheme yet,
        # so no scheme's inputs change (the scheme that takes them in moves its own revision).
        session.connection().execute(insert(_UNIT), rows)
    snapshot = ("code", "name", "kind", "headcount", "monitoring", "active")
    record_many(
        session,
        actor=actor,
        entries=[
            AuditEntry(
                "unit.create",
                "unit",
                new_id,
                after={key: getattr(row[key], "value", row[key]) for key in snapshot},
            )
            for row, new_id in zip(rows, ids, strict=True)
        ],
    )
    return {item.code: new_id for item, new_id in zip(clean, ids, strict=True)}


def update_unit(session: JixiaoSession, unit: Unit, fields: UnitFields, *, actor: Subject) -> Unit:
    """Change a unit's code, name, kind, headcount or monitoring flag."""
    clean = _check(fields)
    if clean.code != unit.code and find_unit(session, clean.code) is not None:
        raise Conflict(f"考评对象代码「{clean.code}」已被使用", field="code")
    if clean.code != unit.code and in_fixed_scheme(session, unit.id):
        raise Conflict("该考评对象已在审定或发布的方案中，代码不能修改", field="code")
    before = unit_snapshot(unit)
    unit.code, unit.name, unit.kind = clean.code, clean.name, clean.kind
    unit.headcount, unit.monitoring = clean.headcount, clean.monitoring
    return _save(session, unit, before, "unit.update", actor)


def set_active(session: JixiaoSession, unit: Unit, active: bool, *, actor: Subject) -> Unit:
    """Deactivate a unit (kept in past schemes) or activate it again."""
    if unit.active is active:
        return unit
    before = unit_snapshot(unit)
    unit.active = active
    return _save(session, unit, before, "unit.activate" if active else "unit.deactivate", actor)


def _save(
    session: JixiaoSession, unit: Unit, before: dict[str, object], action: str, actor: Subject
) -> Unit:
    unit.updated_at = utcnow()
    session.add(unit)
    session.flush()
    after = unit_snapshot(unit)
    if after != before:
        record(
            session,
            actor=actor,
            action=action,
            target_type="unit",
            target_id=unit.id,
            before=before,
            after=after,
        )
    return unit


def set_links(
    session: JixiaoSession,
    unit: Unit,
    role: UnitLinkRole,
    user_ids: Sequence[uuid.UUID],
    *,
    actor: Subject,
) -> list[User]:
    """Make exactly these users the unit's reporters, heads, leaders in charge or contacts."""
    wanted = list(dict.fromkeys(user_ids))
    users = users_by_id(session, wanted)
    missing = [uid for uid in wanted if uid not in users]
    if missing:
        raise NotFound(f"有 {len(missing)} 个用户不存在", field="userIds")
    current = unit_links(session, unit.id, role)
    before = sorted(str(link.user_id) for link in current)
    keep = set(wanted)
    removed = [link.user_id for link in current if link.user_id not in keep]
    session.exec(
        delete(UnitLink).where(
            col(UnitLink.unit_id) == unit.id,
            col(UnitLink.role) == role,
            col(UnitLink.user_id).in_(removed),
        )
    )
    present = {link.user_id for link in current}
    for uid in wanted:
        if uid not in present:
            session.add(UnitLink(unit_id=unit.id, user_id=uid, role=role))
    session.flush()
    if role.belongs:
        _home_units(session, unit, [*removed, *wanted])
    after = sorted(str(uid) for uid in wanted)
    if after != before:
        record(
            session,
            actor=actor,
            action="unit.links.set",
            target_type="unit",
            target_id=unit.id,
            before={"role": role.value, "users": before},
            after={"role": role.value, "users": [users[uid].username for uid in wanted]},
        )
    return [users[uid] for uid in wanted]


def _home_units(session: JixiaoSession, unit: Unit, user_ids: Iterable[uuid.UUID]) -> None:
    """Keep `app_user.unit_id` on a unit the user reports for or heads (None if none)."""
    ids = list(set(user_ids))
    if not ids:
        return
    homes: dict[uuid.UUID, set[uuid.UUID]] = {uid: set() for uid in ids}
    for link in links_of_users(session, ids, [UnitLinkRole.REPORTER, UnitLinkRole.HEAD]):
        homes[link.user_id].add(link.unit_id)
    for user in users_by_id(session, ids).values():
        units = homes[user.id]
        if user.unit_id in units:
            continue
        user.unit_id = unit.id if unit.id in units else (min(units) if units else None)
        session.add(user)
    session.flush()
