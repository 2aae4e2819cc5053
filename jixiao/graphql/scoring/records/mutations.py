"""Mutations of inspections (明查暗访) and innovation awards (创新奖); each change recomputes
the annual result shortly after when it moves points."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.records.types import (
    InnovationAwardPayload,
    InnovationAwardType,
    InspectionPayload,
    InspectionType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies.guards import requires, requires_any
from jixiao.scoring.entry import awards, inspections
from jixiao.scoring.records import AwardKind, InspectionKind


@strawberry.input(description="What an inspection found and the points it deducts (0: none).")
class InspectionInput:
    date: date = strawberry.field(description="The day of the inspection.")
    kind: InspectionKind = strawberry.field(description="明查 (open) or 暗访 (unannounced).")
    finding: str = strawberry.field(description="What it found, at most 2000 characters.")
    deduction: Decimal = strawberry.field(
        default=Decimal(0), description="Points deducted, 0–100; 0 deducts nothing."
    )

    def to_domain(self) -> inspections.InspectionInput:
        return inspections.InspectionInput(self.date, self.kind, self.finding, self.deduction)


@strawberry.input(description="An application for an innovation award.")
class InnovationAwardInput:
    unit_code: str = strawberry.field(description="The applying unit's code.")
    kind: AwardKind = strawberry.field(description="Collective or individual.")
    title: str = strawberry.field(description="What the innovation is called.")
    applicant: str = strawberry.field(default="", description="The person, for individual awards.")
    description: str = strawberry.field(
        default="", description="The unit's account of the innovation."
    )

    def to_domain(self) -> awards.AwardApplication:
        return awards.AwardApplication(
            self.unit_code, self.kind, self.title, self.applicant, self.description
        )


@strawberry.type
class InspectionMutations:
    @strawberry.mutation(
        permission_classes=[requires_any(*inspections.RECORDERS)],
        metadata={AUDIT_ACTION: "inspection.record"},
        description="Record an inspection of a unit; a deduction above 0 enters the annual "
        "result (监控部门、督查小组、考评办).",
    )
    async def record_inspection(
        self, info: Info, scheme_code: str, unit_code: str, input: InspectionInput
    ) -> InspectionPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InspectionType:
            row = inspections.record_inspection(
                session, actor, scheme_code, unit_code, input.to_domain()
            )
            return InspectionType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InspectionPayload(inspection=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires_any(*inspections.RECORDERS)],
        metadata={AUDIT_ACTION: "inspection.update"},
        description="Change an inspection; its deduction adjustment follows.",
    )
    async def update_inspection(
        self, info: Info, id: strawberry.ID, input: InspectionInput
    ) -> InspectionPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InspectionType:
            local = from_global_id(id, "Inspection")
            row = inspections.update_inspection(session, actor, local, input.to_domain())
            return InspectionType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InspectionPayload(inspection=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires_any(*inspections.RECORDERS)],
        metadata={AUDIT_ACTION: "inspection.delete"},
        description="Delete an inspection with its deduction and evidence files.",
    )
    async def delete_inspection(self, info: Info, id: strawberry.ID) -> InspectionPayload:
        actor, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> None:
            local = from_global_id(id, "Inspection")
            inspections.delete_inspection(session, actor, local, store=files)

        _, errors = await attempt(lambda: info.context.write(work))
        return InspectionPayload(errors=errors)

    @strawberry.mutation(
        permission_classes=[requires_any(*awards.APPLICANTS)],
        metadata={AUDIT_ACTION: "award.apply"},
        description="Apply for an innovation award: your own unit's, or any unit's (考评办).",
    )
    async def apply_innovation_award(
        self, info: Info, scheme_code: str, input: InnovationAwardInput
    ) -> InnovationAwardPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InnovationAwardType:
            row = awards.apply_award(session, actor, scheme_code, input.to_domain())
            return InnovationAwardType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InnovationAwardPayload(award=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(awards.DECIDER)],
        metadata={AUDIT_ACTION: "award.recognise"},
        description="Recognise an application with the bonus points it brings (考评办).",
    )
    async def recognise_innovation_award(
        self,
        info: Info,
        id: strawberry.ID,
        points: Annotated[
            Decimal,
            strawberry.argument(description="Bonus points it brings, above 0, at most 100."),
        ],
        note: str = "",
    ) -> InnovationAwardPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InnovationAwardType:
            local = from_global_id(id, "InnovationAward")
            row = awards.recognise_award(session, actor, local, points=points, note=note)
            return InnovationAwardType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InnovationAwardPayload(award=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(awards.DECIDER)],
        metadata={AUDIT_ACTION: "award.reject"},
        description="Reject an application, saying why (考评办).",
    )
    async def reject_innovation_award(
        self, info: Info, id: strawberry.ID, note: str
    ) -> InnovationAwardPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InnovationAwardType:
            local = from_global_id(id, "InnovationAward")
            row = awards.reject_award(session, actor, local, note=note)
            return InnovationAwardType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InnovationAwardPayload(award=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(awards.DECIDER)],
        metadata={AUDIT_ACTION: "award.withdraw"},
        description="Withdraw a recognition or rejection: the bonus goes, the application is "
        "open again (考评办).",
    )
    async def withdraw_innovation_award(
        self, info: Info, id: strawberry.ID, note: str = ""
    ) -> InnovationAwardPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> InnovationAwardType:
            local = from_global_id(id, "InnovationAward")
            row = awards.withdraw_award(session, actor, local, note=note)
            return InnovationAwardType.of_rows(session, [row])[0]

        done, errors = await attempt(lambda: info.context.write(work))
        return InnovationAwardPayload(award=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires_any(*awards.APPLICANTS)],
        metadata={AUDIT_ACTION: "award.delete"},
        description="Delete an application not yet recognised (its unit or 考评办).",
    )
    async def delete_innovation_award(
        self, info: Info, id: strawberry.ID
    ) -> InnovationAwardPayload:
        actor, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> None:
            local = from_global_id(id, "InnovationAward")
            awards.delete_award(session, actor, local, store=files)

        _, errors = await attempt(lambda: info.context.write(work))
        return InnovationAwardPayload(errors=errors)
