"""A tenant's own templates (指标库): an office saves one of its schemes, without data, to start
next year's from it. Every save and removal is audited in the tenant's chain."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jixiao.audit.service import record
from jixiao.engine import FormatError, parse_scheme
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.schemes.document import load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.queries import find_library_template
from jixiao.schemes.queries import list_library as list_library  # re-exported
from jixiao.schemes.template_models import TenantSchemeTemplate
from jixiao.schemes.textio import dump_json

_MAX_CODE = 64


@dataclass(frozen=True)
class SaveTemplate:
    """How the office names the template it saves from a scheme."""

    code: str
    name: str
    description: str = ""


def get_library_template(session: JixiaoSession, code: str) -> TenantSchemeTemplate:
    """One of the session tenant's own templates by code."""
    found = find_library_template(session, code)
    if found is None:
        raise NotFound(f"本单位指标库中没有代码为「{code}」的模板", field="templateCode")
    return found


def _check(command: SaveTemplate) -> SaveTemplate:
    code = command.code.strip()
    if not code or len(code) > _MAX_CODE or any(ch.isspace() for ch in code):
        raise InvalidInput(
            f"模板代码「{command.code}」无效：须为 1–{_MAX_CODE} 个字符，不含空格", field="code"
        )
    name = command.name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("模板名称不能为空，且不超过 200 个字", field="name")
    description = command.description.strip()
    if len(description) > 1000:
        raise InvalidInput("模板说明不超过 1000 个字", field="description")
    return SaveTemplate(code, name, description)


def save_as_template(
    session: JixiaoSession, scheme_code: str, command: SaveTemplate, *, actor: Subject
) -> TenantSchemeTemplate:
    """Save a scheme's rules (no data) as a template of the tenant's 指标库; a template of the
    same code is replaced. The scheme must validate, so that a scheme made from it can."""
    clean = _check(command)
    scheme = get_scheme(session, scheme_code)
    document, _paths = scheme_document(load_parts(session, scheme))
    try:
        parse_scheme(document, f"方案 {scheme.code}")
    except FormatError as error:
        raise SchemeInvalid(error.issues, field="schemeCode") from None
    text = dump_json(document, indent=None)
    found = find_library_template(session, clean.code)
    before = None if found is None else _shown(found)
    template = found or TenantSchemeTemplate(code=clean.code, name=clean.name, document=text)
    template.name, template.description, template.document = clean.name, clean.description, text
    template.source_scheme = scheme.code
    template.saved_at, template.saved_by = utcnow(), actor.display_name or actor.username
    session.add(template)
    session.flush()
    record(
        session,
        actor=actor,
        action="scheme_template.save",
        target_type="tenant_scheme_template",
        target_id=template.id,
        before=before,
        after=_shown(template),
    )
    return template


def delete_library_template(
    session: JixiaoSession, code: str, *, actor: Subject
) -> TenantSchemeTemplate:
    """Remove a template from the tenant's 指标库 (schemes made from it keep their rules)."""
    template = get_library_template(session, code)
    before = _shown(template)
    session.delete(template)
    session.flush()
    record(
        session,
        actor=actor,
        action="scheme_template.delete",
        target_type="tenant_scheme_template",
        target_id=template.id,
        before=before,
    )
    return template


def _shown(template: TenantSchemeTemplate) -> dict[str, str | None]:
    return {
        "code": template.code,
        "name": template.name,
        "source_scheme": template.source_scheme,
        "digest": hashlib.sha256(template.document.encode("utf-8")).hexdigest(),
    }
