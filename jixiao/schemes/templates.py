"""Platform scheme templates: kept by operators, read and copied by tenants.

A template is a `jixiao.scheme/1` document without data (INTERCHANGE.md): components, groups
with their grading, units and the indicator tree. Operators upload (create or replace) and
delete them; every change is kept in `scheme_template_change`, since operators have no tenant
audit chain.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from jixiao.engine import FormatError, parse_scheme
from jixiao.engine.examples import example_path
from jixiao.engine.formats import parse_text, read_document
from jixiao.engine.model import Scheme as EngineScheme
from jixiao.engine.model import UnitKind, iter_leaves
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.models import SchemeTemplate
from jixiao.schemes.queries import find_template as find_template  # re-exported
from jixiao.schemes.queries import list_templates as list_templates  # re-exported
from jixiao.schemes.queries import template_changes as template_changes  # re-exported
from jixiao.schemes.template_models import SchemeTemplateChange
from jixiao.schemes.textio import dump_json

log = logging.getLogger(__name__)
EXAMPLE_TEMPLATE = "jinfeng-2015"
LEVELS = {"city": "市", "district": "区", "county": "县"}
KIND_LABELS = {UnitKind.DEPARTMENT: "部门", UnitKind.TOWN: "镇", UnitKind.SUBDISTRICT: "街道"}
_MAX_CODE = 64


@dataclass(frozen=True)
class TemplateSeed:
    code: str
    name: str
    description: str
    document: str


@dataclass(frozen=True)
class TemplateUpload:
    """An operator's template: a jixiao.scheme/1 text (YAML or JSON) and how it is listed."""

    code: str
    name: str
    text: str
    description: str = ""
    level: str | None = None


@dataclass(frozen=True)
class KindShare:
    """The units of one kind in a template and how many indicators apply to them."""

    kind: UnitKind
    units: int
    indicators: int


@dataclass(frozen=True)
class TemplateSummary:
    """What a template holds, for choosing one: components, groups, indicators by unit kind."""

    components: tuple[str, ...]
    groups: tuple[str, ...]
    kinds: tuple[KindShare, ...]
    indicators: int
    periods: tuple[str, ...]


def example_template() -> TemplateSeed:
    """The template made from the shipped jinfeng-2015 example (validated, stored as JSON)."""
    path = example_path(EXAMPLE_TEMPLATE) / "scheme.yaml"
    raw = read_document(path)
    scheme = parse_scheme(raw, str(path))
    return TemplateSeed(
        code=EXAMPLE_TEMPLATE,
        name=scheme.name,
        description="金凤区2015年方案：镇街组、经济发展组、社会事业组、综合管理组，四个季度在线考评",
        document=dump_json(raw, indent=None),
    )


def get_template(session: JixiaoSession, code: str) -> SchemeTemplate:
    """One platform template by code."""
    found = find_template(session, code)
    if found is None:
        raise NotFound(f"没有代码为「{code}」的方案模板", field="templateCode")
    return found


def scheme_of_text(text: str, file: str) -> tuple[object, EngineScheme]:
    """The raw scheme document of a template's text and the scheme it validates as; refuses
    data (a template holds none) and names every problem of the document."""
    from jixiao.schemes.interchange import read_text

    scheme_raw, data_raw = read_text(text, file)
    if data_raw is not None:
        raise InvalidInput(
            f"{file}: 模板只含方案，不含数据：请删去第二个文档（jixiao.data/1）", field="document"
        )
    try:
        return scheme_raw, parse_scheme(scheme_raw, file)
    except FormatError as error:
        raise SchemeInvalid(error.issues, field="document") from None


def summarize(document: str, file: str) -> TemplateSummary:
    """What a stored template document holds (components, groups, indicators by unit kind)."""
    scheme = parse_scheme(parse_text(document, file), file)
    leaves = list(iter_leaves(scheme.indicators))
    kinds: list[KindShare] = []
    for kind in UnitKind:
        units = [u for u in scheme.units if u.kind is kind]
        if not units:
            continue
        codes, groups = {u.code for u in units}, {u.group for u in units}
        applying = sum(
            1
            for leaf in leaves
            if leaf.applies_to.all
            or codes & set(leaf.applies_to.units)
            or groups & set(leaf.applies_to.groups)
        )
        kinds.append(KindShare(kind, len(units), applying))
    return TemplateSummary(
        components=tuple(f"{c.name} {c.weight.normalize():f}" for c in scheme.components),
        groups=tuple(g.name for g in scheme.groups),
        kinds=tuple(kinds),
        indicators=len(leaves),
        periods=scheme.periods,
    )


def _check_upload(upload: TemplateUpload) -> TemplateUpload:
    code = upload.code.strip()
    if not code or len(code) > _MAX_CODE or any(ch.isspace() for ch in code):
        raise InvalidInput(
            f"模板代码「{upload.code}」无效：须为 1–{_MAX_CODE} 个字符，不含空格", field="code"
        )
    name = upload.name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("模板名称不能为空，且不超过 200 个字", field="name")
    description = upload.description.strip()
    if len(description) > 1000:
        raise InvalidInput("模板说明不超过 1000 个字", field="description")
    level = (upload.level or "").strip() or None
    if level is not None and level not in LEVELS:
        raise InvalidInput(f"适用层级「{level}」无效：须为 市、区、县 之一或不限", field="level")
    return TemplateUpload(code, name, upload.text, description, level)


def upload_template(
    session: JixiaoSession, upload: TemplateUpload, *, actor: Subject
) -> SchemeTemplate:
    """Create a platform template, or replace the one of that code, from a scheme document."""
    clean = _check_upload(upload)
    raw, _scheme = scheme_of_text(clean.text, f"模板 {clean.code}")
    document = dump_json(raw, indent=None)
    found = find_template(session, clean.code)
    template = found or SchemeTemplate(code=clean.code, name=clean.name, document=document)
    template.name, template.description, template.level = clean.name, clean.description, clean.level
    template.document = document
    template.updated_at, template.updated_by = utcnow(), _name(actor)
    session.add(template)
    _changed(session, template.code, "replace" if found else "create", actor, document)
    session.flush()
    return template


def delete_template(session: JixiaoSession, code: str, *, actor: Subject) -> SchemeTemplate:
    """Remove a platform template (schemes made from it keep their rules)."""
    template = get_template(session, code)
    session.delete(template)
    _changed(session, template.code, "delete", actor, None)
    session.flush()
    return template


def _changed(
    session: JixiaoSession, code: str, action: str, actor: Subject, document: str | None
) -> None:
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest() if document else None
    session.add(
        SchemeTemplateChange(
            template_code=code,
            action=action,
            actor_id=actor.user_id,
            actor_name=_name(actor),
            digest=digest,
        )
    )
    log.info("scheme template %s %s by %s", code, action, _name(actor) or actor.kind)


def _name(actor: Subject) -> str | None:
    return actor.display_name or actor.username


def ensure_example_template(session: JixiaoSession) -> SchemeTemplate:
    """Add the example template when the platform lacks it (tests, fresh databases)."""
    found = find_template(session, EXAMPLE_TEMPLATE)
    if found is not None:
        return found
    seed = example_template()
    template = SchemeTemplate(
        code=seed.code, name=seed.name, description=seed.description, document=seed.document
    )
    session.add(template)
    session.flush()
    return template
