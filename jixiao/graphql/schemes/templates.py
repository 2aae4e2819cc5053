"""Scheme templates: operators keep the platform's; a tenant lists both kinds it may start a
scheme from and keeps its own (指标库), saved from its schemes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import strawberry

from jixiao.engine import FormatError
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.org.types import UnitKind
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import library, templates
from jixiao.schemes.models import SchemeTemplate
from jixiao.schemes.template_models import SchemeTemplateChange, TenantSchemeTemplate
from jixiao.schemes.template_models import TemplateLibrary as Library

log = logging.getLogger(__name__)
strawberry.enum(
    Library, name="TemplateLibrary", description="平台模板 (PLATFORM) or 本单位指标库 (TENANT)."
)
describe_values(
    "TemplateLibrary",
    {
        "PLATFORM": "平台模板: kept by the platform operators, offered by level of government.",
        "TENANT": "本单位指标库: your own, saved from your schemes (saveSchemeAsTemplate).",
    },
)
TemplateLibrary = Library


@strawberry.type(description="The units of one kind in a template, and the indicators for them.")
class TemplateKindShare:
    kind: UnitKind = strawberry.field(description="Which kind; `label` names it in Chinese.")
    label: str = strawberry.field(description="部门, 镇, 街道.")
    units: int = strawberry.field(description="How many units of that kind the template lists.")
    indicators: int = strawberry.field(description="Leaf indicators that apply to such units.")


@strawberry.type(
    name="SchemeTemplate",
    description="A scheme without data (jixiao.scheme/1): the platform's or the tenant's own.",
)
class TemplateType:
    code: str = strawberry.field(description="Unique in its library (`templateCode` elsewhere).")
    name: str = strawberry.field(description="As shown when choosing a template.")
    description: str = strawberry.field(
        description="What it is meant for, in a few words; may be empty."
    )
    library: TemplateLibrary = strawberry.field(
        description="Whose it is: the platform's or your own 指标库."
    )
    level: str | None = strawberry.field(description="city, district, county; null: any.")
    components: list[str] = strawberry.field(description="Each component's name and weight.")
    groups: list[str] = strawberry.field(description="Each group's name, in order.")
    kinds: list[TemplateKindShare] = strawberry.field(description="Indicators by unit kind.")
    indicators: int = strawberry.field(description="Leaf indicators.")
    periods: list[str] = strawberry.field(description="Its quarters (Q1…Q4).")
    source_scheme: str | None = strawberry.field(description="The scheme a 指标库 one came from.")
    updated_at: datetime | None = strawberry.field(
        description="When it was last uploaded or saved; null: shipped with the platform."
    )
    updated_by: str | None = strawberry.field(
        description="Who last uploaded or saved it; null: shipped with the platform."
    )

    @classmethod
    def of(cls, row: SchemeTemplate | TenantSchemeTemplate) -> TemplateType:
        own = isinstance(row, TenantSchemeTemplate)
        try:
            summary = templates.summarize(row.document, f"模板 {row.code}")
        except FormatError:
            log.warning("stored template %s does not validate", row.code)
            summary = templates.TemplateSummary((), (), (), 0, ())
        return cls(
            code=row.code,
            name=row.name,
            description=row.description,
            library=Library.TENANT if own else Library.PLATFORM,
            level=None if isinstance(row, TenantSchemeTemplate) else row.level,
            components=list(summary.components),
            groups=list(summary.groups),
            kinds=[
                TemplateKindShare(
                    kind=k.kind,
                    label=templates.KIND_LABELS[k.kind],
                    units=k.units,
                    indicators=k.indicators,
                )
                for k in summary.kinds
            ],
            indicators=summary.indicators,
            periods=list(summary.periods),
            source_scheme=row.source_scheme if isinstance(row, TenantSchemeTemplate) else None,
            updated_at=row.saved_at if isinstance(row, TenantSchemeTemplate) else row.updated_at,
            updated_by=row.saved_by if isinstance(row, TenantSchemeTemplate) else row.updated_by,
        )


@strawberry.type(description="An operator's change of a platform template.")
class SchemeTemplateChangeType:
    template_code: str = strawberry.field(description="Code of the platform template changed.")
    action: str = strawberry.field(description="create, replace or delete.")
    actor_name: str | None = strawberry.field(description="Name of the operator who changed it.")
    digest: str | None = strawberry.field(description="sha256 of the document it then held.")
    at: datetime = strawberry.field(description="When it was changed.")

    @classmethod
    def of(cls, row: SchemeTemplateChange) -> SchemeTemplateChangeType:
        return cls(
            template_code=row.template_code,
            action=row.action,
            actor_name=row.actor_name,
            digest=row.digest,
            at=row.at,
        )


@strawberry.type(description="What a template mutation returns: the template, or why not.")
class SchemeTemplatePayload:
    template: TemplateType | None = strawberry.field(
        default=None,
        description="The template as saved, or as it was before removal; null when refused.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.input(description="A platform template: a jixiao.scheme/1 text without data.")
class UploadSchemeTemplateInput:
    code: str = strawberry.field(
        description="The template's code; a platform template of that code is replaced."
    )
    name: str = strawberry.field(description="As shown when choosing a template.")
    document: str = strawberry.field(description="YAML or JSON text of jixiao.scheme/1.")
    description: str = strawberry.field(
        default="", description="What it is meant for, in a few words."
    )
    level: str | None = strawberry.field(default=None, description="city/district/county/null.")


@strawberry.input(description="How the office names a template saved from its scheme.")
class SaveSchemeTemplateInput:
    code: str = strawberry.field(
        description="The template's code in your 指标库; one of that code is replaced."
    )
    name: str = strawberry.field(description="As shown when choosing a template.")
    description: str = strawberry.field(
        default="", description="What it is meant for, in a few words."
    )


@strawberry.type
class TemplateQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="Templates to start a scheme from: the platform's meant for your level of "
        "government, then your own (指标库).",
    )
    async def scheme_templates(self, info: Info) -> list[TemplateType]:
        level = info.context.subject.tenant.level if info.context.subject.tenant else None
        shared = await info.context.read(lambda s: templates.list_templates(s, level=level))
        own = await info.context.read(library.list_library)
        rows: list[SchemeTemplate | TenantSchemeTemplate] = [*shared, *own]
        return [TemplateType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires(p.TEMPLATE_MANAGE)],
        description="Every platform template (operators).",
    )
    async def platform_scheme_templates(self, info: Info) -> list[TemplateType]:
        rows = await info.context.read(lambda s: templates.list_templates(s))
        return [TemplateType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires(p.TEMPLATE_MANAGE)],
        description="A platform template's jixiao.scheme/1 document as JSON text (operators), "
        "to download; null when there is no template of that code.",
    )
    async def scheme_template_document(self, info: Info, code: str) -> str | None:
        found = await info.context.read(lambda s: templates.find_template(s, code))
        return found.document if found else None

    @strawberry.field(
        permission_classes=[requires(p.TEMPLATE_MANAGE)],
        description="Operators' changes of platform templates, newest first (one code or all).",
    )
    async def scheme_template_changes(
        self, info: Info, code: str | None = None
    ) -> list[SchemeTemplateChangeType]:
        rows = await info.context.read(lambda s: templates.template_changes(s, code))
        return [SchemeTemplateChangeType.of(row) for row in rows]


@strawberry.type
class TemplateMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.TEMPLATE_MANAGE)],
        metadata={AUDIT_ACTION: "scheme_template.upload"},
        description="Create a platform template, or replace the one of that code.",
    )
    async def upload_scheme_template(
        self, info: Info, input: UploadSchemeTemplateInput
    ) -> SchemeTemplatePayload:
        upload = templates.TemplateUpload(
            code=input.code,
            name=input.name,
            text=input.document,
            description=input.description,
            level=input.level,
        )
        actor = info.context.subject
        return await _payload(
            info, lambda s: TemplateType.of(templates.upload_template(s, upload, actor=actor))
        )

    @strawberry.mutation(
        permission_classes=[requires(p.TEMPLATE_MANAGE)],
        metadata={AUDIT_ACTION: "scheme_template.remove"},
        description="Remove a platform template (schemes made from it keep their rules).",
    )
    async def delete_scheme_template(self, info: Info, code: str) -> SchemeTemplatePayload:
        actor = info.context.subject
        return await _payload(
            info, lambda s: TemplateType.of(templates.delete_template(s, code, actor=actor))
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SCHEME_WRITE)],
        metadata={AUDIT_ACTION: "scheme_template.save"},
        description="Save a scheme's rules, without data, as a template of your 指标库 (a "
        "template of the same code is replaced).",
    )
    async def save_scheme_as_template(
        self, info: Info, scheme_code: str, input: SaveSchemeTemplateInput
    ) -> SchemeTemplatePayload:
        command = library.SaveTemplate(input.code, input.name, input.description)
        actor = info.context.subject
        return await _payload(
            info,
            lambda s: TemplateType.of(
                library.save_as_template(s, scheme_code, command, actor=actor)
            ),
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SCHEME_WRITE)],
        metadata={AUDIT_ACTION: "scheme_template.delete"},
        description="Remove a template from your 指标库.",
    )
    async def delete_tenant_scheme_template(self, info: Info, code: str) -> SchemeTemplatePayload:
        actor = info.context.subject
        return await _payload(
            info,
            lambda s: TemplateType.of(library.delete_library_template(s, code, actor=actor)),
        )


async def _payload(
    info: Info, work: Callable[[JixiaoSession], TemplateType]
) -> SchemeTemplatePayload:
    done, errors = await attempt(lambda: info.context.write(work))
    return SchemeTemplatePayload(template=done, errors=errors)
