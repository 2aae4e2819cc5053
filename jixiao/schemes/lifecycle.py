"""A scheme's lifecycle: draft → approved → published → closed; revisions; copies and templates.

Each approval stores an immutable snapshot of the rules as approved (`SchemeRevision`), with a
revision number; changing an approved or published scheme means taking it back to a draft
(`revise`, audited with its reason) and approving it again as the next revision.
"""

from __future__ import annotations

import hashlib

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
    Scheme,
    SchemeRevision,
    SchemeStatus,
)
from jixiao.schemes.template_models import TemplateLibrary
from jixiao.schemes.templates import get_template
from jixiao.schemes.textio import dump_json

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
