"""A data import's mode (合并 / 替换) and its preview: what it would add, change, keep and
remove, with samples in words, without writing anything."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.schemes.indicator_types import SchemeIssueType
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import interchange
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.merge import CHANGES, DataDiff, DataMode

SECTION_NAMES = {
    "scores": "评分",
    "ratings": "评价得分",
    "adjustments": "加减分",
    "city_items": "三区末位项目",
    "previous": "上年考评结果",
}


@strawberry.enum(
    name="DataImportMode",
    description="MERGE (合并, the default): upsert by natural key and keep what the file does "
    "not mention; REPLACE (替换): the file becomes the scheme's whole data.",
)
class DataImportModeType(Enum):
    MERGE = "merge"
    REPLACE = "replace"

    @property
    def domain(self) -> DataMode:
        return DataMode(self.value)


describe_values(
    "DataImportMode",
    {
        "MERGE": "合并: add and change rows by natural key; keep the others.",
        "REPLACE": "替换: the file becomes the whole data; the rest is removed.",
    },
)


@strawberry.type(description="Rows of one kind that an import adds, changes, keeps, removes.")
class DataChangeCounts:
    section: str = strawberry.field(description="scores, ratings, adjustments, …")
    label: str = strawberry.field(description="评分, 评价得分, 加减分, …")
    added: int = strawberry.field(description="Rows of the file that are new.")
    changed: int = strawberry.field(description="Stored rows the file changes.")
    kept: int = strawberry.field(
        description="Stored rows left as they are (the same in the file, or not in it)."
    )
    removed: int = strawberry.field(description="Stored rows removed (REPLACE only).")


@strawberry.type(description="What a data import would do; nothing was written.")
class DataImportPreview:
    mode: DataImportModeType = strawberry.field(description="The mode previewed.")
    added: int = strawberry.field(description="Rows that would be added, all kinds together.")
    changed: int = strawberry.field(description="Rows that would be changed, all kinds together.")
    kept: int = strawberry.field(
        description="Rows that would stay as they are, all kinds together."
    )
    removed: int = strawberry.field(
        description="Rows that would be removed (REPLACE only), all kinds together."
    )
    removed_entered: int = strawberry.field(
        description="Of the removed rows, how many were entered in the portal (the quarter's "
        "workflow) rather than imported."
    )
    sections: list[DataChangeCounts] = strawberry.field(
        description="The same counts per kind of row."
    )
    added_samples: list[str] = strawberry.field(description="A few added rows, in words.")
    changed_samples: list[str] = strawberry.field(description="Changed rows: before → after.")
    removed_samples: list[str] = strawberry.field(description="A few removed rows (替换).")

    @classmethod
    def of(cls, diff: DataDiff) -> DataImportPreview:
        totals = diff.totals
        return cls(
            mode=DataImportModeType(diff.mode.value),
            **{change: totals[change] for change in CHANGES},
            removed_entered=diff.entered_removed,
            sections=[
                DataChangeCounts(section=name, label=SECTION_NAMES[name], **counts)
                for name, counts in diff.sections.items()
            ],
            added_samples=diff.samples["added"],
            changed_samples=diff.samples["changed"],
            removed_samples=diff.samples["removed"],
        )


@strawberry.type(description="What schemeDataImportPreview returns.")
class DataImportPreviewPayload:
    preview: DataImportPreview | None = strawberry.field(
        default=None,
        description="What the import would do; null when the file or the request was refused.",
    )
    issues: list[SchemeIssueType] = strawberry.field(
        default_factory=list, description="Every problem of a refused file, entry by entry."
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why the file or the request was refused; empty when it would import.",
    )


@strawberry.type
class DataImportQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCHEME_WRITE)],
        description="What importSchemeData would do with this text in this mode (rows added, "
        "changed, kept, removed, with samples in words), without writing anything.",
    )
    async def scheme_data_import_preview(
        self,
        info: Info,
        code: str,
        data_text: str,
        mode: Annotated[
            DataImportModeType,
            strawberry.argument(
                description="MERGE (default) or REPLACE, as importSchemeData would take it."
            ),
        ] = DataImportModeType.MERGE,
    ) -> DataImportPreviewPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> DataDiff:
            raw, _ = interchange.read_text(data_text, "data")
            outcome = interchange.import_data(
                session, code, raw, actor=actor, mode=mode.domain, preview=True
            )
            assert outcome.diff is not None
            return outcome.diff

        try:
            diff = await info.context.read(work)
        except SchemeInvalid as error:
            return DataImportPreviewPayload(
                issues=[SchemeIssueType.of_file(issue) for issue in error.issues],
                errors=[UserError.from_domain(error)],
            )
        except DomainError as error:
            return DataImportPreviewPayload(errors=[UserError.from_domain(error)])
        return DataImportPreviewPayload(preview=DataImportPreview.of(diff))
