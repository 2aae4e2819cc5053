"""A scheme's lifecycle: draft → approved → published → closed; revisions; copies and templates.

Each approval stores an immutable snapshot of the rules as approved (`SchemeRevision`), with a
revision number; changing an approved or published scheme means taking it back to a draft
(`revise`, audited with its reason) and approving it again as the next revision.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

from sqlmodel import col, select

from jixiao.assignments.models import Assignment
from jixiao.engine import FormatError, parse_scheme
from jixiao.engine.formats import parse_text
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies.permissions import SCHEME_APPROVE
from jixiao.schemes import service
from jixiao.schemes.document import load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.interchange import ImportOutcome, import_documents
from jixiao.schemes.library import get_library_template
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeRevision,
    SchemeStatus,
    SchemeUnit,
)
from jixiao.schemes.template_models import TemplateLibrary
from jixiao.schemes.templates import get_template
from jixiao.schemes.textio import dump_json
from jixiao.scoring.entry import city_items

_NEXT = {
    "approve": (SchemeStatus.DRAFT, SchemeStatus.APPROVED),
    "publish": (SchemeStatus.APPROVED, SchemeStatus.PUBLISHED),
    "close": (SchemeStatus.PUBLISHED, SchemeStatus.CLOSED),
}
_VERBS = {"approve": "审定", "publish": "发布", "close": "关闭"}


def _name(actor: Subject) -> str | None:
    return actor.display_name or actor.username


def _move(scheme: Scheme, step: str) -> None:
    start, _ = _NEXT[step]
    if scheme.status is not start:
        raise Conflict(
            f"方案「{scheme.code}」{scheme.status.label}，不能{_VERBS[step]}"
            f"（只有{start.label}的方案可以{_VERBS[step]}）",
            field="code",
        )


def approve(
    session: JixiaoSession, scheme: Scheme, *, actor: Subject, reason: str | None = None
) -> SchemeRevision:
    """Approve a valid draft (考评领导小组 only) as its next revision, with a snapshot."""
    if actor.kind != "system" and not actor.can(SCHEME_APPROVE.code):
        raise Forbidden(f"没有权限：需要「{SCHEME_APPROVE.label}」", field="code")
    _move(scheme, "approve")
    document, _ = scheme_document(load_parts(session, scheme))
    try:
        parse_scheme(document, f"方案 {scheme.code}")
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    rules = dump_json(document, indent=None, sort_keys=True)
    revision = SchemeRevision(
        scheme_id=scheme.id,
        number=scheme.revision + 1,
        rules=rules,
        digest=hashlib.sha256(rules.encode("utf-8")).hexdigest(),
        reason=(reason or "").strip()[:500] or None,
        approved_by=_name(actor),
    )
    session.add(revision)
    before = {"status": scheme.status.value, "revision": scheme.revision}
    scheme.status, scheme.revision = SchemeStatus.APPROVED, revision.number
    scheme.approved_at, scheme.approved_by = revision.approved_at, _name(actor)
    service.touch(session, scheme)
    after = {"status": "approved", "revision": revision.number, "digest": revision.digest}
    service.audit(session, scheme, "scheme.approve", actor, before, after)
    return revision


def publish(session: JixiaoSession, scheme: Scheme, *, actor: Subject) -> Scheme:
    """Publish an approved scheme to the units."""
    _move(scheme, "publish")
    scheme.status, scheme.published_at, scheme.published_by = (
        SchemeStatus.PUBLISHED,
        utcnow(),
        _name(actor),
    )
    service.touch(session, scheme)
    after = {"status": "published", "revision": scheme.revision}
    service.audit(session, scheme, "scheme.publish", actor, {"status": "approved"}, after)
    return scheme


def close(session: JixiaoSession, scheme: Scheme, *, actor: Subject) -> Scheme:
    """Close a published scheme at the end of its year."""
    _move(scheme, "close")
    scheme.status, scheme.closed_at, scheme.closed_by = SchemeStatus.CLOSED, utcnow(), _name(actor)
    service.touch(session, scheme)
    service.audit(
        session, scheme, "scheme.close", actor, {"status": "published"}, {"status": "closed"}
    )
    return scheme


def revise(session: JixiaoSession, scheme: Scheme, reason: str, *, actor: Subject) -> Scheme:
    """Take an approved or published scheme back to a draft to change its rules (audited)."""
    if scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.PUBLISHED):
        raise Conflict(f"方案「{scheme.code}」{scheme.status.label}，不能发起修订", field="code")
    clean = reason.strip()
    if not clean:
        raise InvalidInput("发起修订须说明原因", field="reason")
    before = {"status": scheme.status.value, "revision": scheme.revision}
    scheme.status = SchemeStatus.DRAFT
    service.touch(session, scheme)
    after = {"status": "draft", "revision": scheme.revision, "reason": clean[:500]}
    service.audit(session, scheme, "scheme.revise", actor, before, after)
    return scheme


def revisions(session: JixiaoSession, scheme_id: uuid.UUID) -> list[SchemeRevision]:
    """A scheme's approved revisions, oldest first."""
    return list(
        session.exec(
            select(SchemeRevision)
            .where(SchemeRevision.scheme_id == scheme_id)
            .order_by(col(SchemeRevision.number))
        ).all()
    )


