"""Scheme mutations: settings, components, groups, member units, lifecycle, copies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.schemes.inputs import (
    ComponentInput,
    GroupInput,
    MemberInput,
    SchemeSettingsInput,
)
from jixiao.graphql.schemes.templates import TemplateLibrary
from jixiao.graphql.schemes.types import SchemePayload, SchemeType
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import copying, lifecycle, service, structure
from jixiao.schemes.models import Scheme
from jixiao.schemes.template_models import TemplateLibrary as Library

WRITE = [requires(p.SCHEME_WRITE)]
COMPONENTS = Annotated[
    list[ComponentInput],
    strawberry.argument(
        description="Every component, in order: one left out is removed (not once rated)."
    ),
]
MEMBERS = Annotated[
    list[MemberInput],
    strawberry.argument(
        description="Every unit taking part, each in a group: one left out leaves the scheme."
    ),
]
SOURCE_CODE = Annotated[
    str, strawberry.argument(description="Code of the scheme to copy, e.g. last year's.")
]
TEMPLATE_CODE = Annotated[
    str, strawberry.argument(description="Code of the template (see schemeTemplates).")
]
LIBRARY = Annotated[
    TemplateLibrary,
    strawberry.argument(
        description="Where the template is: the platform's (default) or your 指标库."
    ),
]


async def _payload(info: Info, work: Callable[[JixiaoSession], Scheme]) -> SchemePayload:
    scheme, errors = await attempt(lambda: info.context.write(work))
    return SchemePayload(scheme=SchemeType.of(scheme) if scheme else None, errors=errors)


async def _change(
    info: Info, code: str, change: Callable[[JixiaoSession, Scheme], Any]
) -> SchemePayload:
    def work(session: JixiaoSession) -> Scheme:
        scheme = service.get_scheme(session, code, field="code")
        change(session, scheme)
        return scheme

    return await _payload(info, work)


@strawberry.type
class SchemeMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        description="A new draft scheme (with the indicators component at weight 100).",
        metadata={AUDIT_ACTION: "scheme.create"},
    )
    async def create_scheme(self, info: Info, input: SchemeSettingsInput) -> SchemePayload:
        actor = info.context.subject
        return await _payload(
            info, lambda s: service.create_scheme(s, input.to_settings(), actor=actor)
        )

    @strawberry.mutation(
        description=(
            "Change a scheme's name, year or rules while it is a draft; published and closed "
            "schemes are read-only."
        ),
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.update"},
    )
    async def update_scheme(
        self, info: Info, code: str, input: SchemeSettingsInput
    ) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info,
            code,
            lambda s, scheme: service.update_settings(s, scheme, input.to_settings(), actor=actor),
        )

    @strawberry.mutation(
        description="Set a draft scheme's components: the parts of the score and their weights.",
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.components.set"},
    )
    async def set_scheme_components(
        self, info: Info, code: str, components: COMPONENTS
    ) -> SchemePayload:
        actor = info.context.subject
        fields = [structure.ComponentFields(c.code, c.name, c.weight) for c in components]
        return await _change(
            info, code, lambda s, scheme: structure.set_components(s, scheme, fields, actor=actor)
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Add a group (no id) or change one, with its grades and grading rules.",
        metadata={AUDIT_ACTION: "scheme.group.save"},
    )
    async def save_scheme_group(
        self, info: Info, code: str, input: GroupInput, id: strawberry.ID | None = None
    ) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info,
            code,
            lambda s, scheme: structure.save_group(
                s,
                scheme,
                input.to_fields(),
                actor=actor,
                group_id=from_global_id(id, "SchemeGroup") if id else None,
            ),
        )

    @strawberry.mutation(
        description="Remove a group of units from a draft scheme.",
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.group.delete"},
    )
    async def delete_scheme_group(self, info: Info, code: str, id: strawberry.ID) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info,
            code,
            lambda s, scheme: structure.delete_group(
                s, scheme, from_global_id(id, "SchemeGroup"), actor=actor
            ),
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Make the scheme's units exactly these, each in a group.",
        metadata={AUDIT_ACTION: "scheme.units.set"},
    )
    async def set_scheme_units(self, info: Info, code: str, units: MEMBERS) -> SchemePayload:
        actor = info.context.subject
        members = [structure.MemberFields(u.unit_code, u.group_code, u.headcount) for u in units]
        return await _change(
            info, code, lambda s, scheme: structure.set_members(s, scheme, members, actor=actor)
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SCHEME_APPROVE)],
        description="Approve a valid draft (考评领导小组) as its next revision.",
        metadata={AUDIT_ACTION: "scheme.approve"},
    )
    async def approve_scheme(
        self, info: Info, code: str, reason: str | None = None
    ) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info, code, lambda s, scheme: lifecycle.approve(s, scheme, actor=actor, reason=reason)
        )

    @strawberry.mutation(
        description=(
            "Publish an approved scheme: its indicators can then be assigned, reported on and "
            "scored."
        ),
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.publish"},
    )
    async def publish_scheme(self, info: Info, code: str) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info, code, lambda s, scheme: lifecycle.publish(s, scheme, actor=actor)
        )

    @strawberry.mutation(
        description="Close a scheme at the end of its year: everything in it becomes read-only.",
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.close"},
    )
    async def close_scheme(self, info: Info, code: str) -> SchemePayload:
        actor = info.context.subject
        return await _change(info, code, lambda s, scheme: lifecycle.close(s, scheme, actor=actor))

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Take an approved or published scheme back to a draft to change its rules; "
        "it takes effect when approved again as the next revision.",
        metadata={AUDIT_ACTION: "scheme.revise"},
    )
    async def revise_scheme(self, info: Info, code: str, reason: str) -> SchemePayload:
        actor = info.context.subject
        return await _change(
            info, code, lambda s, scheme: lifecycle.revise(s, scheme, reason, actor=actor)
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        description="A new draft copied from another scheme (e.g. last year's), without data.",
        metadata={AUDIT_ACTION: "scheme.copy"},
    )
    async def copy_scheme(
        self, info: Info, source_code: SOURCE_CODE, input: SchemeSettingsInput
    ) -> SchemePayload:
        actor = info.context.subject
        return await _payload(
            info,
            lambda s: copying.copy_scheme(s, source_code, input.to_settings(), actor=actor),
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        description="A new draft from a platform template or one of your 指标库 (`library`); "
        "its units join your organisation.",
        metadata={AUDIT_ACTION: "scheme.import"},
    )
    async def create_scheme_from_template(
        self,
        info: Info,
        template_code: TEMPLATE_CODE,
        input: SchemeSettingsInput,
        library: LIBRARY = Library.PLATFORM,
    ) -> SchemePayload:
        actor = info.context.subject
        settings = input.to_settings()
        return await _payload(
            info,
            lambda s: (
                lifecycle.from_template(
                    s, template_code, settings, actor=actor, library=Library(library)
                ).scheme
            ),
        )
