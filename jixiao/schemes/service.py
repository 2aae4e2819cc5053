"""Schemes: finding, listing, creating, and editing a draft's own settings.

Rules change only while a scheme is a draft; approved and published schemes change through a
new revision (`jixiao.schemes.lifecycle`); components, groups and member units are in
`jixiao.schemes.structure`. Services never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import col

from jixiao.audit.service import record
from jixiao.engine.model import INDICATORS_COMPONENT, QUARTERS
from jixiao.org.service import check_code
from jixiao.platform.auth import Subject
from jixiao.platform.columns import plain
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page, keyset_page
from jixiao.schemes.errors import SchemeLocked
from jixiao.schemes.lookup import find_scheme as find_scheme  # re-exported
from jixiao.schemes.lookup import get_scheme as get_scheme  # re-exported
from jixiao.schemes.models import Scheme, SchemeComponent, SchemeStatus
from jixiao.schemes.queries import schemes_newest_first, schemes_statement


@dataclass(frozen=True)
class SchemeSettings:
    """A scheme's own settings (考评方案基本设置)."""

    code: str
    name: str
    year: int
    periods: Sequence[str] = QUARTERS
    bonus_cap: Decimal | None = None
    key_project_bottom: int = 0


def list_schemes(
    session: JixiaoSession,
    *,
    year: int | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Scheme]:
    """The tenant's schemes by code, optionally of one year."""
    statement = schemes_statement(year)
    return keyset_page(session, statement, col(Scheme.code), first=first, after=after)  # type: ignore[arg-type]


def all_schemes(session: JixiaoSession) -> list[Scheme]:
    """Every scheme of the tenant, newest year first, then by code."""
    return schemes_newest_first(session)


def require_draft(scheme: Scheme) -> None:
    """Refuse to change the rules of a scheme that is not a draft."""
    if scheme.status is not SchemeStatus.DRAFT:
        raise SchemeLocked(
            f"方案「{scheme.code}」{scheme.status.label}，规则不能直接修改："
            "请先发起修订（退回草稿），修订经审定后生效",
            field="schemeCode",
        )


def settings_snapshot(scheme: Scheme) -> dict[str, Any]:
    """The audited settings of a scheme."""
    snapshot: dict[str, Any] = plain(
        {
            "code": scheme.code,
            "name": scheme.name,
            "year": scheme.year,
            "periods": list(scheme.periods),
            "bonus_cap": scheme.bonus_cap,
            "key_project_bottom": scheme.key_project_bottom,
            "status": scheme.status.value,
            "revision": scheme.revision,
        }
    )
    return snapshot


def check_settings(settings: SchemeSettings) -> SchemeSettings:
    """Settings that can be stored (the engine's checks come with validation)."""
    code = check_code(settings.code, what="方案代码")
    name = settings.name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("方案名称不能为空，且不超过 200 个字", field="name")
    if not 1900 <= settings.year <= 9999:
        raise InvalidInput(f"年度 {settings.year} 无效", field="year")
    periods = list(dict.fromkeys(settings.periods))
    unknown = [p for p in periods if p not in QUARTERS]
    if unknown or not periods:
        raise InvalidInput("考评周期须为 Q1–Q4 中的一个或多个", field="periods")
    if settings.bonus_cap is not None and settings.bonus_cap < 0:
        raise InvalidInput("加分上限不能为负数", field="bonusCap")
    if settings.key_project_bottom < 0:
        raise InvalidInput("重点项目末位数不能为负数", field="keyProjectBottom")
    ordered = sorted(periods, key=QUARTERS.index)
    return SchemeSettings(
        code, name, settings.year, ordered, settings.bonus_cap, settings.key_project_bottom
    )


def create_scheme(session: JixiaoSession, settings: SchemeSettings, *, actor: Subject) -> Scheme:
    """A new draft scheme with the indicator component at full weight."""
    clean = check_settings(settings)
    if find_scheme(session, clean.code) is not None:
        raise Conflict(f"方案代码「{clean.code}」已被使用", field="code")
    scheme = Scheme(
        code=clean.code,
        name=clean.name,
        year=clean.year,
        periods=list(clean.periods),
        bonus_cap=clean.bonus_cap,
        key_project_bottom=clean.key_project_bottom,
    )
    session.add(scheme)
    session.flush()
    session.add(
        SchemeComponent(
            scheme_id=scheme.id, code=INDICATORS_COMPONENT, name="指标考核", weight=Decimal(100)
        )
    )
    session.flush()
    record(
        session,
        actor=actor,
        action="scheme.create",
        target_type="scheme",
        target_id=scheme.id,
        after=settings_snapshot(scheme),
    )
    return scheme


def update_settings(
    session: JixiaoSession, scheme: Scheme, settings: SchemeSettings, *, actor: Subject
) -> Scheme:
    """Change a draft's code, name, year, periods, bonus cap or key-project bottom N."""
    require_draft(scheme)
    clean = check_settings(settings)
    if clean.code != scheme.code and find_scheme(session, clean.code) is not None:
        raise Conflict(f"方案代码「{clean.code}」已被使用", field="code")
    before = settings_snapshot(scheme)
    scheme.code, scheme.name, scheme.year = clean.code, clean.name, clean.year
    scheme.periods = list(clean.periods)
    scheme.bonus_cap, scheme.key_project_bottom = clean.bonus_cap, clean.key_project_bottom
    touch(session, scheme)
    audit(session, scheme, "scheme.update", actor, before, settings_snapshot(scheme))
    return scheme


def touch(session: JixiaoSession, scheme: Scheme) -> None:
    """Mark the scheme changed now."""
    scheme.updated_at = utcnow()
    session.add(scheme)
    session.flush()


def audit(
    session: JixiaoSession,
    scheme: Scheme,
    action: str,
    actor: Subject,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record a change of a scheme in the tenant's audit chain."""
    record(
        session,
        actor=actor,
        action=action,
        target_type="scheme",
        target_id=scheme.id,
        before=None if before is None else plain(before),
        after=None if after is None else plain(after),
    )
