"""The support grants' reads: by id, the newest, an operator's live grant and their recent
ones (each in the session's tenant)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import col, select

from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.support.models import SupportGrant


def grant_by_id(session: JixiaoSession, grant_id: uuid.UUID) -> SupportGrant | None:
    """One grant of the session's tenant, if it exists."""
    return session.exec(select(SupportGrant).where(SupportGrant.id == grant_id)).first()


def newest_grants(session: JixiaoSession, limit: int) -> list[SupportGrant]:
    """The session tenant's grants, newest first; at most `limit`."""
    statement = select(SupportGrant).order_by(col(SupportGrant.granted_at).desc())
    return list(session.exec(statement.limit(limit)).all())


def live_grant(
    session: JixiaoSession, operator_id: uuid.UUID, now: datetime | None = None
) -> SupportGrant | None:
    """The operator's grant that is live now in the session's tenant, if any."""
    moment = now or utcnow()
    return session.exec(
        select(SupportGrant).where(
            SupportGrant.operator_id == operator_id,
            col(SupportGrant.revoked_at).is_(None),
            col(SupportGrant.expires_at) > moment,
        )
    ).first()


def grants_ending_after(
    session: JixiaoSession, operator_id: uuid.UUID, since: datetime
) -> list[SupportGrant]:
    """The operator's grants in the session's tenant that expire after `since`."""
    return list(
        session.exec(
            select(SupportGrant).where(
                SupportGrant.operator_id == operator_id,
                col(SupportGrant.expires_at) > since,
            )
        ).all()
    )
