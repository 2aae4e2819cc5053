"""GraphQL types of inspections, innovation awards and their evidence files."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import Connection, Node, from_global_id, to_global_id
from jixiao.org.models import Unit
from jixiao.org.queries import units_by_id
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.scoring.entry.record_files import files_of
from jixiao.scoring.records import (
    AwardKind,
    AwardStatus,
    InnovationAward,
    Inspection,
    InspectionKind,
    RecordFile,
    RecordOwner,
)

RECORD_FILES = "/files/records"
RECORD_FILE_DOWNLOADS = "/files/record-files"
OWNER_TYPES = {
    RecordOwner.ADJUSTMENT: "Adjustment",
    RecordOwner.INSPECTION: "Inspection",
    RecordOwner.AWARD: "InnovationAward",
    RecordOwner.APPEAL: "Appeal",
}

strawberry.enum(InspectionKind, name="InspectionKind", description="明查 / 暗访")
strawberry.enum(AwardKind, name="AwardKind", description="集体 / 个人")
strawberry.enum(AwardStatus, name="AwardStatus", description="待认定 / 已认定 / 不予认定")
describe_values(
    "InspectionKind",
    {"OPEN": "明查: an announced inspection.", "UNANNOUNCED": "暗访: an unannounced visit."},
)
describe_values(
    "AwardKind",
    {
        "COLLECTIVE": "集体: an award to the unit as a whole.",
        "INDIVIDUAL": "个人: an award to a person of the unit (see applicant).",
    },
)
describe_values(
    "AwardStatus",
    {
        "APPLIED": "待认定: applied for, awaiting the office's decision.",
        "RECOGNISED": "已认定: recognised; its points enter the unit's bonus (加分).",
        "REJECTED": "不予认定: rejected, with the office's note.",
    },
)


@strawberry.type(
    name="RecordFile",
    description="An evidence file (佐证材料) of an adjustment, inspection, award or appeal.",
)
class RecordFileType:
    id: strawberry.ID = strawberry.field(description="The file's global id.")
    file_name: str = strawberry.field(description="The name it was uploaded with.")
    content_type: str = strawberry.field(description="Its media type, e.g. application/pdf.")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="Hex SHA-256 of its content, to check a copy.")
    url: str = strawberry.field(description="Where to download it (GET, signed in).")
    created_at: datetime = strawberry.field(description="When it was uploaded.")

    @classmethod
    def of(cls, row: RecordFile) -> RecordFileType:
        gid = to_global_id("RecordFile", row.id)
        return cls(
            id=gid,
            file_name=row.file_name,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            url=f"{RECORD_FILE_DOWNLOADS}/{gid}",
            created_at=row.created_at,
        )


@strawberry.type(name="Inspection", description="An open or unannounced inspection (明查暗访).")
class InspectionType(Node):
    id: strawberry.ID = strawberry.field(description="The inspection's global id.")
    scheme_id: strawberry.ID = strawberry.field(description="The scheme's global id.")
    unit_code: str = strawberry.field(description="The inspected unit's code.")
    unit_name: str = strawberry.field(description="The inspected unit's name.")
    date: date = strawberry.field(description="The day of the inspection.")
    kind: InspectionKind = strawberry.field(description="明查 (open) or 暗访 (unannounced).")
    kind_label: str = strawberry.field(description="明查 or 暗访.")
    finding: str = strawberry.field(description="What the inspection found (检查发现的问题).")
    deduction: Decimal = strawberry.field(description="Points deducted; 0 means none.")
    adjustment_id: strawberry.ID | None = strawberry.field(
        description="The deduction adjustment it produced, when the deduction is above 0."
    )
    created_by: str | None = strawberry.field(description="Who recorded it (name).")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    files: list[RecordFileType] = strawberry.field(description="Evidence files (佐证材料).")
    upload_url: str = strawberry.field(description="POST a file here (?name=…) as evidence.")

    @classmethod
    def of(cls, row: Inspection, unit: Unit, files: list[RecordFileType]) -> InspectionType:
        return cls(
            id=to_global_id("Inspection", row.id),
            scheme_id=to_global_id("Scheme", row.scheme_id),
            unit_code=unit.code,
            unit_name=unit.name,
            date=row.inspected_on,
            kind=row.kind,
            kind_label=row.kind.label,
            finding=row.finding,
            deduction=row.deduction,
            adjustment_id=_adjustment_gid(row.adjustment_id),
            created_by=row.created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
            files=files,
            upload_url=upload_url(RecordOwner.INSPECTION, row.id),
        )

    @classmethod
    def of_rows(cls, session: JixiaoSession, rows: list[Inspection]) -> list[InspectionType]:
        """Inspections with their unit and files (two queries)."""
        units = units_by_id(session, {r.unit_id for r in rows})
        files = files_of(session, RecordOwner.INSPECTION, [r.id for r in rows])
        return [
            cls.of(r, units[r.unit_id], [RecordFileType.of(f) for f in files[r.id]]) for r in rows
        ]


@strawberry.type(name="InnovationAward", description="An innovation award application (创新奖).")
class InnovationAwardType(Node):
    id: strawberry.ID = strawberry.field(description="The application's global id.")
    scheme_id: strawberry.ID = strawberry.field(description="The scheme's global id.")
    unit_code: str = strawberry.field(description="The applying unit's code.")
    unit_name: str = strawberry.field(description="The applying unit's name.")
    kind: AwardKind = strawberry.field(description="Collective or individual.")
    kind_label: str = strawberry.field(description="集体 or 个人.")
    title: str = strawberry.field(description="What the innovation is called.")
    applicant: str = strawberry.field(description="The person, for an individual award.")
    description: str = strawberry.field(description="The unit's account of the innovation.")
    status: AwardStatus = strawberry.field(description="Applied, recognised or rejected.")
    points: Decimal | None = strawberry.field(description="Bonus points set at recognition.")
    recognised_by: str | None = strawberry.field(
        description="Who recognised or rejected it (name); null while applied."
    )
    recognised_at: datetime | None = strawberry.field(
        description="When it was recognised or rejected; null while applied."
    )
    note: str = strawberry.field(description="The office's note on its decision; may be empty.")
    adjustment_id: strawberry.ID | None = strawberry.field(
        description="The bonus adjustment it produced, once recognised."
    )
    created_by: str | None = strawberry.field(description="Who entered the application (name).")
    created_at: datetime = strawberry.field(description="When it was applied for.")
    files: list[RecordFileType] = strawberry.field(description="Evidence files (佐证材料).")
    upload_url: str = strawberry.field(description="POST a file here (?name=…) as evidence.")

    @classmethod
    def of(
        cls, row: InnovationAward, unit: Unit, files: list[RecordFileType]
    ) -> InnovationAwardType:
        return cls(
            id=to_global_id("InnovationAward", row.id),
            scheme_id=to_global_id("Scheme", row.scheme_id),
            unit_code=unit.code,
            unit_name=unit.name,
            kind=row.kind,
            kind_label=row.kind.label,
            title=row.title,
            applicant=row.applicant,
            description=row.description,
            status=row.status,
            points=row.points,
            recognised_by=row.recognised_by,
            recognised_at=row.recognised_at,
            note=row.note,
            adjustment_id=_adjustment_gid(row.adjustment_id),
            created_by=row.created_by,
            created_at=row.created_at,
            files=files,
            upload_url=upload_url(RecordOwner.AWARD, row.id),
        )

    @classmethod
    def of_rows(
        cls, session: JixiaoSession, rows: list[InnovationAward]
    ) -> list[InnovationAwardType]:
        """Award applications with their unit and files (two queries)."""
        units = units_by_id(session, {r.unit_id for r in rows})
        files = files_of(session, RecordOwner.AWARD, [r.id for r in rows])
        return [
            cls.of(r, units[r.unit_id], [RecordFileType.of(f) for f in files[r.id]]) for r in rows
        ]


InspectionConnection = Connection[InspectionType]
InnovationAwardConnection = Connection[InnovationAwardType]


@strawberry.type(description="The outcome of a change to an inspection.")
class InspectionPayload:
    inspection: InspectionType | None = strawberry.field(
        default=None, description="The inspection now; null after deletion and on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The outcome of a change to an innovation award application.")
class InnovationAwardPayload:
    award: InnovationAwardType | None = strawberry.field(
        default=None, description="The application now; null after deletion and on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


def owner_of(global_id: str, field: str = "ownerId") -> tuple[RecordOwner, uuid.UUID]:
    """The kind and local id of a record that may hold evidence files, from its global id."""
    for owner, type_name in OWNER_TYPES.items():
        try:
            return owner, from_global_id(global_id, type_name, field=field)
        except InvalidInput:
            continue
    raise InvalidInput(f"{field} 须是加减分、明查暗访或创新奖申报的标识", field=field)


def upload_url(owner: RecordOwner, owner_id: uuid.UUID) -> str:
    return f"{RECORD_FILES}/{to_global_id(OWNER_TYPES[owner], owner_id)}"


def _adjustment_gid(adjustment_id: uuid.UUID | None) -> strawberry.ID | None:
    return to_global_id("Adjustment", adjustment_id) if adjustment_id else None