def copy_scheme(
    session: JixiaoSession,
    source_code: str,
    settings: service.SchemeSettings,
    *,
    actor: Subject,
) -> Scheme:
    """A new draft copied from another scheme (e.g. last year's) as a starting point.

    Copied: the settings, components, groups with their grading, the member units with their
    group and headcount, the indicator tree (评分标准 and 佐证要求 included) and the task
    decomposition (each unit's targets, milestones and scorers; a deadline moves by the years
    between the two schemes). Not copied: any data (scores, ratings, adjustments, city items,
    reports, inspections, awards), the periods' deadlines and closings (that year's dates,
    set on the periods page), revisions and results. Last year's last places are filled from
    the source's published annual result when there is one (`city_items.fill_from`).
    """
    source = service.get_scheme(session, source_code, field="sourceCode")
    clean = service.check_settings(settings)
    if service.find_scheme(session, clean.code) is not None:
        raise Conflict(f"方案代码「{clean.code}」已被使用", field="code")
    parts = load_parts(session, source)
    copy = Scheme(
        code=clean.code,
        name=clean.name,
        year=clean.year,
        periods=list(source.periods),
        bonus_cap=source.bonus_cap,
        key_project_bottom=source.key_project_bottom,
        source=f"复制自 {source.code}",
        copied_from_id=source.id,
    )
    session.add(copy)
    session.flush()
    for component in parts.components:
        session.add(SchemeComponent(**_fields(component), scheme_id=copy.id))
    groups: dict[uuid.UUID, uuid.UUID] = {}
    for group in parts.groups:
        clone = SchemeGroup(**_fields(group), scheme_id=copy.id)
        groups[group.id] = clone.id
        session.add(clone)
    session.flush()
    for member, _unit in parts.members:
        values = _fields(member) | {"group_id": groups[member.group_id]}
        session.add(SchemeUnit(**values, scheme_id=copy.id))
    nodes: dict[uuid.UUID, uuid.UUID] = {}
    for node, _depth in parts.walk():
        parent = nodes[node.parent_id] if node.parent_id else None
        clone_node = Indicator(**_fields(node), scheme_id=copy.id, parent_id=parent)
        nodes[node.id] = clone_node.id
        session.add(clone_node)
        session.flush()
    tasks = _copy_assignments(session, source, copy, nodes, actor)
    try:
        last = city_items.fill_from(session, actor, copy, source)
    except InvalidInput:  # the rules copied do not validate: the office fills them in later
        last = None
    after = {"from": source.code, "code": copy.code, "assignments": tasks}
    if last is not None:
        after["previous_from_run"] = str(last.run.id)
    service.audit(session, copy, "scheme.copy", actor, after=after)
    return copy


def _copy_assignments(
    session: JixiaoSession,
    source: Scheme,
    copy: Scheme,
    nodes: dict[uuid.UUID, uuid.UUID],
    actor: Subject,
) -> int:
    """The source's task decomposition on the copy's leaves; returns how many."""
    years = copy.year - source.year
    rows = session.exec(select(Assignment).where(Assignment.scheme_id == source.id)).all()
    for row in rows:
        session.add(
            Assignment(
                scheme_id=copy.id,
                indicator_id=nodes[row.indicator_id],
                unit_id=row.unit_id,
                target_value=row.target_value,
                target_text=row.target_text,
                deadline=_years_later(row.deadline, years),
                milestones=dict(row.milestones),
                scorers=list(row.scorers),
                created_by=_name(actor),
            )
        )
    session.flush()
    return len(rows)


def _years_later(day: date | None, years: int) -> date | None:
    """The same day `years` later (29 February becomes the 28th in a common year)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _fields(row: Any) -> dict[str, Any]:
    """A row's values without its identity, to build a copy (with a new id)."""
    skip = {"tenant_id", "id", "scheme_id", "parent_id"}
    return {k: v for k, v in row.model_dump().items() if k not in skip}


def from_template(
    session: JixiaoSession,
    template_code: str,
    settings: service.SchemeSettings,
    *,
    actor: Subject,
    library: TemplateLibrary = TemplateLibrary.PLATFORM,
) -> ImportOutcome:
    """A new draft from a platform template or one of the tenant's own (指标库); the
    template's units join the organisation if missing."""
    if library is TemplateLibrary.TENANT:
        code, document = _library_document(session, template_code)
        label = f"指标库模板 {code}"
    else:
        template = get_template(session, template_code)
        code, document, label = template.code, template.document, f"模板 {template.code}"
    clean = service.check_settings(settings)
    if service.find_scheme(session, clean.code) is not None:
        raise Conflict(f"方案代码「{clean.code}」已被使用", field="code")
    raw = parse_text(document, label)
    if not isinstance(raw, dict) or not isinstance(raw.get("scheme"), dict):
        raise InvalidInput(f"模板「{code}」内容无效", field="templateCode")
    body = dict(raw["scheme"]) | {"code": clean.code, "name": clean.name, "year": clean.year}
    return import_documents(
        session, {**raw, "scheme": body}, actor=actor, scheme_file=label, source=label
    )


def _library_document(session: JixiaoSession, code: str) -> tuple[str, str]:
    found = get_library_template(session, code)
    return found.code, found.document
