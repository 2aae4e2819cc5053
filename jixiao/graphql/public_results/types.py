"""GraphQL types of the public results page (阳光考核): the office's switches and disclosures."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.errors import UserError
from jixiao.graphql.results.types import Period
from jixiao.public_results import service


@strawberry.type(description="A scheme and period whose published result the public page shows.")
class PublicDisclosure:
    scheme_code: str
    scheme_name: str
    period: Period
    period_name: str
    show_rank: bool
    show_grade: bool
    show_total: bool
    published_at: datetime | None = strawberry.field(
        description="When the result shown was published; null: nothing published yet, so "
        "the page shows nothing of it."
    )
    updated_at: datetime
    updated_by: str | None

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
    disclosures: list[PublicDisclosure]

    @classmethod
    def of(cls, found: service.PageSettings) -> PublicResultsSettings:
        return cls(
            allowed=found.allowed,
            enabled=found.enabled,
            path=f"/p/{found.slug}",
            disclosures=[PublicDisclosure.of(view) for view in found.disclosures],
        )


@strawberry.type
class PublicResultsSettingsPayload:
    settings: PublicResultsSettings | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="What the public page shows of one scheme and period.")
class PublicDisclosureInput:
    scheme_code: str
    period: Period
    show_rank: bool = True
    show_grade: bool = True
    show_total: bool = False

    def to_domain(self) -> service.Disclose:
        return service.Disclose(
            self.scheme_code, self.period, self.show_rank, self.show_grade, self.show_total
        )
