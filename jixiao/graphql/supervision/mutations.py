"""Supervision mutations: supervision notices (the group sends and closes, the unit replies).
A period's deadlines and closing are in `jixiao.graphql.supervision.periods`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.supervision.types import (
    SupervisionNoticePayload,
    SupervisionNoticeType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires, requires_any
from jixiao.supervision import service
from jixiao.supervision.models import SupervisionNotice


@strawberry.input(description="A supervision notice to a unit (督办通知).")
class SupervisionNoticeInput:
    scheme_code: str = strawberry.field(
        description="The scheme it belongs to, e.g. `jinfeng-2015`."
    )
    unit_code: str = strawberry.field(description="Code of the unit asked to act.")
    title: str = strawberry.field(
        description="What the unit is asked to do (督办事项), up to 200 characters."
    )
    body: str = strawberry.field(default="", description="Details of the request.")
    reply_due: date = strawberry.field(
        description="The day the reply is due (回复期限): today or later."
    )
    assignment_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of the unit's assignment in the scheme it is about; optional.",
    )
    period: str | None = strawberry.field(
        default=None, description="The scheme's period it is about (`Q1`…`Q4`); optional."
    )


async def _notice(
    info: Info, step: Callable[[JixiaoSession], SupervisionNotice]
) -> SupervisionNoticePayload:
    def work(session: JixiaoSession) -> SupervisionNoticeType:
        return SupervisionNoticeType.of_rows(session, [step(session)])[0]

    notice, errors = await attempt(lambda: info.context.write(work))
    return SupervisionNoticePayload(notice=notice, errors=errors)


@strawberry.type
class SupervisionMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SUPERVISION_WRITE)],
        description="Send a supervision notice to a unit, with a reply deadline.",
        metadata={AUDIT_ACTION: "supervision.send"},
    )
    async def send_supervision_notice(
        self, info: Info, input: SupervisionNoticeInput
    ) -> SupervisionNoticePayload:
        subject = info.context.subject
        draft = service.NoticeDraft(
            scheme_code=input.scheme_code,
            unit_code=input.unit_code,
            title=input.title,
            body=input.body,
            reply_due=input.reply_due,
            assignment_id=from_global_id(input.assignment_id, "Assignment", field="assignmentId")
            if input.assignment_id
            else None,
            period=input.period,
        )
        return await _notice(info, lambda s: service.send_notice(s, subject, draft))

    @strawberry.mutation(
        permission_classes=[requires_any(p.REPORT_WRITE, p.REPORT_APPROVE)],
        description="The unit's reply to a supervision notice (its reporter or head).",
        metadata={AUDIT_ACTION: "supervision.reply"},
    )
    async def reply_supervision_notice(
        self,
        info: Info,
        id: strawberry.ID,
        reply: Annotated[
            str,
            strawberry.argument(
                description="What the unit did (办理情况), up to 5000 characters; replaces "
                "an earlier reply."
            ),
        ],
    ) -> SupervisionNoticePayload:
        subject = info.context.subject
        notice_id = from_global_id(id, "SupervisionNotice")
        return await _notice(info, lambda s: service.reply_notice(s, subject, notice_id, reply))

    @strawberry.mutation(
        permission_classes=[requires(p.SUPERVISION_WRITE)],
        description="Close a supervision notice (办结), with a note.",
        metadata={AUDIT_ACTION: "supervision.close"},
    )
    async def close_supervision_notice(
        self, info: Info, id: strawberry.ID, note: str = ""
    ) -> SupervisionNoticePayload:
        subject = info.context.subject
        notice_id = from_global_id(id, "SupervisionNotice")
        return await _notice(info, lambda s: service.close_notice(s, subject, notice_id, note))
