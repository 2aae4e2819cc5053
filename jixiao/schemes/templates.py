"""Platform scheme templates: shared by the platform, read and copied by tenants."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from jixiao.engine.examples import example_path
from jixiao.engine.formats import parse_scheme, read_document
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.models import SchemeTemplate
from jixiao.schemes.textio import dump_json

EXAMPLE_TEMPLATE = "jinfeng-2015"


@dataclass(frozen=True)
class TemplateSeed:
    code: str
    name: str
    description: str
    document: str


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


def list_templates(session: JixiaoSession) -> list[SchemeTemplate]:
    """Every platform template, by code."""
    return list(session.exec(select(SchemeTemplate).order_by(col(SchemeTemplate.code))).all())


def get_template(session: JixiaoSession, code: str) -> SchemeTemplate:
    """One platform template by code."""
    found = session.exec(select(SchemeTemplate).where(SchemeTemplate.code == code)).first()
    if found is None:
        raise NotFound(f"没有代码为「{code}」的方案模板", field="templateCode")
    return found


def ensure_example_template(session: JixiaoSession) -> SchemeTemplate:
    """Add the example template when the platform lacks it (tests, fresh databases)."""
    found = session.exec(
        select(SchemeTemplate).where(SchemeTemplate.code == EXAMPLE_TEMPLATE)
    ).first()
    if found is not None:
        return found
    seed = example_template()
    template = SchemeTemplate(
        code=seed.code, name=seed.name, description=seed.description, document=seed.document
    )
    session.add(template)
    session.flush()
    return template
