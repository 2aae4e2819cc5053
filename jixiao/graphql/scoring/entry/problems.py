"""数据问题: the stored entries of a scheme that the engine refuses, in words, and the office's
removal of one of them (score:reopen, with a reason, audited)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import problems
from jixiao.scoring.entry.problems import EntryKind, Problem

EntryKindEnum = strawberry.enum(
    EntryKind,
    name="SchemeEntryKind",
    description="A kind of stored entry: score, rating, adjustment, city item, last year.",
)
describe_values(
    "SchemeEntryKind",
    {
        "SCORE": "评分: a score of a unit's indicator in a period.",
        "RATING": "评价得分: a rating of a unit on a rating component.",
        "ADJUSTMENT": "加减分: a bonus or deduction.",
        "CITY_ITEM": "三区末位项目: a city-level item of a unit.",
        "PREVIOUS": "上年考评结果: a unit's outcome last year.",
    },
)
_NAME = "SchemeEntry"


@strawberry.type(
    name="SchemeProblem",
    description="A stored entry the engine refuses (a compute stops on it), in words.",
)
class SchemeProblemType:
    entry_id: strawberry.ID = strawberry.field(description="What removeBadEntry takes.")
    kind: EntryKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="What kind of entry it is (removeBadEntry takes it)."
    )
    kind_label: str = strawberry.field(description="评分, 评价得分, 加减分, …")
    unit_name: str = strawberry.field(description="The unit's name.")
    subject: str = strawberry.field(description="The indicator's or component's name, or ''.")
    period_name: str = strawberry.field(description="第一季度 …, or '' without a period.")
    entry: str = strawberry.field(description="Which entry: 「良田镇」「招商引资」第一季度的评分.")
    problems: list[str] = strawberry.field(description="What is wrong, in words.")
    text: str = strawberry.field(description="The entry and what is wrong, one sentence.")
    source: str = strawberry.field(description="导入, 录入 or 进度填报核实值.")
    entered_by: str | None = strawberry.field(
        description="Who entered it (name); null for an import or a kind without it."
    )

    @classmethod
    def of(cls, problem: Problem) -> SchemeProblemType:
        return cls(
            entry_id=to_global_id(_NAME, problem.entry_id),
            kind=problem.kind,
            kind_label=problem.kind.label,
            unit_name=problem.unit,
            subject=problem.subject,
            period_name=problem.period,
            entry=problem.entry,
            problems=list(problem.reasons),
            text=problem.text,
            source=problem.source,
            entered_by=problem.entered_by,
        )


@strawberry.type(description="The outcome of removeBadEntry.")
class RemoveBadEntryPayload:
    removed: SchemeProblemType | None = strawberry.field(
        default=None, description="The entry removed, as it was listed; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type
class ProblemQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCORE_REOPEN)],
        description="The scheme's stored entries that the engine refuses (数据问题), in words; "
        "empty when every entry can be computed (考评办).",
    )
    async def scheme_problems(self, info: Info, scheme_code: str) -> list[SchemeProblemType]:
        found = await info.context.read(lambda s: problems.scheme_problems(s, scheme_code))
        return [SchemeProblemType.of(problem) for problem in found]


@strawberry.type
class ProblemMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "scheme.entry.remove"},
        description="Delete one stored entry that the engine refuses (one of schemeProblems), "
        "with the reason; audited with its values (考评办).",
    )
    async def remove_bad_entry(
        self,
        info: Info,
        scheme_code: str,
        kind: Annotated[
            EntryKindEnum,  # type: ignore[valid-type]
            strawberry.argument(description="The entry's kind, as schemeProblems gives it."),
        ],
        entry_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The entryId schemeProblems gives."),
        ],
        reason: str,
    ) -> RemoveBadEntryPayload:
        actor, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> SchemeProblemType:
            local = from_global_id(entry_id, _NAME, field="entryId")
            removed = problems.remove_entry(
                session, actor, scheme_code, EntryKind(kind), local, reason, files
            )
            return SchemeProblemType.of(removed)

        done, errors = await attempt(lambda: info.context.write(work))
        return RemoveBadEntryPayload(removed=done, errors=errors)
