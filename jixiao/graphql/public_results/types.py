"""GraphQL types of the public results page (阳光考核): the office's switches and disclosures."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.scoring.runs.types import Period
from jixiao.public_results import service


@strawberry.type(description="A scheme and period whose published result the public page shows.")
class PublicDisclosure:
    scheme_code: str = strawberry.field(description="Code of the scheme disclosed.")
    scheme_name: str = strawberry.field(
        description="As the page shows it, e.g. 金凤区2015年绩效考评方案."
    )
    period: Period = strawberry.field(
        description="The result disclosed: the year's (ANNUAL) or a quarter's."
    )
    period_name: str = strawberry.field(description="The period in Chinese, e.g. 全年, 第一季度.")
    show_rank: bool = strawberry.field(description="The page shows each unit's rank in its group.")
    show_grade: bool = strawberry.field(description="The page shows each unit's grade (等次).")
    show_total: bool = strawberry.field(description="The page shows each unit's total score.")
    published_at: datetime | None = strawberry.field(
        description="When the result shown was published; null: nothing published yet, so "
        "the page shows nothing of it."
    )
    updated_at: datetime = strawberry.field(
        description="When the office last changed this disclosure."
    )
    updated_by: str | None = strawberry.field(description="Name of who last changed it.")

    @classmethod
    def of(cls, view: service.DisclosureView) -> PublicDisclosure:
        return cls(
            scheme_code=view.scheme_code,
            scheme_name=view.scheme_name,
            period=view.period,
            period_name=period_name(view.period.value),
            show_rank=view.show_rank,
            show_grade=view.show_grade,
            show_total=view.show_total,
            published_at=view.published_at,
            updated_at=view.updated_at,
            updated_by=view.updated_by,
        )


@strawberry.type(description="The office's public results page (阳光考核) and what it shows.")
class PublicResultsSettings:
    allowed: bool = strawberry.field(
        description="Whether the platform operator opened 阳光考核 for this tenant."
    )
    enabled: bool = strawberry.field(description="The office's own switch of its page.")
    path: str = strawberry.field(description="The page's address in the portal: /p/<tenant>.")
    disclosures: list[PublicDisclosure] = strawberry.field(
        description="What the page discloses, by scheme code, the year before its quarters."
    )

    @classmethod
    def of(cls, found: service.PageSettings) -> PublicResultsSettings:
        return cls(
            allowed=found.allowed,
            enabled=found.enabled,
            path=f"/p/{found.slug}",
            disclosures=[PublicDisclosure.of(view) for view in found.disclosures],
        )


@strawberry.type(
    description="What the public page mutations return: the page's settings, or why not."
)
class PublicResultsSettingsPayload:
    settings: PublicResultsSettings | None = strawberry.field(
        default=None, description="The page's settings after the change; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.input(description="What the public page shows of one scheme and period.")
class PublicDisclosureInput:
    scheme_code: str = strawberry.field(
        description="Code of the scheme whose published result to show."
    )
    period: Period = strawberry.field(
        description="Which result: the year's (ANNUAL) or a quarter's."
    )
    show_rank: bool = strawberry.field(
        default=True, description="Show each unit's rank in its group."
    )
    show_grade: bool = strawberry.field(default=True, description="Show each unit's grade (等次).")
    show_total: bool = strawberry.field(
        default=False,
        description="Show each unit's total score; at least one of the three must be shown.",
    )

    def to_domain(self) -> service.Disclose:
        return service.Disclose(
            self.scheme_code, self.period, self.show_rank, self.show_grade, self.show_total
        )
