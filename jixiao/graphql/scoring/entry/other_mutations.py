"""Other inputs: ratings per unit (score:write, in the rater's scope) and adjustments (the
office, score:reopen). Each change recomputes the annual result shortly after."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.engine.model import AdjustmentKind
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.graphql.scoring.records.types import RecordFileType, upload_url
from jixiao.org.queries import units_by_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import others
from jixiao.scoring.entry.record_files import files_of
from jixiao.scoring.models import Adjustment
from jixiao.scoring.records import RecordOwner

AdjustmentKindEnum = strawberry.enum(
    AdjustmentKind,
    name="AdjustmentKind",
    description="加分 or 扣分: points added to or taken from a unit's annual total.",
)


@strawberry.input(description="One unit's rating on a rating component.")
class RatingEntryInput:
    unit_code: str = strawberry.field(description="The unit's code.")
    value: Decimal = strawberry.field(description="The rating, 0–100.")


@strawberry.type(
    name="Adjustment",
    description="A bonus (加分) or deduction (扣分) of a unit in the annual result (加减分).",
)
class AdjustmentType:
    id: strawberry.ID = strawberry.field(description="The adjustment's global id.")
    unit_code: str = strawberry.field(description="The unit's code.")
    kind: AdjustmentKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="Bonus or deduction."
    )
    points: Decimal = strawberry.field(description="Points added (bonus) or taken (deduction).")
    reason: str = strawberry.field(description="Why, as shown to the unit in its result.")
    files: list[RecordFileType] = strawberry.field(
        default_factory=list, description="Evidence files (佐证材料) of the adjustment."
    )
    upload_url: str = strawberry.field(
        default="", description="POST a file here (?name=…) as evidence (考评办)."
    )

    @classmethod
    def of(
        cls, row: Adjustment, unit_code: str, files: list[RecordFileType] | None = None
    ) -> AdjustmentType:
        return cls(
            id=to_global_id("Adjustment", row.id),
            unit_code=unit_code,
            kind=row.kind,
            points=row.points,
            reason=row.reason,
            files=files or [],
            upload_url=upload_url(RecordOwner.ADJUSTMENT, row.id),
        )

    @classmethod
    def of_rows(cls, session: JixiaoSession, rows: list[Adjustment]) -> list[AdjustmentType]:
        """Adjustments with their unit and files (two queries)."""
        units = {u.id: u.code for u in units_by_id(session, (r.unit_id for r in rows)).values()}
        files = files_of(session, RecordOwner.ADJUSTMENT, [r.id for r in rows])
        return [
            cls.of(r, units[r.unit_id], [RecordFileType.of(f) for f in files[r.id]]) for r in rows
        ]


@strawberry.type(description="The outcome of enterRatings.")
class RatingsPayload:
    saved: int = strawberry.field(default=0, description="Ratings saved.")
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The outcome of adding or removing an adjustment.")
class AdjustmentPayload:
    adjustment: AdjustmentType | None = strawberry.field(
        default=None, description="The adjustment added; null on removal and on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type
class OtherInputMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "rating.enter"},
        description="Set units' values (0–100) of a rating component (领导评价, 群众满意度).",
    )
    async def enter_ratings(
        self,
        info: Info,
        scheme_code: str,
        component_code: str,
        entries: Annotated[
            list[RatingEntryInput],
            strawberry.argument(description="The units' ratings; all are kept or none."),
        ],
    ) -> RatingsPayload:
        actor = info.context.subject
        wanted = [others.RatingInput(e.unit_code, e.value) for e in entries]

        def work(session: JixiaoSession) -> int:
            return len(others.enter_ratings(session, actor, scheme_code, component_code, wanted))

        done, errors = await attempt(lambda: info.context.write(work))
        return RatingsPayload(saved=done or 0, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "adjustment.add"},
        description="A bonus (加分) or deduction (扣分) for a unit, with its reason (考评办).",
    )
    async def add_adjustment(
        self,
        info: Info,
        scheme_code: str,
        unit_code: str,
        kind: Annotated[
            AdjustmentKindEnum,  # type: ignore[valid-type]
            strawberry.argument(description="Bonus (加分) or deduction (扣分)."),
        ],
        points: Annotated[
            Decimal, strawberry.argument(description="Points to add or take, above 0.")
        ],
        reason: str,
    ) -> AdjustmentPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> AdjustmentType:
            row = others.add_adjustment(
                session,
                actor,
                scheme_code,
                unit_code=unit_code,
                kind=AdjustmentKind(kind),
                points=points,
                reason=reason,
            )
            return AdjustmentType.of(row, unit_code)

        done, errors = await attempt(lambda: info.context.write(work))
        return AdjustmentPayload(adjustment=done, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "adjustment.remove"},
        description="Withdraw an adjustment (考评办).",
    )
    async def remove_adjustment(
        self,
        info: Info,
        adjustment_id: Annotated[
            strawberry.ID, strawberry.argument(description="The Adjustment's global id.")
        ],
    ) -> AdjustmentPayload:
        actor, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> None:
            local = from_global_id(adjustment_id, "Adjustment", field="adjustmentId")
            others.remove_adjustment(session, actor, local, files)

        _, errors = await attempt(lambda: info.context.write(work))
        return AdjustmentPayload(errors=errors)
