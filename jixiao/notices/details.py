"""Notices with what a screen shows beside them, loaded for a whole page at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from jixiao.identity.queries import users_by_id
from jixiao.notices.models import AudienceKind, Notice, NoticeAttachment, NoticeAudience
from jixiao.notices.queries import attachments_of, audience_of, read_at
from jixiao.notices.reading import receipt_counts
from jixiao.org.queries import units_by_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies.queries import role_names


@dataclass(frozen=True)
class AudienceEntry:
    """One part of an audience with its name (a role's, a person's or a unit's)."""

    kind: AudienceKind
    ref: str
    label: str


@dataclass(frozen=True)
class NoticeDetails:
    notice: Notice
    audience: list[AudienceEntry]
    attachments: list[NoticeAttachment]
    read_at: datetime | None  # when the viewer read it
    read_count: int | None = None  # the office's view only
    audience_count: int | None = None


def notice_details(
    session: JixiaoSession, notices: list[Notice], *, viewer_id: uuid.UUID | None, manager: bool
) -> list[NoticeDetails]:
    """Audience (named), attachments, the viewer's receipt and, for the office, the counts."""
    ids = [n.id for n in notices]
    audiences = audience_of(session, ids)
    files = attachments_of(session, ids)
    labels = _labels(session, [row for rows in audiences.values() for row in rows])
    read = read_at(session, viewer_id, ids) if viewer_id else {}
    found = []
    for notice in notices:
        counts = receipt_counts(session, notice) if manager else (None, None)
        entries = [
            AudienceEntry(row.kind, row.ref, labels.get((row.kind, row.ref), row.ref))
            for row in audiences[notice.id]
        ]
        found.append(
            NoticeDetails(
                notice=notice,
                audience=sorted(entries, key=lambda e: (e.kind.value, e.label)),
                attachments=files[notice.id],
                read_at=read.get(notice.id),
                read_count=counts[0],
                audience_count=counts[1],
            )
        )
    return found


def _labels(
    session: JixiaoSession, rows: list[NoticeAudience]
) -> dict[tuple[AudienceKind, str], str]:
    refs = {kind: {r.ref for r in rows if r.kind is kind} for kind in AudienceKind}
    labels: dict[tuple[AudienceKind, str], str] = {}
    if refs[AudienceKind.ROLE]:
        for code, name in role_names(session, refs[AudienceKind.ROLE]).items():
            labels[(AudienceKind.ROLE, code)] = name
    if refs[AudienceKind.USER]:
        user_ids = [uuid.UUID(ref) for ref in refs[AudienceKind.USER]]
        for user_id, user in users_by_id(session, user_ids).items():
            labels[(AudienceKind.USER, str(user_id))] = user.display_name
    if refs[AudienceKind.UNIT]:
        unit_ids = [uuid.UUID(ref) for ref in refs[AudienceKind.UNIT]]
        for unit_id, unit in units_by_id(session, unit_ids).items():
            labels[(AudienceKind.UNIT, str(unit_id))] = unit.name
    return labels
