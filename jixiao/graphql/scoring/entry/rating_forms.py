"""Leader rating forms (领导评价表): the leader's form (score:write) and the office's
assignments, progress matrix, reminders and returns (score:reopen)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import rating_assign, rating_forms

Rater = Annotated[str, strawberry.argument(description="The leader's username.")]


@strawberry.type(description="One unit on a leader's rating form.")
class RatingFormLine:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    value: Decimal | None = strawberry.field(description="The saved draft, else the rating given.")
    state: str = strawberry.field(description="rated, draft or not_rated.")
    state_label: str = strawberry.field(description="已评 / 草稿 / 未评.")
    submitted_at: datetime | None = strawberry.field(
        description="When the form was submitted with this line; null while not submitted."
    )


@strawberry.type(description="领导评价表: a leader's units for one rating component.")
class RatingForm:
    scheme_code: str = strawberry.field(description="The scheme's code.")
    scheme_name: str = strawberry.field(description="The scheme's name.")
    component_code: str = strawberry.field(description="The rating component's code.")
    component_name: str = strawberry.field(description="The component's name, e.g. 领导评价.")
    lines: list[RatingFormLine] = strawberry.field(description="The units the leader rates.")
    submitted: bool = strawberry.field(description="Submitted; locked until the office returns it.")
    read_only: bool = strawberry.field(
        description="Nothing can be changed: submitted, or the scheme or period is closed."
    )
    read_only_reason: str | None = strawberry.field(
        description="Why nothing can be changed now: the scheme or 全年 period is closed."
    )

    @classmethod
    def of(cls, form: rating_forms.RatingForm) -> RatingForm:
        return cls(
            scheme_code=form.scheme_code,
            scheme_name=form.scheme_name,
            component_code=form.component_code,
            component_name=form.component_name,
            lines=[
                RatingFormLine(
                    unit_code=line.unit_code,
                    unit_name=line.unit_name,
                    value=line.value,
                    state=line.state,
                    state_label=line.state_label,
                    submitted_at=line.submitted_at,
                )
                for line in form.lines
            ],
            submitted=form.submitted,
            read_only=form.read_only,
            read_only_reason=form.read_only_reason,
        )


@strawberry.type(description="A 赋分领导 who may be given a rating form.")
class RatingLeader:
    username: str = strawberry.field(description="The leader's username (rater).")
    name: str = strawberry.field(description="The leader's name.")


@strawberry.type(description="One leader's progress on their form.")
class RatingLeaderProgress:
    username: str = strawberry.field(description="The leader's username (rater).")
    name: str = strawberry.field(description="The leader's name.")
    unit_codes: list[str] = strawberry.field(description="Codes of the units on their form.")
    rated: int = strawberry.field(description="Units this leader has rated.")
    total: int = strawberry.field(description="Units on their form.")
    submitted: bool = strawberry.field(description="Their form is submitted.")


@strawberry.type(description="Whether a leader has rated a unit (已评 / 草稿 / 未评).")
class RatingMatrixCell:
    rater: str = strawberry.field(description="The leader's username.")
    unit_code: str = strawberry.field(description="The unit's code.")
    state: str = strawberry.field(description="rated, draft or not_rated.")
    state_label: str = strawberry.field(description="已评 / 草稿 / 未评.")
    value: Decimal | None = strawberry.field(description="The rating given; null until rated.")


@strawberry.type(description="A unit on some leader's form.")
class RatingMatrixUnit:
    code: str = strawberry.field(description="The unit's code.")
    name: str = strawberry.field(description="The unit's name.")


@strawberry.type(description="Who has rated whom, for one rating component.")
class RatingMatrix:
    component_name: str = strawberry.field(description="The rating component's name.")
    units: list[RatingMatrixUnit] = strawberry.field(
        description="The units on any leader's form (columns)."
    )
    leaders: list[RatingLeaderProgress] = strawberry.field(
        description="The leaders with a form (rows)."
    )
    cells: list[RatingMatrixCell] = strawberry.field(description="One per leader and unit.")
    read_only_reason: str | None = strawberry.field(
        description="Why nothing can be changed now: the scheme or 全年 period is closed."
    )

    @classmethod
    def of(cls, found: rating_assign.Matrix) -> RatingMatrix:
        return cls(
            component_name=found.component_name,
            units=[RatingMatrixUnit(code=code, name=name) for code, name in found.units],
            leaders=[
                RatingLeaderProgress(
                    username=row.leader.username,
                    name=row.leader.name,
                    unit_codes=row.units,
                    rated=row.rated,
                    total=len(row.units),
                    submitted=row.submitted,
                )
                for row in found.leaders
            ],
            cells=[
                RatingMatrixCell(
                    rater=c.rater,
                    unit_code=c.unit_code,
                    state=c.state,
                    state_label=c.state_label,
                    value=c.value,
                )
                for c in found.cells
            ],
            read_only_reason=found.read_only_reason,
        )


@strawberry.input(description="A value for one unit on a leader's rating form.")
class RatingFormValueInput:
    unit_code: str = strawberry.field(description="The unit's code (on the leader's form).")
    value: Decimal = strawberry.field(description="The rating, 0–100.")


@strawberry.type(description="The outcome of saveRatingForm.")
class RatingFormPayload:
    form: RatingForm | None = strawberry.field(
        default=None, description="The form as saved; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="How many lines or leaders an office action on rating forms touched.")
class RatingCountPayload:
    count: int = strawberry.field(
        default=0,
        description="setRatingUnits: units on the form now; assignRatingsFromScope: lines "
        "added; remindRatingForms: leaders reminded; reopenRatingForm: lines reopened.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type
class RatingFormQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCORE_WRITE)],
        description="The signed-in leader's rating form for a rating component.",
    )
    async def my_rating_form(
        self, info: Info, scheme_code: str, component_code: str = "leaders"
    ) -> RatingForm:
        subject = info.context.subject
        form = await info.context.read(
            lambda s: rating_forms.my_form(s, subject, scheme_code, component_code)
        )
        return RatingForm.of(form)

    @strawberry.field(
        permission_classes=[requires(p.SCORE_REOPEN)],
        description="Who has rated whom on a rating component's forms (考评办).",
    )
    async def rating_matrix(
        self, info: Info, scheme_code: str, component_code: str = "leaders"
    ) -> RatingMatrix:
        subject = info.context.subject
        found = await info.context.read(
            lambda s: rating_assign.matrix(s, subject, scheme_code, component_code)
        )
        return RatingMatrix.of(found)

    @strawberry.field(
        permission_classes=[requires(p.SCORE_REOPEN)],
        description="The 赋分领导 who may be given a rating form (考评办).",
    )
    async def rating_leaders(self, info: Info) -> list[RatingLeader]:
        subject = info.context.subject
        found = await info.context.read(lambda s: rating_assign.leaders(s, subject))
        return [RatingLeader(username=x.username, name=x.name) for x in found]


async def _count(info: Info, work: Callable[[JixiaoSession], int]) -> RatingCountPayload:
    done, errors = await attempt(lambda: info.context.write(work))
    return RatingCountPayload(count=int(done or 0), errors=errors)


@strawberry.type
class RatingFormMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "rating_form.save"},
        description="The leader saves values (0–100) on their form as a draft, or submits the "
        "whole form (then each value is their rating of the unit).",
    )
    async def save_rating_form(
        self,
        info: Info,
        scheme_code: str,
        values: Annotated[
            list[RatingFormValueInput],
            strawberry.argument(description="Values to save, for units on the form."),
        ],
        component_code: str = "leaders",
        submit: Annotated[
            bool,
            strawberry.argument(description="Submit the whole form; then it is locked."),
        ] = False,
    ) -> RatingFormPayload:
        subject = info.context.subject
        wanted = [rating_forms.FormValue(v.unit_code, v.value) for v in values]

        def work(session: JixiaoSession) -> RatingForm:
            form = rating_forms.save_form(
                session, subject, scheme_code, component_code, wanted, submit=submit
            )
            return RatingForm.of(form)

        form, errors = await attempt(lambda: info.context.write(work))
        return RatingFormPayload(form=form, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "rating_form.assign"},
        description="The office sets the units a leader (username) rates on a component.",
    )
    async def set_rating_units(
        self,
        info: Info,
        scheme_code: str,
        rater: Rater,
        unit_codes: list[str],
        component_code: str = "leaders",
    ) -> RatingCountPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> int:
            return len(
                rating_assign.set_units(
                    session, subject, scheme_code, component_code, rater, unit_codes
                )
            )

        return await _count(info, work)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "rating_form.assign_from_scope"},
        description="Give each 赋分领导 the scheme's units they are in charge of (分管/联系) "
        "where not given yet; returns the lines added.",
    )
    async def assign_ratings_from_scope(
        self, info: Info, scheme_code: str, component_code: str = "leaders"
    ) -> RatingCountPayload:
        subject = info.context.subject
        return await _count(
            info,
            lambda s: rating_assign.assign_from_scope(s, subject, scheme_code, component_code),
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "rating_form.remind"},
        description="Remind the leaders (or one, by username) whose form is not submitted.",
    )
    async def remind_rating_forms(
        self,
        info: Info,
        scheme_code: str,
        component_code: str = "leaders",
        rater: Annotated[
            str | None,
            strawberry.argument(description="Only this leader (username); default: all."),
        ] = None,
    ) -> RatingCountPayload:
        subject = info.context.subject
        return await _count(
            info,
            lambda s: rating_assign.remind(s, subject, scheme_code, component_code, rater),
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "rating_form.reopen"},
        description="The office returns a leader's submitted form so that they can change it.",
    )
    async def reopen_rating_form(
        self,
        info: Info,
        scheme_code: str,
        rater: Rater,
        reason: str,
        component_code: str = "leaders",
    ) -> RatingCountPayload:
        subject = info.context.subject
        return await _count(
            info,
            lambda s: rating_forms.reopen_form(
                s, subject, scheme_code, component_code, rater, reason
            ),
        )
