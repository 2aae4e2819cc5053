"""The public results tables' reads: the office's page switch and its disclosures."""

from __future__ import annotations

import uuid

from sqlmodel import select

from jixiao.platform.db import JixiaoSession
from jixiao.public_results.models import PublicDisclosure, PublicResultsPage
from jixiao.scoring.runs.models import Period


def results_page(session: JixiaoSession) -> PublicResultsPage | None:
    """The session tenant's public page row, if the office ever set it."""
    return session.exec(select(PublicResultsPage)).first()


def disclosures(session: JixiaoSession) -> list[PublicDisclosure]:
    """Every disclosure of the session tenant."""
    return list(session.exec(select(PublicDisclosure)).all())


def disclosure_of(
    session: JixiaoSession, scheme_id: uuid.UUID, period: Period
) -> PublicDisclosure | None:
    """The disclosure of a scheme's period, if it is shown."""
    return session.exec(
        select(PublicDisclosure).where(
            PublicDisclosure.scheme_id == scheme_id, PublicDisclosure.period == period
        )
    ).first()
